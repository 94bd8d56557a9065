import PropertyBased
import Testing

@testable import SegmentaCore

/// Rule data held in memory.
struct TableData: RuleData {
  var rowCount: Int
  var numberColumns: [String: [Double]] = [:]
  var textColumns: [String: [String?]] = [:]
  var segmentColumns: [String: [Int32]] = [:]
  var tagColumns: [String: [Bool]] = [:]

  func numbers(_ field: String) throws -> [Double] { numberColumns[field]! }
  func texts(_ field: String) throws -> RuleTextColumn { RuleTextColumn(textColumns[field]!) }
  func segments(_ segmentation: String) throws -> [Int32] { segmentColumns[segmentation]! }
  func tag(_ name: String) throws -> [Bool] { tagColumns[name]! }

  var schema: RuleSchema {
    var fields: [String: RuleFieldType] = [:]
    for name in numberColumns.keys {
      fields[name] = name.hasPrefix("is_") ? .boolean : name.hasSuffix("_date") ? .date : .number
    }
    for name in textColumns.keys { fields[name] = .text }
    return RuleSchema(
      fields: fields,
      segmentations: segmentColumns.mapValues { _ in
        [
          RuleSchema.Segment(id: 1, names: ["商务", "Business"]), RuleSchema.Segment(id: 2, names: ["Youth"]),
          RuleSchema.Segment(id: 3, names: ["C3"]),
        ]
      }, tags: Set(tagColumns.keys))
  }
}

/// Five customers; NaN and nil are missing.
let sample: TableData = {
  let nan = Double.nan
  var data = TableData(rowCount: 5)
  data.numberColumns = [
    "arpu": [50, 120, nan, 300, 0],
    "minutes": [10, 0, 5, nan, 40],
    "is_vip": [1, 0, nan, 1, 0],
    "start_date": [19723, 19800, nan, 19000, 19724],  // 2024-01-01, 2024-03-18, –, 2022-01-08, 2024-01-02
  ]
  data.textColumns = ["city": ["北京", "上海", nil, "北京", "深圳"], "home_city": ["北京", "广州", "广州", nil, "深圳"]]
  data.segmentColumns = ["usage": [1, 2, 3, 0, 1]]
  data.tagColumns = ["stock_investor": [true, false, false, true, false]]
  return data
}()

func evaluate(_ rule: String, _ data: TableData = sample) throws -> [UInt8] {
  var evaluator = RuleEvaluator(data: data)
  return try evaluator.truth(CompiledRule(rule, schema: data.schema))
}

/// Rows where the rule is true, false and unknown, as strings of y/n/?.
func truths(_ rule: String, _ data: TableData = sample) throws -> String {
  String(try evaluate(rule, data).map { $0 == Truth.yes ? "y" : $0 == Truth.no ? "n" : "?" })
}

func ruleError(_ rule: String, _ data: TableData = sample) -> RuleError? {
  do {
    _ = try CompiledRule(rule, schema: data.schema)
    return nil
  } catch {
    return error
  }
}

@Suite("Rule language")
struct RuleTests {
  @Test(
    "comparisons, arithmetic and missing values",
    arguments: [
      ("arpu > 100", "ny?yn"), ("arpu >= 120", "ny?yn"), ("arpu < 100", "yn?ny"), ("arpu <= 50", "yn?ny"),
      ("arpu = 0", "nn?ny"), ("arpu != 0", "yy?yn"), ("arpu <> 0", "yy?yn"), ("arpu == 50", "yn?nn"),
      ("arpu / minutes > 4", "y???n"),  // 120 / 0 is missing
      ("arpu + minutes * 2 = 70", "yn??n"), ("(arpu + minutes) * 2 = 120", "yn??n"), ("-arpu < -100", "ny?yn"),
      ("arpu - -10 = 60", "yn?nn"), ("arpu / 0 is missing", "yyyyy"), ("1.5e2 > arpu", "yy?ny"),
      ("arpu between 50 and 120", "yy?nn"), ("arpu in [0, 300]", "nn?yy"), ("arpu not in [0, 300]", "yy?nn"),
      ("arpu is missing", "nnynn"), ("arpu is not missing", "yynyy"), ("minutes > arpu", "nn??y"),
    ])
  func numbers(_ rule: String, _ expected: String) throws {
    let actual = try truths(rule)
    #expect(actual == expected, "\(rule) gave \(actual)")
  }

