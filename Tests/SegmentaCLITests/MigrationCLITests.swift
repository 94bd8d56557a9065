import Foundation
import SegmentaTestSupport
import Testing

@Suite("Refresh and migration on the command line, on the demo's two periods")
struct MigrationCLITests {
  @Test("the demo's second period: import, build, refresh, migration, movers, rules and the report")
  func demoSecondPeriod() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let demo = try jsonObject(
      try segmentaOK(["demo", "--customers", "1500", "--seed", "3", "--out", "d", "--json"], in: here))
    let second = try #require(demo["second_period"] as? [String: Any])
    #expect(second["period"] as? String == "2024Q2" && second["new_customers"] as? Int == 75)
    let staying = try #require(second["staying"] as? Int)
    let changed = try #require(second["changed_group"] as? Int)
    #expect(Double(changed) / Double(staying) > 0.08 && Double(changed) / Double(staying) < 0.16)
    let workspace = "d/segmenta.db"
    func run(_ arguments: [String]) throws -> String {
      try segmentaOK(arguments + ["--workspace", workspace], in: here)
    }

    _ = try run(["import", "customers", "d/customers-2024q2.csv"])
    _ = try run([
      "features", "build", "--spec", "d/features.yaml", "--events", "d/calls-2024q2.csv", "--events",
      "d/messages-2024q2.csv", "--events", "d/data-2024q2.csv", "--period", "2024Q2", "--as-of", "2024-06-29",
    ])
    // On the training period the refresh reproduces the stored segments.
    let same = try jsonObject(try run(["segment", "refresh", "demo", "--period", "2024Q1", "--json"]))
    let sameMigration = try #require(same["migration"] as? [String: Any])
    #expect(same["version"] as? Int == 2 && same["refreshes"] as? Int == 1)
    #expect(sameMigration["stayers_share"] as? Double == 1 && sameMigration["movers"] as? Int == 0)
    #expect(sameMigration["entries"] as? Int == 0 && sameMigration["exits"] as? Int == 0)

    // Version 1's model on the second period, active customers only: version 3, linked to version 1.
    let refreshed = try run([
      "segment", "refresh", "demo", "--version", "1", "--period", "2024Q2", "--where", "recency_days <= 30",
    ])
    #expect(refreshed.contains("Refreshed demo version 1 (period 2024Q1) on period 2024Q2 as version 3:"))
    let shown = try jsonObject(try run(["segments", "migration", "demo", "--json"]))
    let from = try #require(shown["from"] as? [String: Any])
    let to = try #require(shown["to"] as? [String: Any])
    #expect(from["version"] as? Int == 1 && to["version"] as? Int == 3 && shown["linked"] as? Bool == true)
    let migration = try #require(shown["migration"] as? [String: Any])
    let entries = try #require(migration["entries"] as? Int)
    let exits = try #require(migration["exits"] as? Int)
    let movers = try #require(migration["movers"] as? Int)
    let common = try #require(migration["common"] as? Int)
    #expect(entries > 60 && entries <= 75, "most new customers are active")
    #expect(exits > 0 && exits < 1_500 - staying + 20, "the churners gone before the last 30 days leave")
    let moved = Double(movers) / Double(common)
    #expect(abs(moved - Double(changed) / Double(staying)) < 0.05, "the segments move as the planted groups")
    let flows = try #require(migration["flows"] as? [[Int]])
    #expect(flows.reduce(0) { $0 + $1.reduce(0, +) } == common)
    #expect((shown["history"] as? [[String: Any]])?.count == 3)

    // The movers file, its audit, and the refusals of the output guard.
    let text = try run(["segments", "migration", "demo", "--out", "movers.csv"])
    #expect(text.contains("Row shares") && text.contains("movers to movers.csv"))
    let file = try String(contentsOfFile: directory.file("movers.csv"), encoding: .utf8)
    #expect(file.split(separator: "\n").count == movers + 1)
    #expect(file.hasPrefix("customer_id,from_segment,from_name,to_segment,to_name\n"))
    #expect(try run(["campaign", "audit"]).contains("demo v1→v3 movers"))
    let piped = try segmenta(["segments", "migration", "demo", "--out", "-", "--workspace", workspace], in: here)
    #expect(piped.status == 0 && piped.stdout.hasPrefix("customer_id,") && piped.stderr.contains("demo v1 → v3"))
    let clobber = try segmenta(
      ["segments", "migration", "demo", "--out", workspace, "--workspace", workspace], in: here)
    #expect(clobber.status == 1 && clobber.stderr.contains("Error:"))
    let both = try segmenta(
      ["segments", "migration", "demo", "--out", "-", "--json", "--workspace", workspace], in: here)
    #expect(both.status == 2)

    // Rules target movers through the previous assignment.
    let rule = try jsonObject(
      try run(["rule", "check", "segment(demo, previous) = 1 and segment(demo) != 1", "--count", "--json"]))
    #expect(rule["matches"] as? Int == flows[0].dropFirst().reduce(0, +))

    // The report draws the flows and the sizes by version.
    _ = try run(["profile", "demo", "--format", "html", "--out", "report.html"])
    let html = try String(contentsOfFile: directory.file("report.html"), encoding: .utf8)
    #expect(html.contains("aria-label=\"segment flows\"") && html.contains("aria-label=\"segment sizes by version\""))
    #expect(html.contains("迁移 Migration from v1 (2024Q1)"))

    let unknown = try segmenta(["segment", "refresh", "nope", "--workspace", workspace], in: here)
    #expect(unknown.status == 1 && unknown.stderr.contains("no segmentation named 'nope'"))
    let missingName = try segmenta(["segment", "--workspace", workspace], in: here)
    #expect(missingName.status == 2 && missingName.stderr.contains("--name"))
  }
}
