import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Rule evaluation")
struct RuleEvaluatorTests {
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
    "segment(NAME, previous) reads the previous assignment, so rules can select movers",
    arguments: [
      ("segment(usage, previous) = \"C3\" and segment(usage) = 1", "ynnnn"),
      ("segment(usage, previous) is missing", "nnynn"), ("segment(usage, PREVIOUS) in [1, \"Youth\"]", "ny?yy"),
      ("segment(usage, previous) != 1 and segment(usage) = 1", "ynnnn"),
    ])
  func previousSegments(_ rule: String, _ expected: String) throws {
    var data = sample
    data.previousSegmentColumns = ["usage": [3, 2, 0, 1, 1]]
    let actual = try truths(rule, data)
    #expect(actual == expected, "\(rule) gave \(actual)")
  }

  @Test("segment(NAME, previous) is refused without a previous assignment, and takes only 'previous'")
  func previousSegmentErrors() throws {
    let unknown = try #require(ruleError("segment(usage, previous) = 1"))
    #expect(unknown.kind == .unknownName && unknown.message.contains("segmenta segment refresh usage"))
    var data = sample
    data.previousSegmentColumns = ["usage": [3, 2, 0, 1, 1]]
    let wrong = try #require(ruleError("segment(usage, latest) = 1", data))
    #expect(wrong.message.contains("expected 'previous'") && wrong.position == 15)
    #expect(ruleError("tag(stock_investor, previous)", data) != nil)
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
      try data.numbers("a"), try data.numbers("b"), try data.numbers("c"), try data.numbers("d"), try data.numbers("e")
    )
    let city = try #require(data.textColumns["city"])
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
