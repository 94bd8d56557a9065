import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta campaign loop on the demo data")
struct CampaignLoopCLITests {
  @Test("demo, then tags define → apply → campaign create → select → export → responses → evaluate → learn")
  func loop() throws {
    let directory = TemporaryDirectory()
    let demo = try jsonObject(
      try segmentaOK(["demo", "--customers", "1500", "--seed", "11", "--out", "demo", "--json"], in: directory.path))
    // The demo's own campaign: stock investors against random customers, evaluated.
    let demoCampaign = try #require(demo["campaign"] as? [String: Any])
    let demoEvaluation = try #require(demoCampaign["evaluation"] as? [String: Any])
    let demoTarget = try #require(demoEvaluation["target"] as? [String: Any])
    let demoControl = try #require(demoEvaluation["control"] as? [String: Any])
    #expect((demoTarget["n"] as? Int ?? 0) > 50)
    #expect(demoTarget["n"] as? Int == demoControl["n"] as? Int)
    #expect((demoEvaluation["conversion_lift"] as? Double ?? 0) > 2)
    let workspace = ["--workspace", "demo/segmenta.db"]

    // A second tag on top of the demo's.
    directory.write(
      "more.yaml",
      """
      tags:
        - name: roaming_investor
          category: interest
          label: {zh: 漫游股民, en: Travelling investor}
          rule: tag(stock_investor) and tag(business_traveller)

      """)
    _ = try segmentaOK(["tags", "define", "--spec", "more.yaml"] + workspace, in: directory.path)
    let applied = try jsonObject(try segmentaOK(["tags", "apply", "--json"] + workspace, in: directory.path))
    let tags = try #require(applied["tags"] as? [[String: Any]])
    let investors = try #require(tags.first { $0["name"] as? String == "stock_investor" })
    #expect(investors["version"] as? Int == 2)
    #expect(investors["gained"] as? Int == 0 && investors["lost"] as? Int == 0)

    directory.write(
      "campaign.yaml",
      """
      name: high_value_call
      product: 全球通套餐升级
      target: arpu >= 60 and not tag(at_risk)
      channel: call
      cost_per_contact: 3
      value_per_conversion: 120
      control_share: 0.25
      stratify_by: demo
      seed: 5
      frequency_cap: {contacts: 1, days: 30}

      """)
    _ = try segmentaOK(["campaign", "create", "--spec", "campaign.yaml"] + workspace, in: directory.path)
    let selected = try jsonObject(
      try segmentaOK(["campaign", "select", "high_value_call", "--json"] + workspace, in: directory.path))
    let selection = try #require(selected["selection"] as? [String: Any])
    let targets = try #require(selection["targets"] as? Int)
    let controls = try #require(selection["controls"] as? Int)
    let excluded = try #require(selection["excluded"] as? [String: Int])
    #expect((excluded["opted_out"] ?? 0) > 0)
    #expect(targets > 0 && controls > 0)
    #expect(abs(Double(controls) / Double(targets + controls) - 0.25) < 0.05)
    let strata = try #require(selected["strata"] as? [String: [String: Int]])
    #expect(strata.values.map { ($0["targets"] ?? 0) + ($0["controls"] ?? 0) }.reduce(0, +) == targets + controls)

    directory.write(
      "staff.csv",
      """
      staff_id,name,region,customer_types,capacity
      S1,王芳,,全球通,400
      S2,李强,,动感地带;神州行,400
      S3,赵敏,*,*,100

      """)
    let export = try jsonObject(
      try segmentaOK(
        [
          "campaign", "export", "high_value_call", "--out", "calls.csv", "--staff", "staff.csv", "--type-column",
          "brand",
          "--json",
        ] + workspace, in: directory.path))
    let record = try #require(export["record"] as? [String: Any])
    #expect(record["rows"] as? Int == targets)
    let loads = try #require(export["staff"] as? [[String: Any]])
    #expect(loads.map { $0["assigned"] as? Int ?? 0 }.reduce(0, +) == targets)
    for load in loads { #expect((load["assigned"] as? Int ?? 0) <= (load["capacity"] as? Int ?? 0)) }
    #expect((loads.first { $0["id"] as? String == "S3" }?["assigned"] as? Int ?? 0) > 0)
    let list = try String(contentsOfFile: directory.file("calls.csv"), encoding: .utf8)
    let rows = list.split(separator: "\n").dropFirst()
    #expect(rows.count == targets)
    #expect(rows.allSatisfy { $0.split(separator: ",")[1].contains("****") })
    #expect(list.hasPrefix("customer_id,phone,product,offer,channel,segment,staff_id,staff_name\n"))

    // Responses: called targets convert when their ARPU is high, controls rarely.
    let customers = try String(contentsOfFile: directory.file("demo/customers.csv"), encoding: .utf8)
    var arpu: [String: Double] = [:]
    for line in customers.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      arpu[String(fields[0])] = Double(fields[7])
    }
    let exported = Set(rows.map { String($0.split(separator: ",")[0]) })
    var responses = ["customer_id,contacted_at,reached,converted,revenue"]
    var converters = 0
    for id in exported.sorted() {
      let convert = (arpu[id] ?? 0) >= 100
      if convert { converters += 1 }
      responses.append("\(id),2024-05-01,yes,\(convert ? "yes" : "no"),\(convert ? "120" : "")")
    }
    directory.write("responses.csv", responses.joined(separator: "\n") + "\n")
    let imported = try jsonObject(
      try segmentaOK(
        ["campaign", "responses", "high_value_call", "--input", "responses.csv", "--json"] + workspace,
        in: directory.path))
    #expect(imported["stored"] as? Int == targets)

    let evaluation = try jsonObject(
      try segmentaOK(["campaign", "evaluate", "high_value_call", "--json"] + workspace, in: directory.path))
    let target = try #require(evaluation["target"] as? [String: Any])
    let control = try #require(evaluation["control"] as? [String: Any])
    #expect(target["converted"] as? Int == converters)
    #expect(control["converted"] as? Int == 0)
    #expect(control["n"] as? Int == controls)
    #expect(evaluation["conversion_lift"] == nil || evaluation["conversion_lift"] is NSNull)
    #expect(abs((evaluation["cost"] as? Double ?? 0) - 3 * Double(targets)) < 1e-9)
    #expect((evaluation["p_value"] as? Double ?? 1) < 1e-6)

    let learned = try jsonObject(
      try segmentaOK(
        ["campaign", "learn", "high_value_call", "--apply-tag", "upgrade_prospect", "--json"] + workspace,
        in: directory.path))
    let learning = try #require(learned["learning"] as? [String: Any])
    let features = try #require(learning["features"] as? [[String: Any]])
    #expect(features.first?["name"] as? String == "arpu")
    let refinement = try #require(learning["refinement"] as? [String: Any])
    // Converters are exactly the targets with ARPU ≥ 100: the best condition singles them out, by
    // ARPU itself or by the income tags cut at 100.
    let condition = try #require(refinement["condition"] as? String)
    #expect(["arpu >= ", "not tag(income_50_100)", "tag(income_100"].contains { condition.hasPrefix($0) })
    #expect((refinement["rate"] as? Double ?? 0) > 0.9)
    #expect((refinement["converters_kept"] as? Double ?? 0) >= 0.5)
    let rule = try #require(learned["refined_rule"] as? String)
    #expect(rule == "(arpu >= 60 and not tag(at_risk)) and \(condition)")
    let reapplied = try jsonObject(try segmentaOK(["tags", "apply", "--json"] + workspace, in: directory.path))
    let prospect = try #require(
      (reapplied["tags"] as? [[String: Any]])?.first { $0["name"] as? String == "upgrade_prospect" })
    #expect(prospect["version"] as? Int == 1)
    #expect((prospect["count"] as? Int ?? 0) > 0)

    let audit = try segmentaOK(["campaign", "audit"] + workspace, in: directory.path)
    #expect(audit.contains("high_value_call") && audit.contains("stock_app"))
  }
}
