/// Resolves names and checks types.
struct RuleChecker {
  enum Checked {
    case number(RuleNumber)
    case date(RuleNumber)
    case text(RuleText)
    case condition(RuleCondition)
    case segment(SegmentationReference)

    var kind: String {
      switch self {
      case .number: return "a number"
      case .date: return "a date"
      case .text: return "text"
      case .condition: return "a condition"
      case .segment: return "a segment"
      }
    }
  }

  let schema: RuleSchema
  let rule: String
  var usedFields: [String: RuleFieldType] = [:]
  var usedSegmentations: Set<String> = []
  var usedTags: Set<String> = []

  init(schema: RuleSchema, rule: String) {
    self.schema = schema
    self.rule = rule
  }

  func typeError(_ node: RuleNode, _ message: String) -> RuleError {
    RuleError(.type, at: node.position, message, rule: rule)
  }

  mutating func check(_ node: RuleNode) throws(RuleError) -> Checked {
    switch node.syntax {
    case .number(let value): return .number(.constant(value))
    case .text(let text): return .text(.constant(text))
    case .boolean(let value): return .condition(.constant(value))
    case .name(let name):
      guard let type = schema.fields[name] else {
        if schema.personalFields.contains(name) {
          throw RuleError(
            .unknownName, at: node.position,
            "'\(name)' holds personal data, which rules never read (it may only appear in audited exports)",
            rule: rule)
        }
        throw RuleError(
          .unknownName, at: node.position,
          "unknown field '\(name)'\(Self.suggestion(for: name, among: Array(schema.fields.keys)))", rule: rule)
      }
      usedFields[name] = type
      switch type {
      case .number: return .number(.field(name))
      case .boolean: return .condition(.field(name))
      case .text: return .text(.field(name))
      case .date: return .date(.field(name))
      }
    case .segment(let reference):
      let name = reference.name
      guard schema.segmentations[name] != nil else {
        throw RuleError(
          .unknownName, at: node.position,
          "unknown segmentation '\(name)'\(Self.suggestion(for: name, among: Array(schema.segmentations.keys)))",
          rule: rule)
      }
      if reference.previous && schema.previousSegmentations[name] == nil {
        throw RuleError(
          .unknownName, at: node.position,
          "segmentation '\(name)' has one version, so no previous assignment; refresh it on a new period "
            + "(segmenta segment refresh \(name) --period LABEL) to compare with it", rule: rule)
      }
      usedSegmentations.insert(name)
      return .segment(reference)
    case .tag(let name):
      guard schema.tags.contains(name) else {
        throw RuleError(
          .unknownName, at: node.position,
          "unknown tag '\(name)'\(Self.suggestion(for: name, among: Array(schema.tags)))",
          rule: rule)
      }
      usedTags.insert(name)
      return .condition(.tag(name))
    case .atLeast(let count, let nodes):
      var conditions: [RuleCondition] = []
      for item in nodes { conditions.append(try condition(item, "at_least counts conditions")) }
      guard count <= conditions.count else {
        throw typeError(node, "at_least(\(count), ...) has only \(conditions.count) conditions, so it can never hold")
      }
      return .condition(.atLeast(count, conditions))
    case .negate(let inner):
      return .number(.negate(try number(inner, "'-' applies to numbers")))
    case .not(let inner):
      return .condition(.not(try condition(inner, "'not' applies to conditions")))
    case .arithmetic(let op, let left, let right):
      let what = "'\(op.rawValue)' applies to numbers"
      return .number(.arithmetic(op, try number(left, what), try number(right, what)))
    case .and(let nodes):
      var conditions: [RuleCondition] = []
      for item in nodes { conditions.append(try condition(item, "'and' joins conditions")) }
      return .condition(.and(conditions))
    case .or(let nodes):
      var conditions: [RuleCondition] = []
      for item in nodes { conditions.append(try condition(item, "'or' joins conditions")) }
      return .condition(.or(conditions))
    case .comparison(let op, let leftNode, let rightNode):
      return .condition(try comparison(op, leftNode, rightNode, at: node))
    case .between(let valueNode, let lowNode, let highNode):
      let value = try check(valueNode)
      switch value {
      case .number(let number):
        return .condition(
          .between(
            number, try self.number(lowNode, "the bounds of 'between' must be numbers here"),
            try self.number(highNode, "the bounds of 'between' must be numbers here")))
      case .date(let date):
        return .condition(.between(date, try dateBound(lowNode), try dateBound(highNode)))
      default:
        throw typeError(valueNode, "'between' applies to numbers and dates, but this is \(value.kind)")
      }
    case .inList(let valueNode, let items, let negated):
      return .condition(try membership(valueNode, items, negated: negated))
    case .missing(let valueNode, let negated):
      let operand: RuleOperand
      switch try check(valueNode) {
      case .number(let number), .date(let number): operand = .number(number)
      case .text(let text): operand = .text(text)
      case .condition(let condition): operand = .condition(condition)
      case .segment(let reference): operand = .segment(reference)
      }
      return .condition(.missing(operand, negated: negated))
    }
  }

  mutating func number(_ node: RuleNode, _ what: String) throws(RuleError) -> RuleNumber {
    let checked = try check(node)
    guard case .number(let number) = checked else { throw typeError(node, "\(what), but this is \(checked.kind)") }
    return number
  }