  @Test(
    "text, booleans, dates, segments and tags",
    arguments: [
      ("city = \"北京\"", "yn?yn"), ("city != \"北京\"", "ny?ny"), ("city in [\"上海\", \"深圳\"]", "ny?ny"),
      ("city not in [\"上海\"]", "yn?yy"), ("city is missing", "nnynn"), ("city = home_city", "yn??y"),
      ("city != home_city", "ny??n"), ("\"a\" = \"a\"", "yyyyy"), ("is_vip", "yn?yn"), ("is_vip = true", "yn?yn"),
      ("not is_vip", "ny?ny"), ("is_vip = false", "ny?ny"), ("start_date >= \"2024-01-01\"", "yy?ny"),
      ("start_date between \"2024-01-01\" and \"2024-01-31\"", "yn?ny"), ("start_date < \"20240101\"", "nn?yn"),
      ("segment(usage) = 1", "ynn?y"), ("segment(usage) = \"商务\"", "ynn?y"), ("segment(usage) = \"C3\"", "nny?n"),
      ("segment(\"usage\") != \"Youth\"", "yny?y"), ("segment(usage) in [2, \"C3\"]", "nyy?n"),
      ("segment(usage) is missing", "nnnyn"), ("tag(\"stock_investor\")", "ynnyn"), ("tag(stock_investor)", "ynnyn"),
    ])
  func otherTypes(_ rule: String, _ expected: String) throws {
    let actual = try truths(rule)
    #expect(actual == expected, "\(rule) gave \(actual)")
  }

  @Test(
    "and, or, not and at_least follow three-valued logic",
    arguments: [
      ("arpu > 100 and minutes > 1", "nn??n"), ("arpu > 100 or minutes > 1", "yyyyy"),
      ("arpu > 100 and minutes > 1 or is_vip", "yn?yn"), ("arpu > 100 and (minutes > 1 or is_vip)", "nn?yn"),
      ("not arpu > 100", "yn?ny"), ("not not arpu > 100", "ny?yn"), ("NOT (arpu > 100 OR city = \"北京\")", "nn?ny"),
      ("arpu is missing or arpu > 100", "nyyyn"), ("true and false", "nnnnn"), ("true or arpu > 1", "yyyyy"),
      ("at_least(2, arpu > 40, minutes > 5, city = \"北京\")", "yn?yn"),
      ("at_least(1, arpu > 1000, minutes > 1000)", "nn??n"), ("at_least(0, arpu > 1000)", "yyyyy"),
      ("at_least(3, arpu >= 0, minutes >= 0, is_vip is missing)", "nn?nn"),
      ("at_least(2, arpu >= 0, minutes >= 0, is_vip is missing)", "yyy?y"),
    ])
  func logic(_ rule: String, _ expected: String) throws {
    let actual = try truths(rule)
    #expect(actual == expected, "\(rule) gave \(actual)")
  }

  @Test(
    "syntax errors point at the problem and say what was expected",
    arguments: [
      ("arpu >", 6, "ends too early"), ("arpu > > 3", 7, "expected a value"), ("(arpu > 3", 9, "')'"),
      ("arpu > 3)", 8, "expected 'and', 'or'"), ("arpu between 1 or 2", 15, "expected 'and' between"),
      ("city in [\"a\",]", 13, "expected a value"), ("city in []", 9, "empty"), ("arpu is nothing", 8, "'missing'"),
      ("\"open", 0, "not closed"), ("", 0, "empty"), ("foo(1)", 0, "unknown function"), ("arpu >= 3 3", 10, "expected"),
      ("12abc > 1", 2, "cannot run into a name"), ("arpu ! 3", 5, "'not'"), ("city = 'x'", 7, "double quotes"),
    ])
  func syntaxErrors(_ rule: String, _ position: Int, _ words: String) {
    let error = ruleError(rule)
    #expect(error?.kind == .syntax, "\(rule)")
    #expect(error?.position == position, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.message.contains(words) == true, "\(rule): \(error?.message ?? "no error")")
  }

