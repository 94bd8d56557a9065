/// Evaluates checked rules column-wise over all customers.
///
/// - A comparison, `between` or `in` reading a missing value is unknown; `is missing` is never
///   unknown. `and`, `or` and `not` follow Kleene's three-valued logic (as SQL); a rule selects
///   the customers for whom it is true.
/// - Arithmetic on a missing value gives a missing value; so does division by zero and any result
///   that is not a finite number.
/// - `at_least(n, ...)` is true when at least n conditions are true, false when fewer than n can be
///   (true plus unknown), and unknown otherwise.
public struct RuleEvaluator {
  /// The customers' columns, read on first use.
  let data: any RuleData
  var numberCache: [String: [Double]] = [:]
  var textCache: [String: RuleTextColumn] = [:]
  var segmentCache: [SegmentationReference: [Int32]] = [:]
  var tagCache: [String: [Bool]] = [:]

  /// An evaluator over `data`; columns are read once and reused.
  public init(data: any RuleData) {
    self.data = data
  }

  /// The truth of `rule` for every customer.
  public mutating func truth(_ rule: CompiledRule) throws -> [UInt8] {
    try truth(rule.condition)
  }

  /// Whether `rule` holds (is true) for every customer.
  public mutating func matches(_ rule: CompiledRule) throws -> [Bool] {
    try truth(rule.condition).map { $0 == Truth.yes }
  }

  /// A numeric operand: one value for every customer, or a column.
  enum NumberColumn {
    case constant(Double)
    case values([Double])
  }

  /// A text operand: one string for every customer, or a column.
  enum TextValues {
    case constant(String)
    case column(RuleTextColumn)
  }

  mutating func numbers(_ expression: RuleNumber) throws -> NumberColumn {
    switch expression {
    case .constant(let value): return .constant(value)
    case .field(let name):
      if let cached = numberCache[name] { return .values(cached) }
      let values = try data.numbers(name)
      numberCache[name] = values
      return .values(values)
    case .negate(let inner):
      switch try numbers(inner) {
      case .constant(let value): return .constant(-value)
      case .values(let values): return .values(values.map { -$0 })
      }
    case .arithmetic(let op, let left, let right):
      let a = try numbers(left)
      let b = try numbers(right)
      switch op {
      case .add: return Self.arithmetic(a, b, Add.self)
      case .subtract: return Self.arithmetic(a, b, Subtract.self)
      case .multiply: return Self.arithmetic(a, b, Multiply.self)
      case .divide: return Self.arithmetic(a, b, Divide.self)
      }
    }
  }

  /// `Operation` row by row (constants broadcast), a result that is not finite becoming missing.
  private static func arithmetic<Operation: ValueOperation>(_ a: NumberColumn, _ b: NumberColumn, _: Operation.Type)
    -> NumberColumn
  {
    @inline(__always) func finite(_ x: Double) -> Double { x.isFinite ? x : .nan }
    switch (a, b) {
    case (.constant(let x), .constant(let y)): return .constant(finite(Operation.apply(x, y)))
    case (.values(let xs), .constant(let y)):
      return .values(
        [Double](unsafeUninitializedCapacity: xs.count) { out, count in
          xs.withUnsafeBufferPointer { v in for i in 0..<v.count { out[i] = finite(Operation.apply(v[i], y)) } }
          count = xs.count
        })
    case (.constant(let x), .values(let ys)):
      return .values(
        [Double](unsafeUninitializedCapacity: ys.count) { out, count in
          ys.withUnsafeBufferPointer { v in for i in 0..<v.count { out[i] = finite(Operation.apply(x, v[i])) } }
          count = ys.count
        })
    case (.values(let xs), .values(let ys)):
      return .values(
        [Double](unsafeUninitializedCapacity: xs.count) { out, count in
          xs.withUnsafeBufferPointer { u in
            ys.withUnsafeBufferPointer { v in for i in 0..<u.count { out[i] = finite(Operation.apply(u[i], v[i])) } }
          }
          count = xs.count
        })
    }
  }

  mutating func texts(_ expression: RuleText) throws -> TextValues {
    switch expression {
    case .constant(let text): return .constant(text)
    case .field(let name):
      if let cached = textCache[name] { return .column(cached) }
      let column = try data.texts(name)
      textCache[name] = column
      return .column(column)
    }
  }

  func constantTruth(_ value: UInt8) -> [UInt8] { [UInt8](repeating: value, count: data.rowCount) }

  /// Applies `test` to every row's number (unknown when missing).
  func numberTruth(_ column: NumberColumn, _ test: (Double) -> Bool) -> [UInt8] {
    switch column {
    case .constant(let value):
      return constantTruth(value.isNaN ? Truth.unknown : test(value) ? Truth.yes : Truth.no)
    case .values(let values):
      return values.map { $0.isNaN ? Truth.unknown : test($0) ? Truth.yes : Truth.no }
    }
  }

