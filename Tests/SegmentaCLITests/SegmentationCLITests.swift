import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta segment, profile, assign and export", .serialized)
struct SegmentationCLITests {
  @Test("segment → versions reproduce → rename → profile md/html/json → export → assign agrees with export")
  func lifecycle() throws {
    let directory = TemporaryDirectory()
    let demo = try jsonObject(
      try segmentaOK(["demo", "--customers", "1500", "--seed", "3", "--out", "d", "--json"], in: directory.path))
    let demoSegments = try #require(demo["segmentation"] as? [String: Any])
    #expect((demoSegments["sizes"] as? [Int])?.reduce(0, +) == 1500)
    #expect((demo["adjusted_rand_index"] as? Double ?? 0) > 0.8)
    let workspace = "d/segmenta.db"
    let features = "total_call_minutes,sms_count,data_mb,vas_sms_count,international_minutes,rival_network_share"

    let first = try jsonObject(
      try segmentaOK(
        [
          "segment", "--workspace", workspace, "--name", "five", "--k", "5", "--features", features, "--seed", "11",
          "--json",
        ],
        in: directory.path))
    #expect(first["k"] as? Int == 5 && first["segments"] as? Int == 5 && first["version"] as? Int == 1)
    let sizes = try #require(first["sizes"] as? [Int])
    #expect(sizes.count == 5 && sizes.reduce(0, +) == 1500 && sizes == sizes.sorted(by: >))
    #expect((first["k_table"] as? [[String: Any]])?.count == 1)
    #expect((first["inertia"] as? Double ?? 0) > 0)
    let silhouette = try #require(first["silhouette"] as? Double)
    #expect(silhouette > 0 && silhouette < 1)
    let preprocessing = try #require(first["preprocessing"] as? [[String: Any]])
    #expect(preprocessing.map { $0["name"] as? String } == features.split(separator: ",").map(String.init))
    #expect(preprocessing.first { $0["name"] as? String == "total_call_minutes" }?["log1p"] as? Bool == true)
    #expect(
      preprocessing.allSatisfy { ($0["log_reason"] as? String)?.isEmpty == false && $0["scale"] as? Double != nil })

    // The same inputs and seed reproduce the segmentation exactly, as a new version.
    let second = try jsonObject(
      try segmentaOK(
        [
          "segment", "--workspace", workspace, "--name", "five", "--k", "5", "--features", features, "--seed", "11",
          "--json",
        ],
        in: directory.path))
    #expect(second["version"] as? Int == 2 && second["inertia"] as? Double == first["inertia"] as? Double)
    _ = try segmentaOK(
      ["export", "five", "--workspace", workspace, "--version", "1", "--out", "v1.csv"], in: directory.path)
    _ = try segmentaOK(["export", "five", "--workspace", workspace, "--out", "v2.csv"], in: directory.path)
    let v1 = try String(contentsOfFile: directory.file("v1.csv"), encoding: .utf8)
    #expect(v1 == (try String(contentsOfFile: directory.file("v2.csv"), encoding: .utf8)))
    #expect(v1.split(separator: "\n").count == 1501)
    #expect(v1.hasPrefix("customer_id,cluster_id,segment_id,segment_name\n"))

