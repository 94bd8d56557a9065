import Foundation
import SegmentaTestSupport
import Testing

/// A workspace of ten customers A…J (`customers`, or all in region north) and a transaction file of
/// their purchases (plus one of an unknown customer Z), in a fresh folder.
private func valueFolder(customers: String? = nil) throws -> TemporaryDirectory {
  let directory = TemporaryDirectory()
  directory.write("customers.csv", customers ?? "customer_id,region\n" + "ABCDEFGHIJ".map { "\($0),north\n" }.joined())
  directory.write(
    "t.csv",
    """
    customer_id,date,amount
    A,2024-01-01,100
    A,2024-01-20,200
    A,2024-02-15,200
    B,2024-01-05,50
    B,2024-03-01,150
    C,2024-01-10,40
    C,2024-01-30,30
    C,2024-02-20,30
    D,2024-02-01,20
    E,2024-01-15,10
    E,2024-02-10,10
    F,2024-03-10,20
    G,2024-01-03,20
    H,2024-02-25,5
    H,2024-03-05,15
    I,2024-01-08,20
    J,2024-03-12,20
    Z,2024-03-11,999

    """)
  _ = try segmentaOK(["init"], in: directory.path)
  _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)
  return directory
}

@Suite("segmenta value: build, rfm, pareto, clv and report from the command line")
struct ValueCLITests {
  @Test("value build --json summarises the known customers and counts the unknown one; rules read the columns")
  func build() throws {
    let directory = try valueFolder()
    let output = try jsonObject(
      try segmentaOK(["value", "build", "--transactions", "t.csv", "--json"], in: directory.path))
    let table = try #require(output["table"] as? [String: Any])
    #expect(table["customers"] as? Int == 10)
    #expect(table["transactions_read"] as? Int == 18)
    #expect(table["unknown_customer_rows"] as? Int == 1)
    #expect(table["as_of"] as? String == "2024-03-12")
    #expect(table["time_unit"] as? String == "days")
    #expect(output["repeat_customers"] as? Int == 5)
    #expect(output["total_value"] as? Double == 940)
    #expect((output["notes"] as? [String])?.first?.contains("1 transaction name") == true)
    // A bought on 1, 20 January and 15 February: two repeat days, 26 days before 12 March.
    let count = try jsonObject(
      try segmentaOK(
        ["rule", "check", "frequency = 2 and days_since_last = 26 and total_value = 500", "--count", "--json"],
        in: directory.path))
    #expect(count["matches"] as? Int == 1)
    let text = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    #expect(text.contains("Built value table 2024-03-12: 10 customers (5 with repeat purchases) from 18 transactions"))
  }