  /// Every value's truth against `y` under `Test`: unknown where missing (NaN), branch-free and
  /// specialised per operator, so the loop vectorises.
  private static func classify<Test: ValueTest>(_ values: [Double], _ y: Double, _: Test.Type) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: values.count) { out, count in
      values.withUnsafeBufferPointer { v in
        for i in 0..<v.count {
          let x = v[i]
          out[i] = (Test.holds(x, y) ? Truth.yes : Truth.no) | (x.isNaN ? Truth.unknown : Truth.no)
        }
      }
      count = values.count
    }
  }

  /// Every row compared with a constant, the operator chosen once for the whole column.
  private static func compare(_ values: [Double], _ op: ComparisonOperator, _ y: Double, constantFirst: Bool)
    -> [UInt8]
  {
    switch (op, constantFirst) {
    case (.equal, _): return classify(values, y, Equal.self)
    case (.notEqual, _): return classify(values, y, NotEqual.self)
    case (.less, false), (.greater, true): return classify(values, y, Less.self)
    case (.lessOrEqual, false), (.greaterOrEqual, true): return classify(values, y, LessOrEqual.self)
    case (.greater, false), (.less, true): return classify(values, y, Greater.self)
    case (.greaterOrEqual, false), (.lessOrEqual, true): return classify(values, y, GreaterOrEqual.self)
    }
  }

  /// Combines `next` into `result` lane by lane.
  @inline(__always)
  static func combine(_ result: inout [UInt8], _ next: [UInt8], _ operation: (UInt8, UInt8) -> UInt8) {
    result.withUnsafeMutableBufferPointer { r in
      next.withUnsafeBufferPointer { n in
        for i in 0..<r.count { r[i] = operation(r[i], n[i]) }
      }
    }
  }

  mutating func truth(_ condition: RuleCondition) throws -> [UInt8] {
    let rows = data.rowCount
    switch condition {
    case .constant(let value):
      return constantTruth(value ? Truth.yes : Truth.no)
    case .field(let name):
      return numberTruth(try numbers(.field(name))) { $0 != 0 }
    case .tag(let name):
      let tagged: [Bool]
      if let cached = tagCache[name] {
        tagged = cached
      } else {
        tagged = try data.tag(name)
        tagCache[name] = tagged
      }
      return tagged.map { $0 ? Truth.yes : Truth.no }
    case .numbers(let op, let left, let right):
      let a = try numbers(left)
      let b = try numbers(right)
      switch (a, b) {
      case (.constant(let x), .constant(let y)):
        if x.isNaN || y.isNaN { return constantTruth(Truth.unknown) }
        return constantTruth(op.holds(x, y) ? Truth.yes : Truth.no)
      case (.values(let xs), .constant(let y)):
        if y.isNaN { return constantTruth(Truth.unknown) }
        return Self.compare(xs, op, y, constantFirst: false)
      case (.constant(let x), .values(let ys)):
        if x.isNaN { return constantTruth(Truth.unknown) }
        return Self.compare(ys, op, x, constantFirst: true)
      case (.values(let xs), .values(let ys)):
        var result = [UInt8](repeating: Truth.unknown, count: rows)
        for row in 0..<rows where !xs[row].isNaN && !ys[row].isNaN {
          result[row] = op.holds(xs[row], ys[row]) ? Truth.yes : Truth.no
        }
        return result
      }
    case .between(let value, let low, let high):
      return try truth(.and([.numbers(.greaterOrEqual, value, low), .numbers(.lessOrEqual, value, high)]))
    case .numberIn(let value, let list, let negated):
      let set = Set(list)
      return numberTruth(try numbers(value)) { set.contains($0) != negated }
    case .texts(let equal, let left, let right):
      return textEquality(try texts(left), try texts(right), equal: equal)
    case .textIn(let value, let list, let negated):
      switch try texts(value) {
      case .constant(let text):
        return constantTruth(list.contains(text) != negated ? Truth.yes : Truth.no)
      case .column(let column):
        // Truth by code, with unknown for missing (code −1) at index 0.
        let members = [Truth.unknown] + column.values.map { list.contains($0) != negated ? Truth.yes : Truth.no }
        return [UInt8](unsafeUninitializedCapacity: column.codes.count) { out, count in
          members.withUnsafeBufferPointer { m in
            column.codes.withUnsafeBufferPointer { codes in
              for i in 0..<codes.count { out[i] = m[Int(max(codes[i], -1)) &+ 1] }
            }
          }
          count = column.codes.count
        }
      }
    case .conditions(let equal, let left, let right):
      let a = try truth(left)
      let b = try truth(right)
      var result = [UInt8](repeating: Truth.unknown, count: rows)
      for row in 0..<rows where a[row] != Truth.unknown && b[row] != Truth.unknown {
        result[row] = (a[row] == b[row]) == equal ? Truth.yes : Truth.no
      }
      return result
    case .segmentIn(let name, let ids, let negated):
      let segments = try segmentColumn(name)
      let set = Set(ids.map(Int32.init))
      return segments.map { $0 == 0 ? Truth.unknown : set.contains($0) != negated ? Truth.yes : Truth.no }
    case .missing(let operand, let negated):
      let missing: [Bool]
      switch operand {
      case .number(let number):
        switch try numbers(number) {
        case .constant(let value): missing = [Bool](repeating: value.isNaN, count: rows)
        case .values(let values): missing = values.map(\.isNaN)
        }
      case .text(let text):
        switch try texts(text) {
        case .constant: missing = [Bool](repeating: false, count: rows)
        case .column(let column): missing = column.codes.map { $0 < 0 }
        }
      case .condition(let inner):
        missing = try truth(inner).map { $0 == Truth.unknown }
      case .segment(let name):
        missing = try segmentColumn(name).map { $0 == 0 }
      }
      return missing.map { $0 != negated ? Truth.yes : Truth.no }
    case .not(let inner):
      var result = try truth(inner)
      result.withUnsafeMutableBufferPointer { r in
        for i in 0..<r.count { r[i] = Truth.yes &- r[i] }
      }
      return result
    case .and(let terms):
      var result = try truth(terms[0])
      for term in terms.dropFirst() { Self.combine(&result, try truth(term)) { min($0, $1) } }
      return result
    case .or(let terms):
      var result = try truth(terms[0])
      for term in terms.dropFirst() { Self.combine(&result, try truth(term)) { max($0, $1) } }
      return result
    case .atLeast(let count, let terms):
      // Per row, twice the true conditions plus the unknown ones (yes = 2, unknown = 1), and the
      // true ones alone.
      var weighted = [UInt32](repeating: 0, count: rows)
      var trues = [UInt32](repeating: 0, count: rows)
      for term in terms {
        let next = try truth(term)
        weighted.withUnsafeMutableBufferPointer { w in
          trues.withUnsafeMutableBufferPointer { t in
            next.withUnsafeBufferPointer { n in
              for i in 0..<n.count {
                w[i] &+= UInt32(n[i])
                t[i] &+= UInt32(n[i] >> 1)
              }
            }
          }
        }
      }
      let needed = UInt32(count)
      return [UInt8](unsafeUninitializedCapacity: rows) { out, initialized in
        for i in 0..<rows {
          let possible = weighted[i] &- trues[i]  // trues + unknowns
          out[i] = trues[i] >= needed ? Truth.yes : possible < needed ? Truth.no : Truth.unknown
        }
        initialized = rows
      }
    }
  }

  mutating func segmentColumn(_ reference: SegmentationReference) throws -> [Int32] {
    if let cached = segmentCache[reference] { return cached }
    let segments = try reference.previous ? data.previousSegments(reference.name) : data.segments(reference.name)
    segmentCache[reference] = segments
    return segments
  }

  func textEquality(_ a: TextValues, _ b: TextValues, equal: Bool) -> [UInt8] {
    switch (a, b) {
    case (.constant(let x), .constant(let y)):
      return constantTruth((x == y) == equal ? Truth.yes : Truth.no)
    case (.column(let column), .constant(let text)), (.constant(let text), .column(let column)):
      let code = column.values.firstIndex(of: text).map(Int32.init) ?? -2
      return column.codes.map { $0 < 0 ? Truth.unknown : ($0 == code) == equal ? Truth.yes : Truth.no }
    case (.column(let x), .column(let y)):
      // Map y's codes into x's: equal strings get equal codes.
      let index = Dictionary(x.values.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
      let mapped = y.values.map { index[$0] ?? -2 }
      return (0..<x.codes.count).map { row in
        let (p, q) = (x.codes[row], y.codes[row])
        guard p >= 0, q >= 0 else { return Truth.unknown }
        return (p == mapped[Int(q)]) == equal ? Truth.yes : Truth.no
      }
    }
  }
}

/// A comparison of two numbers, as a type so that loops over columns are specialised per operator.
private protocol ValueTest { static func holds(_ x: Double, _ y: Double) -> Bool }
private enum Equal: ValueTest { @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { x == y } }
private enum NotEqual: ValueTest {
  @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { !x.isNaN && x != y }
}
private enum Less: ValueTest { @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { x < y } }
private enum LessOrEqual: ValueTest { @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { x <= y } }
private enum Greater: ValueTest { @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { x > y } }
private enum GreaterOrEqual: ValueTest {
  @inline(__always) static func holds(_ x: Double, _ y: Double) -> Bool { x >= y }
}

/// An arithmetic operation, as a type for the same reason.
private protocol ValueOperation { static func apply(_ x: Double, _ y: Double) -> Double }
private enum Add: ValueOperation { @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x + y } }
private enum Subtract: ValueOperation {
  @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x - y }
}
private enum Multiply: ValueOperation {
  @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { x * y }
}
/// x / 0 is missing (then any result that is not a finite number is).
private enum Divide: ValueOperation {
  @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double { y == 0 ? .nan : x / y }
}