    let list = try segmentaOK(["segments", "list", "--workspace", workspace], in: directory.path)
    // The demo also stores its value tiers as a segmentation.
    #expect(
      list.contains("demo") && list.contains("five") && list.contains("value_tier")
        && list.contains("3 segmentations stored in 4 versions"))
    #expect(list.contains("  1  ") && list.contains("2 *"))

    // Renaming changes the name everywhere it is shown.
    let renamed = try segmentaOK(
      ["segments", "rename", "five", "1", "忠诚大客户", "--workspace", workspace], in: directory.path)
    #expect(renamed.contains("忠诚大客户"))
    let markdown = try segmentaOK(
      ["profile", "five", "--workspace", workspace, "--spec", "d/profile.yaml"], in: directory.path)
    #expect(markdown.contains("## 1. 忠诚大客户"))
    #expect(markdown.contains("平均ARPU / Mean ARPU") && markdown.contains("top brand:"))
    #expect(!markdown.contains("## Choosing k"))  // k was given
    let html = try segmentaOK(
      ["profile", "five", "--workspace", workspace, "--format", "html", "--out", "p.html"], in: directory.path)
    #expect(html.contains("Wrote the html profile of five version 2"))
    let page = try String(contentsOfFile: directory.file("p.html"), encoding: .utf8)
    #expect(page.contains("<meta charset=\"utf-8\">") && page.contains("<svg") && page.contains("忠诚大客户"))
    #expect(
      !page.contains("http://") && !page.contains("https://") && !page.contains("<script") && !page.contains("src="))
    let json = try jsonObject(
      try segmentaOK(["profile", "five", "--workspace", workspace, "--format", "json"], in: directory.path))
    let cards = try #require(json["cards"] as? [[String: Any]])
    #expect(cards.count == 5)
    #expect((cards[0]["name"] as? [String: Any])?["zh"] as? String == "忠诚大客户" && cards[0]["renamed"] as? Bool == true)
    let profile = try #require(cards[0]["profile"] as? [String: Any])
    #expect(profile["size"] as? Int == sizes[0])
    let exported = try String(contentsOfFile: directory.file("v2.csv"), encoding: .utf8)
    _ = try segmentaOK(
      ["export", "five", "--workspace", workspace, "--out", "v2.csv", "--lang", "zh"], in: directory.path)
    let named = try String(contentsOfFile: directory.file("v2.csv"), encoding: .utf8)
    #expect(named.contains(",1,忠诚大客户\n") && !exported.contains("忠诚大客户"))

    // Assigning the same customers from a file gives the stored segments.
    _ = try segmentaOK(["features", "export", "--workspace", workspace, "--out", "wide.csv"], in: directory.path)
    let assigned = try jsonObject(
      try segmentaOK(
        ["assign", "five", "--workspace", workspace, "--input", "wide.csv", "--out", "assigned.csv", "--json"],
        in: directory.path))
    #expect(assigned["rows"] as? Int == 1500)
    func segments(_ file: String, column: Int) throws -> [String: String] {
      var result: [String: String] = [:]
      for line in try String(contentsOfFile: directory.file(file), encoding: .utf8).split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        result[String(fields[0])] = String(fields[column])
      }
      return result
    }
    #expect(try segments("assigned.csv", column: 1) == segments("v2.csv", column: 2))
  }

  @Test("unknown features and missing columns are reported clearly")
  func errors() throws {
    let directory = TemporaryDirectory()
    _ = try segmentaOK(["demo", "--customers", "300", "--out", "d"], in: directory.path)
    let unknown = try segmenta(
      ["segment", "--workspace", "d/segmenta.db", "--name", "x", "--features", "calls,nope"], in: directory.path)
    #expect(
      unknown.status != 0
        && unknown.stderr.contains("'calls' is neither a feature of period 2024Q1 nor a numeric customer column"))
    directory.write("in.csv", "customer_id,total_call_minutes\nA,3\n")
    let assign = try segmenta(
      ["assign", "demo", "--workspace", "d/segmenta.db", "--input", "in.csv", "--out", "o.csv"], in: directory.path)
    #expect(assign.status != 0 && assign.stderr.contains("in.csv:1: the segmentation needs columns call_count"))
    let missing = try segmenta(["profile", "nothing", "--workspace", "d/segmenta.db"], in: directory.path)
    #expect(missing.stderr.contains("no segmentation named 'nothing'; segmentations are: demo"))
  }

  @Test("segment --method som --json reports the map's errors; its text, assign and export agree; k-means has none")
  func selfOrganizingMap() throws {
    let directory = TemporaryDirectory()
    _ = try segmentaOK(["demo", "--customers", "600", "--seed", "4", "--out", "d"], in: directory.path)
    let workspace = "d/segmenta.db"
    let features = "total_call_minutes,sms_count,data_mb,international_minutes"
    let arguments = [
      "segment", "--workspace", workspace, "--name", "map", "--method", "som", "--grid", "5x6", "--groups", "4",
      "--features", features,
    ]
    let output = try jsonObject(try segmentaOK(arguments + ["--json"], in: directory.path))
    #expect(output["method"] as? String == "som" && output["grid"] as? String == "5x6")
    #expect(output["k"] as? Int == 30 && output["segments"] as? Int == 4)
    let quantization = try #require(output["quantization_error"] as? Double)
    let topographic = try #require(output["topographic_error"] as? Double)
    #expect(quantization > 0 && (0...1).contains(topographic))
    #expect((output["cluster_sizes"] as? [Int])?.reduce(0, +) == 600)
    let text = try segmentaOK(arguments, in: directory.path)
    #expect(text.contains("Map 5x6 (30 units): quantisation error ") && text.contains("with a self-organising map"))
    // Assigning the customers again through the stored map puts each in the segment it was given.
    _ = try segmentaOK(["export", "map", "--workspace", workspace, "--out", "map.csv"], in: directory.path)
    _ = try segmentaOK(["features", "export", "--workspace", workspace, "--out", "wide.csv"], in: directory.path)
    _ = try segmentaOK(
      ["assign", "map", "--workspace", workspace, "--input", "wide.csv", "--out", "assigned.csv"], in: directory.path)
    func column(_ file: String, _ index: Int) throws -> [String: String] {
      var result: [String: String] = [:]
      for line in try String(contentsOfFile: directory.file(file), encoding: .utf8).split(separator: "\n").dropFirst() {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        result[String(fields[0])] = String(fields[index])
      }
      return result
    }
    #expect(try column("assigned.csv", 1) == column("map.csv", 2))
    let html = try segmentaOK(["profile", "map", "--workspace", workspace, "--format", "html"], in: directory.path)
    #expect(html.contains("U-matrix") && html.contains("aria-label=\"U-matrix\""))
    let kmeans = try jsonObject(
      try segmentaOK(
        ["segment", "--workspace", workspace, "--name", "plain", "--k", "4", "--features", features, "--json"],
        in: directory.path))
    #expect(kmeans["quantization_error"] == nil && kmeans["topographic_error"] == nil && kmeans["grid"] == nil)
  }

  @Test("segment --method kprototypes --json reports γ, the cost and the modes; an unknown column is named")
  func kPrototypes() throws {
    let directory = TemporaryDirectory()
    _ = try segmentaOK(["demo", "--customers", "600", "--seed", "4", "--out", "d"], in: directory.path)
    let workspace = "d/segmenta.db"
    let arguments = [
      "segment", "--workspace", workspace, "--name", "mixed", "--method", "kprototypes", "--categorical",
      "brand,city", "--k", "3", "--restarts", "2", "--features", "total_call_minutes,sms_count,data_mb",
    ]
    let output = try jsonObject(try segmentaOK(arguments + ["--json"], in: directory.path))
    #expect(output["method"] as? String == "kprototypes" && output["k"] as? Int == 3)
    let gamma = try #require(output["gamma"] as? Double)
    // Half the mean standard deviation of z-scores (computed on the Float32 matrix).
    #expect(abs(gamma - 0.5) < 1e-6)
    #expect((output["cost"] as? Double) == (output["inertia"] as? Double))
    #expect(output["categorical"] as? [String] == ["brand", "city"])
    #expect((output["modes"] as? [[String]])?.count == 3)
    let text = try segmentaOK(arguments + ["--gamma", "1.5"], in: directory.path)
    #expect(text.contains("k-prototypes: γ = 1.5 per categorical mismatch") && text.contains("with k-prototypes"))
    let unknown = try segmenta(
      ["segment", "--workspace", workspace, "--name", "x", "--method", "kprototypes", "--categorical", "brandx"],
      in: directory.path)
    #expect(unknown.status != 0 && unknown.stderr.contains("categorical column 'brandx'"))
  }
}