  @Test("a bad date stops value build with file, line and column; the stored table is unchanged")
  func badTransactionFile() throws {
    let directory = try valueFolder()
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    directory.write("bad.csv", "customer_id,date,amount\nA,2024-01-01,10\nB,2024-13-45,10\nC,2024-02-01,5\n")
    let bad = try segmenta(["value", "build", "--transactions", "bad.csv"], in: directory.path)
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("bad.csv:3: column 2 'date': '2024-13-45' is not a date"), "\(bad.stderr)")
    let json = try segmenta(["value", "build", "--transactions", "bad.csv", "--json"], in: directory.path)
    #expect(json.status == 1)
    let error = try #require(try jsonObject(json.stdout)["error"] as? [String: Any])
    #expect(error["line"] as? Int == 3 && error["column"] as? Int == 2 && error["file"] as? String == "bad.csv")
    let amount = try segmenta(
      ["value", "build", "--transactions", "bad.csv", "--amount-column", "value"], in: directory.path)
    #expect(amount.status == 1 && amount.stderr.contains("missing column 'value'"), "\(amount.stderr)")
    // The table of the good build is still the one stored.
    let report = try jsonObject(try segmentaOK(["value", "report", "--format", "json"], in: directory.path))
    let table = try #require(report["table"] as? [String: Any])
    #expect(table["customers"] as? Int == 10 && table["transactions"] as? Int == 18)
  }

  @Test("value rfm --json scores every customer into the ten-name grid; segment(rfm) works in rules")
  func rfm() throws {
    let directory = try valueFolder()
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    let output = try jsonObject(try segmentaOK(["value", "rfm", "--json"], in: directory.path))
    #expect(output["segmentation"] as? String == "rfm" && output["bins"] as? Int == 5)
    #expect(output["customers"] as? Int == 10)
    let segments = try #require(output["segments"] as? [[String: Any]])
    #expect(segments.count == 10)
    #expect(segments.reduce(0) { $0 + ($1["customers"] as? Int ?? 0) } == 10)
    #expect(segments.reduce(0.0) { $0 + ($1["total_value"] as? Double ?? 0) } == 940)
    let grid = try #require(output["grid"] as? [[Int]])
    #expect(grid.count == 5 && grid.flatMap { $0 }.reduce(0, +) == 10)
    // Every customer has scores 1…5 and lands in exactly one segment.
    let scored = try jsonObject(
      try segmentaOK(
        ["rule", "check", "r_score >= 1 and r_score <= 5 and f_score >= 1 and m_score <= 5", "--count", "--json"],
        in: directory.path))
    #expect(scored["matches"] as? Int == 10)
    // A has the highest total (500): M score 5.
    let top = try jsonObject(
      try segmentaOK(["rule", "check", "m_score = 5 and total_value = 500", "--count", "--json"], in: directory.path))
    #expect(top["matches"] as? Int == 1)
    // Segments assigned by the grid have no silhouette, and the profile says so.
    let profile = try segmentaOK(["profile", "rfm", "--format", "md"], in: directory.path)
    #expect(profile.contains("The silhouette does not apply (segments assigned by a rule)"))
    #expect(!profile.contains("Silhouette – (good)"))
    let bins = try segmenta(["value", "rfm", "--bins", "11"], in: directory.path)
    #expect(bins.status == 2 && bins.stderr.contains("--bins takes 2 to 10"))
  }

  @Test("value pareto --json: the 80/20 line, Gini and the tiers stored as segmentation value_tier")
  func pareto() throws {
    let directory = try valueFolder()
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    let output = try jsonObject(
      try segmentaOK(["value", "pareto", "--column", "total_value", "--json"], in: directory.path))
    let analysis = try #require(output["analysis"] as? [String: Any])
    #expect(analysis["customers"] as? Int == 10)
    // The top 20 % (A and B) hold 700 of 940.
    let top = try #require(analysis["top_fifth_share"] as? Double)
    #expect(abs(top - 700.0 / 940.0) < 1e-12)
    // Gini over the ascending values 20 ×7, 100, 200, 500.
    let sorted: [Double] = [20, 20, 20, 20, 20, 20, 20, 100, 200, 500]
    let gini = sorted.enumerated().reduce(0.0) { $0 + Double(2 * ($1.offset + 1) - 11) * $1.element } / (10 * 940)
    #expect(abs((analysis["gini"] as? Double ?? -1) - gini) < 1e-12)
    let tiers = try #require(output["tiers"] as? [[String: Any]])
    #expect(tiers.map { $0["customers"] as? Int } == [3, 5, 2])
    #expect(output["segmentation"] as? String == "value_tier")
    let high = try jsonObject(
      try segmentaOK(
        ["rule", "check", "segment(value_tier) = \"High value\"", "--count", "--json"], in: directory.path))
    #expect(high["matches"] as? Int == 3)
    let missing = try segmenta(["value", "pareto", "--column", "nothing", "--json"], in: directory.path)
    #expect(missing.status == 1)
    #expect((try jsonObject(missing.stdout)["error"] as? [String: Any])?["code"] as? String == "not_found")
    let tiersBad = try segmenta(["value", "pareto", "--column", "total_value", "--tiers", "80,30"], in: directory.path)
    #expect(tiersBad.status == 2)
  }

  @Test("value pareto --where tiers only the customers the rule selects; a bad rule is located and stores nothing")
  func paretoWhere() throws {
    // Every other customer is a company: A, C, E, G and I.
    let kinds = "ABCDEFGHIJ".enumerated().map { "\($1),\($0 % 2 == 0 ? "company" : "person")\n" }
    let directory = try valueFolder(customers: "customer_id,kind\n" + kinds.joined())
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    let rule = #"kind = "company" and regon = 1"#
    let bad = try segmenta(["value", "pareto", "--column", "total_value", "--where", rule], in: directory.path)
    #expect(bad.status == 1 && bad.stderr.contains("Error: the where rule: column 22:"), "\(bad.stderr)")
    #expect(bad.stderr.contains("  " + rule + "\n" + String(repeating: " ", count: 23) + "^"), "\(bad.stderr)")
    let badJSON = try segmenta(
      ["value", "pareto", "--column", "total_value", "--where", rule, "--json"], in: directory.path)
    let error = try #require(try jsonObject(badJSON.stdout)["error"] as? [String: Any])
    #expect(badJSON.status == 1 && error["code"] as? String == "invalid_rule")
    #expect(error["position"] as? Int == 21 && error["field"] as? String == "where")
    let none = try jsonObject(
      try segmenta(["rule", "check", "segment(company_value_tier) = 1", "--json"], in: directory.path).stdout)
    #expect(none["valid"] as? Bool == false, "the bad rule stored no segmentation")

    let output = try jsonObject(
      try segmentaOK(
        [
          "value", "pareto", "--column", "total_value", "--where", #"kind = "company""#, "--name",
          "company_value_tier", "--json",
        ], in: directory.path))
    #expect(output["rule"] as? String == #"kind = "company""# && output["customers_in_scope"] as? Int == 5)
    #expect(output["segmentation"] as? String == "company_value_tier")
    // Companies: A 500, C 100, E, G and I 20 each (660): A and C make up the first 80 %.
    let analysis = try #require(output["analysis"] as? [String: Any])
    #expect(analysis["customers"] as? Int == 5 && analysis["total"] as? Double == 660)
    let tiers = try #require(output["tiers"] as? [[String: Any]])
    #expect(tiers.map { $0["customers"] as? Int } == [2, 2, 1])
    let high = try jsonObject(
      try segmentaOK(
        ["rule", "check", #"segment(company_value_tier) = "High value" and kind = "company""#, "--count", "--json"],
        in: directory.path))
    #expect(high["matches"] as? Int == 2)
    let people = try jsonObject(
      try segmentaOK(
        ["rule", "check", #"segment(company_value_tier) in [1, 2, 3] and kind = "person""#, "--count", "--json"],
        in: directory.path))
    #expect(people["matches"] as? Int == 0)
    let text = try segmentaOK(
      ["value", "pareto", "--column", "total_value", "--where", #"kind = "company""#, "--name", "c"],
      in: directory.path)
    #expect(
      text.contains(#"Only the 5 customers matching kind = "company" (5 with a value); the others have no tier."#))
  }

  @Test("value clv --json gives finite BG/NBD and Gamma-Gamma parameters and stores P(alive) and clv_12m")
  func clv() throws {
    let directory = try valueFolder()
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    let output = try jsonObject(try segmentaOK(["value", "clv", "--json"], in: directory.path))
    let bgnbd = try #require(output["bgnbd"] as? [String: Any])
    for name in ["r", "alpha", "a", "b", "log_likelihood"] {
      #expect((bgnbd[name] as? Double)?.isFinite == true, "\(name)")
    }
    #expect(bgnbd["customers"] as? Int == 10)
    let gammaGamma = try #require(output["gamma_gamma"] as? [String: Any])
    #expect(gammaGamma["customers"] as? Int == 5)
    for name in ["p", "q", "v"] { #expect((gammaGamma[name] as? Double ?? 0) > 0, "\(name)") }
    #expect(output["column"] as? String == "clv_12m" && output["customers"] as? Int == 10)
    let alive = try jsonObject(
      try segmentaOK(["rule", "check", "p_alive >= 0 and p_alive <= 1", "--count", "--json"], in: directory.path))
    #expect(alive["matches"] as? Int == 10)
    let matrix = try #require(output["alive_matrix"] as? [String: Any])
    let values = try #require(matrix["values"] as? [[Double]])
    #expect(!values.isEmpty && values.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 <= 1 } })
    let six = try jsonObject(try segmentaOK(["value", "clv", "--horizon", "6", "--json"], in: directory.path))
    #expect(six["column"] as? String == "clv_6m")
    let horizon = try segmenta(["value", "clv", "--horizon", "0"], in: directory.path)
    #expect(horizon.status == 2 && horizon.stderr.contains("--horizon takes 1 to 120 months"))
  }

  @Test("value report: JSON on standard output, HTML to a file, never over the workspace")
  func report() throws {
    let directory = try valueFolder()
    let before = try segmenta(["value", "report", "--json"], in: directory.path)
    #expect(before.status == 1)
    #expect((try jsonObject(before.stdout)["error"] as? [String: Any]) != nil)
    _ = try segmentaOK(["value", "build", "--transactions", "t.csv"], in: directory.path)
    _ = try segmentaOK(["value", "rfm"], in: directory.path)
    _ = try segmentaOK(["value", "pareto", "--column", "total_value"], in: directory.path)
    _ = try segmentaOK(["value", "clv"], in: directory.path)
    let report = try jsonObject(try segmentaOK(["value", "report", "--json"], in: directory.path))
    #expect((report["pareto"] as? [String: Any])?["column"] as? String == "total_value")
    #expect(((report["rfm"] as? [String: Any])?["segments"] as? [Any])?.count == 10)
    let lifetime = try #require(report["lifetime"] as? [String: Any])
    #expect((lifetime["parameters"] as? [String: Double])?.keys.sorted() == ["a", "alpha", "b", "p", "q", "r", "v"])
    let written = try jsonObject(
      try segmentaOK(["value", "report", "--out", "value.html", "--json"], in: directory.path))
    #expect(written["file"] as? String == "value.html" && written["format"] as? String == "html")
    let html = try String(contentsOfFile: directory.file("value.html"), encoding: .utf8)
    #expect(html.contains("<svg") && !html.contains("<script"))
    let markdown = try segmentaOK(["value", "report", "--format", "md"], in: directory.path)
    #expect(markdown.contains("RFM"))
    let workspace = try Data(contentsOf: URL(fileURLWithPath: directory.file("segmenta.db")))
    for out in ["segmenta.db", "segmenta.db-wal"] {
      let refused = try segmenta(["value", "report", "--out", out], in: directory.path)
      #expect(refused.status == 1, "\(out)")
      #expect(refused.stderr.contains("writing there would destroy it"), "\(refused.stderr)")
    }
    let folder = try segmenta(["value", "report", "--out", "sub/"], in: directory.path)
    #expect(folder.status == 1 && folder.stderr.contains("names a folder"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: directory.file("segmenta.db"))) == workspace)
  }
}