  @Test("the caret sits under the problem, wide characters counted twice")
  func caret() {
    let error = ruleError("city = \"北京\" and arpu >")!
    let caret = "  " + String(repeating: " ", count: 24) + "^"
    #expect(
      error.description
        == "column 23: the rule ends too early: expected a value, a field or '('\n  city = \"北京\" and arpu >\n" + caret)
    let unknown = ruleError("arpu > 1 and 城市 = \"x\"")!
    #expect(unknown.kind == .unknownName)
    #expect(unknown.description.hasSuffix("\n  arpu > 1 and 城市 = \"x\"\n               ^"))
  }

  @Test(
    "unknown names and type mismatches",
    arguments: [
      ("arpuu > 1", RuleError.Kind.unknownName, 0, "did you mean 'arpu'"),
      ("segment(usag) = 1", .unknownName, 0, "did you mean 'usage'"),
      ("segment(usage) = 9", .unknownName, 17, "no segment 9"),
      ("segment(usage) = \"C9\"", .unknownName, 17, "no segment named"),
      ("tag(\"stock\") ", .unknownName, 0, "unknown tag"),
      ("city > \"a\"", .type, 5, "= or != only"), ("arpu = \"x\"", .type, 5, "cannot compare a number with text"),
      ("arpu + city > 1", .type, 7, "applies to numbers"), ("arpu", .type, 0, "must be a condition"),
      ("arpu > 1 and minutes", .type, 13, "'and' joins conditions"), ("not arpu", .type, 4, "'not' applies"),
      ("start_date > \"soon\"", .type, 13, "YYYY-MM-DD"), ("city between 1 and 2", .type, 0, "'between' applies"),
      ("arpu in [\"a\"]", .type, 9, "numbers"), ("at_least(3, arpu > 1, minutes > 1)", .type, 0, "never hold"),
      ("segment(usage) > 1", .type, 15, "= or != only"), ("-city = 1", .type, 1, "'-' applies"),
    ])
  func namesAndTypes(_ rule: String, _ kind: RuleError.Kind, _ position: Int, _ words: String) {
    let error = ruleError(rule)
    #expect(error?.kind == kind, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.position == position, "\(rule): \(error?.description ?? "no error")")
    #expect(error?.message.contains(words) == true, "\(rule): \(error?.message ?? "no error")")
  }

  @Test(
    "injection attempts are ordinary syntax errors",
    arguments: [
      "x\" OR 1=1--", "${jndi:ldap://evil/a}", "script::Runtime", "a); DROP TABLE customers",
      "arpu > 1; DELETE FROM customer", "arpu > 1 /* x */", "{{7*7}}", "__import__('os')", "arpu > 1 || true",
      "arpu > 1 && true", "@@version", "arpu > 1 # x", "load_file(\"/etc/passwd\")", "\"\\x41\"", "arpu > 0x10",
      "arpu > 1 -- comment", "`; rm -rf /`",
    ])
  func injections(_ rule: String) {
    let error = ruleError(rule)
    // `--` reads as two minus signs and a quoted name is only a name: both fail as unknown fields.
    let expected: RuleError.Kind = rule.hasPrefix("arpu > 1 --") || rule.hasPrefix("`") ? .unknownName : .syntax
    #expect(error?.kind == expected, "\(rule): \(error?.description ?? "no error")")
  }

  @Test("rules over 10,000 nodes or nested deeper than 100 are refused")
  func limits() {
    let wide = (0..<5_001).map { _ in "arpu > 1" }.joined(separator: " or ")
    #expect(ruleError(wide)?.kind == .tooLarge)
    let fits = (0..<3_000).map { _ in "arpu > 1" }.joined(separator: " or ")
    #expect(ruleError(fits) == nil)
    #expect(
      ruleError(String(repeating: "(", count: 101) + "arpu > 1" + String(repeating: ")", count: 101))?.kind == .tooLarge
    )
    #expect(ruleError(String(repeating: "(", count: 99) + "arpu > 1" + String(repeating: ")", count: 99)) == nil)
    #expect(ruleError(String(repeating: "not ", count: 101) + "arpu > 1")?.kind == .tooLarge)
    #expect(ruleError("arpu" + String(repeating: " + 1", count: 101) + " > 1")?.kind == .tooLarge)
    #expect(ruleError(String(repeating: "-", count: 200) + "arpu > 1")?.kind == .tooLarge)
  }

  @Test("property: column-wise evaluation equals a row-by-row reference on random data and rules")
  func againstReference() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000_000)) { seed in
      var rng = SplitMix64(seed: UInt64(seed))
      let data = randomData(rows: 40, using: &rng)
      let rule = randomCondition(depth: 0, using: &rng)
      do {
        let compiled = try CompiledRule(rule, schema: data.schema)
        var evaluator = RuleEvaluator(data: data)
        let columnWise = try evaluator.truth(compiled)
        let rowWise = (0..<data.rowCount).map { row -> UInt8 in
          switch reference(compiled.condition, data, row) {
          case .none: return Truth.unknown
          case .some(let value): return value ? Truth.yes : Truth.no
          }
        }
        #expect(columnWise == rowWise, "\(rule)")
      } catch {
        Issue.record("\(rule): \(error)")
      }
    }
  }

  @Test("a ten-condition rule over 1,000,000 customers evaluates column-wise")
  func million() throws {
    var rng = SplitMix64(seed: 5)
    let rows = 1_000_000
    var data = TableData(rowCount: rows)
    for name in ["a", "b", "c", "d", "e"] {
      data.numberColumns[name] = (0..<rows).map { _ in Double(rng.next() % 1000) }
    }
    data.textColumns["city"] = (0..<rows).map { _ in ["北京", "上海", "广州", nil][Int(rng.next() % 4)] }
    let rule =
      "a > 100 and b < 900 and (c between 10 and 800 or d in [1, 2, 3]) and e / a > 0.5 and city = \"北京\" "
      + "and not (a = b) and at_least(2, a > 500, b > 500, c > 500) and city is not missing"
    let truth = try evaluate(rule, data)
    var expected = 0
    let (a, b, c, d, e) = (
      data.numberColumns["a"]!, data.numberColumns["b"]!, data.numberColumns["c"]!, data.numberColumns["d"]!,
      data.numberColumns["e"]!
    )
    let city = data.textColumns["city"]!
    for row in 0..<rows {
      let ratio = a[row] == 0 ? nil : Optional(e[row] / a[row])
      let votes = [a[row] > 500, b[row] > 500, c[row] > 500].filter { $0 }.count
      if a[row] > 100 && b[row] < 900 && ((c[row] >= 10 && c[row] <= 800) || [1, 2, 3].contains(d[row]))
        && (ratio ?? 0) > 0.5 && city[row] == "北京" && a[row] != b[row] && votes >= 2
      {
        expected += 1
      }
    }
    #expect(truth.filter { $0 == Truth.yes }.count == expected)
    #expect(expected > 1000)
  }
}

// MARK: - Random rules and the row-by-row reference

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
      let value = data.numberColumns[name]![row]
      return value.isNaN ? nil : value
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
    case .field(let name): return data.textColumns[name]![row]
    }
  }
  func segment(_ name: String) -> Int? {
    let id = data.segmentColumns[name]![row]
    return id == 0 ? nil : Int(id)
  }
  switch condition {
  case .constant(let value): return value
  case .field(let name): return number(.field(name)).map { $0 != 0 }
  case .tag(let name): return data.tagColumns[name]![row]
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
    return segment(name).map { ids.contains($0) != negated }
  case .missing(let operand, let negated):
    let missing: Bool
    switch operand {
    case .number(let expression): missing = number(expression) == nil
    case .text(let expression): missing = text(expression) == nil
    case .condition(let inner): missing = reference(inner, data, row) == nil
    case .segment(let name): missing = segment(name) == nil
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
