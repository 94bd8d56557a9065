import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("Campaign target lists compiled for other engines")
struct CompileCampaignCLITests {
  /// Phone numbers written over some customers' `contact_phone`: valid, invalid and missing.
  static let trickyPhones = [
    "+86 138-0000-1234", "12a45", "+", " 1234 ", "(010) 1234", "", "138.0000.1234", "++86 138 0000 1234",
  ]

  /// The campaigns checked: a stratified hold-out with opt-out columns, statuses, an address and a cap; a random
  /// control group; a list cut to its maximum size.
  static let campaigns = [
    "stratified_sms": """
    name: stratified_sms
    product: 套餐升级
    target: arpu >= 40
    channel: sms
    control_share: 0.5
    stratify_by: demo
    seed: 5
    frequency_cap: {contacts: 1, days: 30}
    opt_out: [sms_opt_out, call_opt_out]
    contact_column: contact_phone

    """,
    "random_email": """
    name: random_email
    product: 流量包
    target: age < 30 or segment(demo) in [2]
    channel: email
    control: random
    control_share: 0.3
    seed: 9

    """,
    "capped_store": """
    name: capped_store
    product: 门店礼包
    target: arpu > 20
    channel: store
    control_share: 0.1
    max_targets: 300
    seed: 3

    """,
  ]

