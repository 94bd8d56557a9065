@testable import SegmentaCore

/// Random columns x, y (numbers), is_b (boolean), t, u (text), s (segments) and g (tag), each
/// with missing values.
func randomData(rows: Int, using rng: inout SplitMix64) -> TableData {
  var data = TableData(rowCount: rows)
  func number(_ rng: inout SplitMix64) -> Double { rng.next() % 5 == 0 ? .nan : Double(Int(rng.next() % 7) - 3) }
  data.numberColumns["x"] = (0..<rows).map { _ in number(&rng) }
  data.numberColumns["y"] = (0..<rows).map { _ in number(&rng) }
  data.numberColumns["is_b"] = (0..<rows).map { _ in rng.next() % 4 == 0 ? .nan : Double(rng.next() % 2) }
  data.textColumns["t"] = (0..<rows).map { _ in ["p", "q", "r", nil][Int(rng.next() % 4)] }
  data.textColumns["u"] = (0..<rows).map { _ in ["p", "q", nil][Int(rng.next() % 3)] }
  data.segmentColumns["s"] = (0..<rows).map { _ in Int32(rng.next() % 4) }
  data.tagColumns["g"] = (0..<rows).map { _ in rng.next() % 2 == 0 }
  return data
}

/// A random numeric expression over x and y.
func randomNumber(depth: Int, using rng: inout SplitMix64) -> String {
  let choice = depth > 2 ? rng.next() % 3 : rng.next() % 6
  switch choice {
  case 0: return "x"
  case 1: return "y"
  case 2: return String(Int(rng.next() % 7) - 3)
  case 3: return "-" + randomNumber(depth: depth + 1, using: &rng)
  default:
    let op = ["+", "-", "*", "/"][Int(rng.next() % 4)]
    return "(\(randomNumber(depth: depth + 1, using: &rng)) \(op) \(randomNumber(depth: depth + 1, using: &rng)))"
  }
}

/// A random condition over the columns of ``randomData(rows:using:)``, nested up to four levels.
func randomCondition(depth: Int, using rng: inout SplitMix64) -> String {
  let leaf = depth > 3
  switch rng.next() % (leaf ? 9 : 13) {
  case 0:
    let op = ["=", "!=", "<", "<=", ">", ">="][Int(rng.next() % 6)]
    return "\(randomNumber(depth: 0, using: &rng)) \(op) \(randomNumber(depth: 0, using: &rng))"
  case 1: return "x between \(Int(rng.next() % 5) - 3) and \(randomNumber(depth: 1, using: &rng))"
  case 2: return "y \(rng.next() % 2 == 0 ? "in" : "not in") [\(Int(rng.next() % 5) - 2), \(Int(rng.next() % 5) - 2)]"
  case 3:
    return ["t = \"p\"", "t != \"q\"", "t = u", "u != t", "t in [\"p\", \"r\"]", "u not in [\"q\"]"][
      Int(rng.next() % 6)]
  case 4: return ["is_b", "is_b = true", "is_b != false", "is_b = (x > 0)"][Int(rng.next() % 4)]
  case 5:
    return ["segment(s) = 1", "segment(s) != \"Youth\"", "segment(s) in [1, \"C3\"]", "segment(s) not in [2]"][
      Int(rng.next() % 4)]
  case 6: return ["tag(g)", "not tag(g)"][Int(rng.next() % 2)]
  case 7:
    return ["x", "y", "t", "is_b", "segment(s)", "(x / y)"][Int(rng.next() % 6)]
      + (rng.next() % 2 == 0 ? " is missing" : " is not missing")
  case 8: return ["true", "false"][Int(rng.next() % 2)]
  case 9: return "not " + randomCondition(depth: depth + 1, using: &rng)
  case 10:
    let terms = (0..<(2 + Int(rng.next() % 3))).map { _ in randomCondition(depth: depth + 1, using: &rng) }
    return "(" + terms.joined(separator: rng.next() % 2 == 0 ? " and " : " or ") + ")"
  case 11:
    let terms = (0..<(1 + Int(rng.next() % 4))).map { _ in randomCondition(depth: depth + 1, using: &rng) }
    return "at_least(\(Int(rng.next() % UInt64(terms.count + 1))), \(terms.joined(separator: ", ")))"
  default:
    return "(" + randomCondition(depth: depth + 1, using: &rng) + ")"
  }
}

/// Row-by-row evaluation with optionals: nil is unknown (or missing).
func reference(_ condition: RuleCondition, _ data: TableData, _ row: Int) -> Bool? {
  func number(_ expression: RuleNumber) -> Double? {
    switch expression {
    case .constant(let value): return value
    case .field(let name):
      guard let value = data.numberColumns[name]?[row], !value.isNaN else { return nil }
      return value
    case .negate(let inner): return number(inner).map { -$0 }
    case .arithmetic(let op, let a, let b):
      guard let x = number(a), let y = number(b) else { return nil }
      let result: Double
      switch op {
      case .add: result = x + y
      case .subtract: result = x - y
      case .multiply: result = x * y
      case .divide:
        guard y != 0 else { return nil }
        result = x / y
      }
      return result.isFinite ? result : nil
    }
  }
  func text(_ expression: RuleText) -> String? {
    switch expression {
    case .constant(let value): return value
    case .field(let name): return data.textColumns[name]?[row] ?? nil
    }
  }
  func segment(_ name: String) -> Int? {
    guard let id = data.segmentColumns[name]?[row], id != 0 else { return nil }
    return Int(id)
  }
  switch condition {
  case .constant(let value): return value
  case .field(let name): return number(.field(name)).map { $0 != 0 }
  case .tag(let name): return data.tagColumns[name]?[row]
  case .numbers(let op, let a, let b):
    guard let x = number(a), let y = number(b) else { return nil }
    return op.holds(x, y)
  case .texts(let equal, let a, let b):
    guard let x = text(a), let y = text(b) else { return nil }
    return (x == y) == equal
  case .conditions(let equal, let a, let b):
    guard let x = reference(a, data, row), let y = reference(b, data, row) else { return nil }
    return (x == y) == equal
  case .between(let value, let low, let high):
    return reference(.and([.numbers(.greaterOrEqual, value, low), .numbers(.lessOrEqual, value, high)]), data, row)
  case .numberIn(let value, let list, let negated):
    return number(value).map { list.contains($0) != negated }
  case .textIn(let value, let list, let negated):
    return text(value).map { list.contains($0) != negated }
  case .segmentIn(let name, let ids, let negated):
    return segment(name.name).map { ids.contains($0) != negated }
  case .missing(let operand, let negated):
    let missing: Bool
    switch operand {
    case .number(let expression): missing = number(expression) == nil
    case .text(let expression): missing = text(expression) == nil
    case .condition(let inner): missing = reference(inner, data, row) == nil
    case .segment(let name): missing = segment(name.name) == nil
    }
    return missing != negated
  case .not(let inner): return reference(inner, data, row).map { !$0 }
  case .and(let terms):
    let values = terms.map { reference($0, data, row) }
    if values.contains(false) { return false }
    return values.contains(nil) ? nil : true
  case .or(let terms):
    let values = terms.map { reference($0, data, row) }
    if values.contains(true) { return true }
    return values.contains(nil) ? nil : false
  case .atLeast(let count, let terms):
    let values = terms.map { reference($0, data, row) }
    let trues = values.filter { $0 == true }.count
    let unknowns = values.filter { $0 == nil }.count
    if trues >= count { return true }
    return trues + unknowns < count ? false : nil
  }
}
