import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta command line", .serialized)
struct EndToEndTests {
  @Test("demo, then init → import → features build → describe on the generated files, checked against the raw events")
  func pipeline() throws {
    let directory = TemporaryDirectory()
    let demo = try jsonObject(
      try segmentaOK(["demo", "--customers", "400", "--seed", "7", "--out", "demo", "--json"], in: directory.path))
    #expect(demo["customers"] as? Int == 400)
    let wide = try #require(demo["wide_table"] as? [String: Any])
    #expect((wide["features"] as? [String])?.count == 40)
    let sizes = try #require(demo["group_sizes"] as? [String: Int])
    #expect(sizes.values.reduce(0, +) == 400)

    // The same pipeline step by step in a workspace of our own.
    let initOut = try jsonObject(try segmentaOK(["init", "--workspace", "w.db", "--json"], in: directory.path))
    #expect(initOut["created"] as? Bool == true)
    let imported = try jsonObject(
      try segmentaOK(
        ["import", "customers", "demo/customers.csv", "--workspace", "w.db", "--json"], in: directory.path))
    let summary = try #require(imported["summary"] as? [String: Any])
    #expect(summary["inserted"] as? Int == 400 && summary["rejected"] as? Int == 0)
    let built = try jsonObject(
      try segmentaOK(
        [
          "features", "build", "--workspace", "w.db", "--spec", "demo/features.yaml", "--events", "demo/calls.csv",
          "--events", "demo/messages.csv", "--events", "demo/data.csv", "--period", "Q1", "--json",
        ], in: directory.path))
    let period = try #require(built["period"] as? [String: Any])
    #expect(period["label"] as? String == "Q1" && period["reference_date"] as? String == "2024-03-31")
    #expect(period["customer_count"] as? Int == 400)
    let events = try #require(demo["events"] as? [String: Int])
    #expect(period["events_read"] as? Int == events.values.reduce(0, +))

    let described = try jsonObject(
      try segmentaOK(["features", "describe", "--workspace", "w.db", "--json"], in: directory.path))
    let columns = try #require(described["columns"] as? [[String: Any]])
    // The 40 features, then the numeric customer columns: age, arpu, the three opt-out flags and churned.
    #expect(columns.count == 40 + 6)
    #expect(columns.last?["name"] as? String == "churned")
    func stat(_ name: String, _ key: String) -> Double? {
      let column = columns.first { $0["name"] as? String == name && $0["source"] as? String == "feature" }
      return (column?["summary"] as? [String: Any])?[key] as? Double
    }
    // Recompute the mean total call minutes from calls.csv directly.
    let calls = try String(contentsOfFile: directory.file("demo/calls.csv"), encoding: .utf8)
    var minutes: [String: Double] = [:]
    for line in calls.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if fields[2] == "call" || fields[2] == "ip_call" {
        minutes[String(fields[0]), default: 0] += Double(fields[3])! / 60
      }
    }
    let expectedMean = minutes.values.reduce(0, +) / 400
    let mean = try #require(stat("total_call_minutes", "mean"))
    #expect(abs(mean - expectedMean) < 1e-9 * expectedMean)
    let count = (columns[0]["summary"] as? [String: Any])?["count"] as? Int
    #expect(count == 400)

    // The people-facing table is stable for a given seed.
    let text = try segmentaOK(["features", "describe", "--workspace", "w.db"], in: directory.path)
    try expectGolden(text, "describe-demo-400.txt")

    // Periods are kept, and exported wide tables hold every customer.
    let again = try segmenta(
      [
        "features", "build", "--workspace", "w.db", "--spec", "demo/features.yaml", "--events", "demo/calls.csv",
        "--events", "demo/messages.csv", "--events", "demo/data.csv", "--period", "Q1",
      ], in: directory.path)
    #expect(again.status != 0 && again.stderr.contains("period 'Q1' already exists"))
    let exported = try segmentaOK(
      ["features", "export", "--workspace", "w.db", "--out", "wide.csv"], in: directory.path)
    #expect(exported.contains("400 customers × 40 features"))
    #expect(try String(contentsOfFile: directory.file("wide.csv"), encoding: .utf8).split(separator: "\n").count == 401)
  }

  @Test("bad input exits non-zero with a located message, and --on-error skip writes the rejects file")
  func errors() throws {
    let directory = TemporaryDirectory()
    _ = try segmentaOK(["init"], in: directory.path)
    directory.write("c.csv", "customer_id,age\nA,1\nB,x\"\nC,3\n")
    let failed = try segmenta(["import", "customers", "c.csv"], in: directory.path)
    #expect(failed.status != 0)
    #expect(failed.stderr.hasPrefix("Error: c.csv:3: column 2 'age': a quote (\") inside an unquoted field"))
    let skipped = try segmentaOK(
      ["import", "customers", "c.csv", "--on-error", "skip", "--rejects", "bad.csv"], in: directory.path)
    #expect(skipped.contains("3 rows read, 2 new, 0 updated, 1 rejected"))
    let rejects = try String(contentsOfFile: directory.file("bad.csv"), encoding: .utf8)
    #expect(
      rejects
        == "line,column,column_name,reason,record\n3,2,age,\"a quote (\"\") inside an unquoted field; quote the whole field and double the quotes inside it\",\"B,x\"\"\"\n"
    )
    let missing = try segmenta(["features", "describe", "--workspace", "nowhere.db"], in: directory.path)
    #expect(missing.status != 0 && missing.stderr.contains("no workspace at 'nowhere.db'"))
    // Windows need a reference date; unknown customers are reported, or refused with --strict.
    directory.write(
      "ev.csv", "customer_id,timestamp,event_type\nA,2024-03-01 10:00:00,call\nZZ,2024-03-02 10:00:00,call\n")
    directory.write(
      "w.yaml",
      "features:\n  - name: calls\n    aggregate: count\n  - name: recent\n    aggregate: count\n    window_days: 7\n")
    let noDate = try segmenta(["features", "build", "--spec", "w.yaml", "--events", "ev.csv"], in: directory.path)
    #expect(noDate.stderr.contains("feature 'recent': uses window_days, which counts back from a reference date"))
    let strict = try segmenta(
      ["features", "build", "--spec", "w.yaml", "--events", "ev.csv", "--as-of", "2024-03-05", "--strict"],
      in: directory.path)
    #expect(strict.status != 0)
    #expect(strict.stderr.hasPrefix("Error: ev.csv:3: customer id not in the workspace (1 such rows in this file)"))
    let lenient = try jsonObject(
      try segmentaOK(
        ["features", "build", "--spec", "w.yaml", "--events", "ev.csv", "--as-of", "2024-03-05", "--json"],
        in: directory.path))
    let period = try #require(lenient["period"] as? [String: Any])
    #expect(period["label"] as? String == "2024-03-05" && period["unknown_customer_rows"] as? Int == 1)
    let files = try #require(lenient["files"] as? [[String: Any]])
    #expect(files.first?["first_unknown_customer_line"] as? Int == 3)
    directory.write("spec.yaml", "features:\n  - name: n\n    agregate: count\n")
    let spec = try segmenta(["features", "build", "--spec", "spec.yaml", "--events", "c.csv"], in: directory.path)
    #expect(spec.stderr.hasPrefix("Error: spec.yaml:3:5: unknown key 'agregate'"))
  }
}