  mutating func condition(_ node: RuleNode, _ what: String) throws(RuleError) -> RuleCondition {
    let checked = try check(node)
    guard case .condition(let condition) = checked else {
      throw typeError(node, "\(what), but this is \(checked.kind); compare it, e.g. with > or =")
    }
    return condition
  }

  /// A date bound: a date field or a "YYYY-MM-DD" string.
  mutating func dateBound(_ node: RuleNode) throws(RuleError) -> RuleNumber {
    let checked = try check(node)
    switch checked {
    case .date(let date): return date
    case .text(.constant(let text)):
      guard let day = ValueParser.withBytes(of: text, { ValueParser.parseDate($0) }) else {
        throw typeError(node, "expected a date written \"YYYY-MM-DD\", found \"\(text)\"")
      }
      return .constant(Double(day))
    default:
      throw typeError(
        node, "a date is compared with a date field or a \"YYYY-MM-DD\" string, but this is \(checked.kind)")
    }
  }

  mutating func comparison(_ op: ComparisonOperator, _ leftNode: RuleNode, _ rightNode: RuleNode, at node: RuleNode)
    throws(RuleError) -> RuleCondition
  {
    let left = try check(leftNode)
    let right = try check(rightNode)
    let equality = op == .equal || op == .notEqual
    switch (left, right) {
    case (.number(let a), .number(let b)):
      return .numbers(op, a, b)
    case (.date(let a), _):
      return .numbers(op, a, try dateBound(rightNode))
    case (_, .date(let b)):
      return .numbers(op, try dateBound(leftNode), b)
    case (.text(let a), .text(let b)):
      guard equality else { throw typeError(node, "text is compared with = or != only, not '\(op.symbol)'") }
      return .texts(equal: op == .equal, a, b)
    case (.condition(let a), .condition(let b)):
      guard equality else { throw typeError(node, "conditions are compared with = or != only, not '\(op.symbol)'") }
      return .conditions(equal: op == .equal, a, b)
    case (.segment(let name), _):
      guard equality else { throw typeError(node, "a segment is compared with = or != only, not '\(op.symbol)'") }
      return .segmentIn(name, [try segmentID(name, rightNode)], negated: op == .notEqual)
    case (_, .segment(let name)):
      guard equality else { throw typeError(node, "a segment is compared with = or != only, not '\(op.symbol)'") }
      return .segmentIn(name, [try segmentID(name, leftNode)], negated: op == .notEqual)
    default:
      throw typeError(node, "cannot compare \(left.kind) with \(right.kind)")
    }
  }

  mutating func membership(_ valueNode: RuleNode, _ items: [RuleNode], negated: Bool) throws(RuleError) -> RuleCondition
  {
    let value = try check(valueNode)
    switch value {
    case .number(let number):
      var values: [Double] = []
      for item in items {
        guard case .number(let x) = item.syntax else {
          throw typeError(item, "the list holds numbers here, but this is not one")
        }
        values.append(x)
      }
      return .numberIn(number, values, negated: negated)
    case .date(let date):
      var values: [Double] = []
      for item in items {
        guard case .constant(let day) = try dateBound(item) else { continue }
        values.append(day)
      }
      return .numberIn(date, values, negated: negated)
    case .text(let text):
      var values: [String] = []
      for item in items {
        guard case .text(let x) = item.syntax else {
          throw typeError(item, "the list holds text here, but this is not a string")
        }
        values.append(x)
      }
      return .textIn(text, values, negated: negated)
    case .segment(let name):
      var ids: [Int] = []
      for item in items { ids.append(try segmentID(name, item)) }
      return .segmentIn(name, ids, negated: negated)
    case .condition:
      throw typeError(valueNode, "'in' applies to numbers, dates, text and segments, but this is a condition")
    }
  }

  /// The id a segment literal names: its number, or one of its names.
  func segmentID(_ reference: SegmentationReference, _ node: RuleNode) throws(RuleError) -> Int {
    let segmentation = reference.name
    let segments =
      (reference.previous ? schema.previousSegmentations[segmentation] : schema.segmentations[segmentation]) ?? []
    let listing = segments.map { "\($0.id) \($0.names.first.map { "(\($0))" } ?? "")" }.joined(separator: ", ")
    switch node.syntax {
    case .number(let value):
      guard let segment = segments.first(where: { Double($0.id) == value }) else {
        throw RuleError(
          .unknownName, at: node.position,
          "segmentation '\(segmentation)'\(reference.previous ? " (previous)" : "") has no segment \(RuleLexer.format(value)); its segments: \(listing)",
          rule: rule)
      }
      return segment.id
    case .text(let text):
      guard let segment = segments.first(where: { $0.names.contains(text) || "\($0.id)" == text }) else {
        throw RuleError(
          .unknownName, at: node.position,
          "segmentation '\(segmentation)'\(reference.previous ? " (previous)" : "") has no segment named "
            + "\"\(text)\"; its segments: \(listing)", rule: rule)
      }
      return segment.id
    default:
      throw typeError(node, "a segment is named by its number or its name in quotes")
    }
  }

  /// ", did you mean 'x'?" for a close name, else "".
  static func suggestion(for name: String, among names: [String]) -> String {
    let lower = name.lowercased()
    let scored = names.map { ($0, editDistance(lower, $0.lowercased())) }.filter { $0.1 <= max(1, name.count / 3) }
    guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else {
      return names.isEmpty ? " (there are none)" : ""
    }
    return "; did you mean '\(best.0)'?"
  }

  static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a)
    let y = Array(b)
    if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
    var previous = Array(0...y.count)
    var current = previous
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}
