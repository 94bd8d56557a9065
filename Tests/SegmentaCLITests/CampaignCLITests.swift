import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta campaign")
struct CampaignCLITests {
  /// An experiment file with the brief's counts: 1,000 targets (630 reached, 430 converted) and
  /// 1,000 controls (250 reached, 90 converted); converters spend 30.
  static func briefFile(in directory: TemporaryDirectory) {
    var lines = ["customer_id,group,reached,converted,revenue"]
    var id = 0
    for (group, reached, converted) in [("target", 630, 430), ("control", 250, 90)] {
      for index in 0..<1000 {
        id += 1
        let didConvert = index < converted
        lines.append(
          "C\(id),\(group),\(index < reached ? "yes" : "no"),\(didConvert ? "是" : "否"),\(didConvert ? "30" : "")")
      }
    }
    directory.write("brief.csv", lines.joined(separator: "\n") + "\n")
  }

  @Test("evaluate --input: the brief's case reports ×2.52 and ×4.78 with a direct-tail p-value")
  func briefCase() throws {
    let directory = TemporaryDirectory()
    Self.briefFile(in: directory)
    let output = try jsonObject(
      try segmentaOK(
        ["campaign", "evaluate", "--input", "brief.csv", "--json", "--cost-per-contact", "2"], in: directory.path))
    let target = try #require(output["target"] as? [String: Any])
    let control = try #require(output["control"] as? [String: Any])
    #expect(target["n"] as? Int == 1000)
    #expect(target["reached"] as? Int == 630)
    #expect(target["converted"] as? Int == 430)
    #expect(control["reached"] as? Int == 250)
    #expect(control["converted"] as? Int == 90)
    #expect(abs((target["contact_rate"] as? Double ?? 0) - 0.63) < 1e-12)
    #expect(abs((control["conversion_rate"] as? Double ?? 0) - 0.09) < 1e-12)
    #expect(abs((output["contact_lift"] as? Double ?? 0) - 2.52) < 1e-12)
    #expect(abs((output["conversion_lift"] as? Double ?? 0) - 430.0 / 90.0) < 1e-12)
    // statsmodels' proportions_ztest on the same counts (Tests/Fixtures/evaluation).
    let p = try #require(output["p_value"] as? Double)
    #expect(abs(p / 2.6741309489689857e-67 - 1) < 1e-9)
    #expect(abs((output["incremental_revenue"] as? Double ?? 0) - 10200) < 1e-6)
    #expect(abs((output["roi"] as? Double ?? 0) - (10200.0 - 2000) / 2000) < 1e-9)

    let text = try segmentaOK(["campaign", "evaluate", "--input", "brief.csv"], in: directory.path)
    #expect(text.contains("Contact success: ×2.52"))
    #expect(text.contains("Conversion: ×4.78"))
    #expect(text.contains("Targets converted ×4.78 as often as the control group (43.0 % vs 9.0 %, p = 2.7e-67)."))
  }

  @Test("evaluate --input: bad cells name the line and column; an empty group is refused")
  func badInput() throws {
    let directory = TemporaryDirectory()
    directory.write("bad.csv", "customer_id,group,reached,converted\nA,target,yes,no\nB,contol,no,no\n")
    let bad = try segmenta(["campaign", "evaluate", "--input", "bad.csv"], in: directory.path)
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("bad.csv:3: column 2 'group': expected target or control, found 'contol'"))
    directory.write("twice.csv", "customer_id,group,reached,converted\nA,target,yes,no\nA,control,no,no\n")
    let twice = try segmenta(["campaign", "evaluate", "--input", "twice.csv"], in: directory.path)
    #expect(twice.stderr.contains("twice.csv:3: column 1 'customer_id': customer 'A' appears twice"))
    directory.write("missing.csv", "customer_id,group,converted\nA,target,no\n")
    let missing = try segmenta(["campaign", "evaluate", "--input", "missing.csv"], in: directory.path)
    #expect(missing.stderr.contains("missing column reached"))
    directory.write("one.csv", "customer_id,group,reached,converted\nA,target,yes,no\n")
    let one = try segmenta(["campaign", "evaluate", "--input", "one.csv"], in: directory.path)
    #expect(one.status != 0)
    #expect(one.stderr.contains("the control group has no customers"))
  }

  @Test("basket: FP-Growth rules from a holdings file equal the mlxtend fixture; rules written to CSV")
  func basket() throws {
    let directory = TemporaryDirectory()
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures/baskets")
    let holdings = fixtures.appendingPathComponent("holdings.csv").path
    let output = try jsonObject(
      try segmentaOK(
        [
          "basket", "--input", holdings, "--min-support", "0.05", "--min-confidence", "0.3", "--out", "rules.csv",
          "--json",
        ],
        in: directory.path))
    let reference = try jsonObject(
      String(decoding: try Data(contentsOf: fixtures.appendingPathComponent("basket_reference.json")), as: UTF8.self))
    let firstCase = try #require((reference["cases"] as? [[String: Any]])?.first)
    let expectedRules = try #require(firstCase["rules"] as? [[String: Any]])
    let rules = try #require(output["rules"] as? [[String: Any]])
    #expect(output["customers"] as? Int == reference["customers"] as? Int)
    #expect(rules.count == expectedRules.count)
    for expected in expectedRules {
      let match = rules.first {
        ($0["antecedents"] as? [String]) == (expected["antecedents"] as? [String])
          && ($0["consequents"] as? [String]) == (expected["consequents"] as? [String])
      }
      let lift = try #require(match?["lift"] as? Double)
      #expect(abs(lift - (expected["lift"] as? Double ?? 0)) < 1e-12)
    }
    let csv = try String(contentsOfFile: directory.file("rules.csv"), encoding: .utf8)
    #expect(csv.split(separator: "\n").count == expectedRules.count + 1)
    directory.write("bad.csv", "customer_id,product\nA,broadband\n,iptv\n")
    let bad = try segmenta(["basket", "--input", "bad.csv"], in: directory.path)
    #expect(bad.stderr.contains("bad.csv:3: column 1 'customer_id': the customer id is empty"))
  }
}