  @Test(
    "compile campaign: DuckDB, PostgreSQL and Spark write the same lists, counted as campaign select counts",
    .timeLimit(.minutes(20)))
  func sameListsEverywhere() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let workspace = try CompileCLITests.exportedDemo(in: here)
    try FileManager.default.copyItem(atPath: "\(here)/d/customers.csv", toPath: "\(here)/engines/customers.csv")
    try "demo".write(toFile: "\(here)/engines/segmentation.txt", atomically: true, encoding: .utf8)
    let folder = "\(here)/engines/campaigns"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)

    // A second phone column, with tricky numbers for some customers.
    let customers = try SparkCLITests.csvRows(String(contentsOfFile: "\(here)/d/customers.csv", encoding: .utf8))
    var extra = "customer_id,contact_phone\n"
    var attempts = "customer_id,method,attempted_at,success\n"
    for (index, row) in customers.enumerated() {
      let id = row["customer_id"] ?? ""
      let phone = index % 40 == 7 ? Self.trickyPhones[(index / 40) % Self.trickyPhones.count] : row["phone"] ?? ""
      extra += "\(id),\"\(phone)\"\n"
      if index % 23 == 4 { attempts += "\(id),phone,2024-04-01T10:00:00,no\n" }
    }
    try extra.write(toFile: "\(folder)/extra.csv", atomically: true, encoding: .utf8)
    try attempts.write(toFile: "\(here)/attempts.csv", atomically: true, encoding: .utf8)
    _ = try segmentaOK(["import", "customers", "engines/campaigns/extra.csv"] + workspace, in: here)
    _ = try segmentaOK(
      ["contacts", "import", "--input", "attempts.csv", "--max-failures", "1", "--methods", "phone"] + workspace,
      in: here)
    var statuses = "customer_id,status\n"
    for status in ["dormant", "void"] {
      let listed = try jsonObject(
        try segmentaOK(["contacts", "status", "--list", status, "--json"] + workspace, in: here))
      for id in listed["customers"] as? [String] ?? [] { statuses += "\(id),\(status)\n" }
    }
    #expect(statuses.split(separator: "\n").count > 30, "customers became unreachable")
    try statuses.write(toFile: "\(folder)/statuses.csv", atomically: true, encoding: .utf8)

    // Contacts made by an earlier campaign's export, for the frequency cap.
    directory.write(
      "earlier.yaml",
      """
      name: earlier
      product: 回访
      target: arpu >= 60
      channel: sms
      control_share: 0.2
      seed: 1

      """)
    _ = try segmentaOK(["campaign", "create", "--spec", "earlier.yaml"] + workspace, in: here)
    _ = try segmentaOK(["campaign", "select", "earlier"] + workspace, in: here)
    let exported = try jsonObject(
      try segmentaOK(["campaign", "export", "earlier", "--out", "earlier.csv", "--json"] + workspace, in: here))
    #expect((exported["record"] as? [String: Any])?["rows"] as? Int ?? 0 > 50)
    // The contact log as the engines hold it: every exported list's customers at its export time (the demo's
    // stock_app list and this one).
    let audit = try #require(
      try JSONSerialization.jsonObject(
        with: Data(try segmentaOK(["campaign", "audit", "--json"] + workspace, in: here).utf8)) as? [[String: Any]])
    var contacts = "customer_id,contacted_at\n"
    for record in audit where record["kind"] as? String == "campaign" {
      let file = try #require(record["file"] as? String)
      let at = try #require(record["exported_at"] as? String)
      for row in try SparkCLITests.csvRows(String(contentsOfFile: "\(here)/\(file)", encoding: .utf8)) {
        contacts += "\(row["customer_id"] ?? ""),\(at)\n"
      }
    }
    try contacts.write(toFile: "\(folder)/contacts.csv", atomically: true, encoding: .utf8)
    let formatter = ISO8601DateFormatter()
    let now = formatter.string(from: Date().addingTimeInterval(120))

    var expected: [String: [String: Any]] = [:]
    let tables = [
      "--statuses-table", "contact_statuses", "--contacts-table", "contacts", "--list-table", "campaign_list",
      "--now", now,
    ]
    for (name, spec) in Self.campaigns.sorted(by: { $0.key < $1.key }) {
      directory.write("\(name).yaml", spec)
      _ = try segmentaOK(["campaign", "create", "--spec", "\(name).yaml"] + workspace, in: here)
      let selected = try jsonObject(
        try segmentaOK(["campaign", "select", name, "--now", now, "--json"] + workspace, in: here))
      let selection = try #require(selected["selection"] as? [String: Any])
      var summary: [String: Any] = [
        "targets": selection["targets"] as? Int ?? -1, "controls": selection["controls"] as? Int ?? -1,
        "excluded": selection["excluded"] as? [String: Int] ?? [:],
      ]
      if let strata = selected["strata"] as? [String: [String: Int]] { summary["strata"] = strata }
      expected[name] = summary
      for target in ["duckdb", "postgres", "spark"] {
        let json = try jsonObject(
          try segmentaOK(
            [
              "compile", "campaign", name, "--target", target, "--out",
              "engines/campaigns/campaign-\(name)-\(target).sql",
            ]
              + tables + ["--json"] + workspace, in: here))
        #expect(json["campaign"] as? String == name && json["statuses_checked"] as? Bool == true)
      }
    }
    let stratified = try #require(expected["stratified_sms"]?["excluded"] as? [String: Int])
    for reason in ["opted_out", "contact_status", "no_contact_address", "frequency_cap"] {
      #expect((stratified[reason] ?? 0) > 0, "stratified_sms excludes for \(reason): \(stratified)")
    }
    #expect((expected["capped_store"]?["excluded"] as? [String: Int])?["list_size"] ?? 0 > 0)
    #expect(expected["random_email"]?["controls"] as? Int ?? 0 > 0)

    // The same inputs give the same text.
    let again = try segmentaOK(
      ["compile", "campaign", "stratified_sms", "--target", "postgres"] + tables + workspace, in: here)
    #expect(
      again == (try String(contentsOfFile: "\(folder)/campaign-stratified_sms-postgres.sql", encoding: .utf8)))

    let check = try runProcess(
      "/bin/bash", [repositoryRoot.appendingPathComponent("scripts/equality/check.sh").path, "engines"], in: here)
    #expect(check.status == 0, "scripts/equality/check.sh failed:\n\(check.stderr)")
    let lines = check.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
    try #require(lines.count == 1, "one report expected:\n\(check.stdout)")
    let report = try jsonObject(lines[0])
    for (name, summary) in expected {
      let result = try #require(report[name] as? [String: Any], "no result for \(name) in \(lines[0])")
      #expect(result["identical"] as? Bool == true, "\(name): the engines' lists differ")
      for engine in ["duckdb", "postgres", "spark"] {
        let found = try #require(result[engine] as? [String: Any], "\(name): no \(engine) result")
        #expect(found["targets"] as? Int == summary["targets"] as? Int, "\(name) on \(engine): \(found) ≠ \(summary)")
        #expect(found["controls"] as? Int == summary["controls"] as? Int, "\(name) on \(engine): \(found)")
        #expect(
          found["excluded"] as? [String: Int] == summary["excluded"] as? [String: Int], "\(name) on \(engine): \(found)"
        )
        #expect(
          found["strata"] as? [String: [String: Int]] == summary["strata"] as? [String: [String: Int]],
          "\(name) on \(engine): \(found)")
      }
    }
  }

  @Test("compile campaign refuses a campaign whose tables are not given, and names the option")
  func refusals() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    _ = try segmentaOK(["demo", "--customers", "300", "--seed", "3", "--out", "d"], in: here)
    let workspace = ["--workspace", "d/segmenta.db"]
    // The demo's stock_app campaign has a frequency cap and excludes dormant and void customers.
    let capped = try segmenta(["compile", "campaign", "stock_app", "--json"] + workspace, in: here)
    #expect(capped.status != 0)
    #expect(((try jsonObject(capped.stdout))["error"] as? [String: Any])?["field"] as? String == "contacts-table")
    let unchecked = try segmenta(
      ["compile", "campaign", "stock_app", "--contacts-table", "contacts", "--json"] + workspace, in: here)
    #expect(((try jsonObject(unchecked.stdout))["error"] as? [String: Any])?["field"] as? String == "statuses-table")
    let skipped = try jsonObject(
      try segmentaOK(
        [
          "compile", "campaign", "stock_app", "--contacts-table", "contacts", "--skip-statuses", "--now",
          "2024-05-01T10:00:00", "--json",
        ] + workspace, in: here))
    #expect(skipped["statuses_checked"] as? Bool == false)
    #expect(skipped["frequency_cap_since"] as? String == "2024-04-01T10:00:00Z")
    #expect((skipped["tables"] as? [String: Any])?["list"] as? String == "campaign_stock_app")
    let sql = try #require(skipped["sql"] as? String)
    #expect(sql.contains("CREATE TABLE \"campaign_stock_app\" AS") && sql.contains("'no_contact_address'"))
    let badTable = try segmenta(
      ["compile", "campaign", "stock_app", "--list-table", "a;drop", "--skip-statuses", "--json"] + workspace, in: here)
    #expect(((try jsonObject(badTable.stdout))["error"] as? [String: Any])?["field"] as? String == "list-table")
    let badNow = try segmenta(
      ["compile", "campaign", "stock_app", "--contacts-table", "c", "--skip-statuses", "--now", "soon", "--json"]
        + workspace, in: here)
    #expect(((try jsonObject(badNow.stdout))["error"] as? [String: Any])?["field"] as? String == "now")
    let overwrite = try segmenta(
      ["compile", "campaign", "stock_app", "--contacts-table", "c", "--skip-statuses", "--out", "d/segmenta.db"]
        + workspace, in: here)
    #expect(overwrite.status != 0 && overwrite.stderr.contains("workspace"))
  }
}
