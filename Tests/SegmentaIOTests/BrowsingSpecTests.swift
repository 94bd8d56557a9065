import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Browsing specs: mode, bands of a feature, changed; the e-mail list tags")
struct BrowsingSpecTests {
  static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/examples/ecommerce")

  @Test("the shipped browsing spec reads into a mode, its share, bands of a feature and a change")
  func shippedSpec() throws {
    let spec = try WideTableSpecParser.parse(DemoSpecs.browsingYAML, file: "browsing.yaml")
    #expect(try WideTablePlan(spec: spec).textFieldNames == ["category"])
    let byName = Dictionary(uniqueKeysWithValues: spec.features.map { ($0.name, $0) })
    #expect(byName["top_category"]?.categories.count == 10)
    #expect(byName["top_category"]?.summary.hasPrefix("mode(category) of [apparel, beauty") == true)
    #expect(
      byName["price_band"]?.kind
        == .bands(feature: "mean_viewed_price", edges: [100, 500], labels: ["low", "mid", "high"]))
    #expect(byName["price_band"]?.categories == ["low", "mid", "high"])
    #expect(
      byName["focus_shift"]?.kind == .changed(feature: "top_category", previous: nil, missingWithoutPrevious: true))
    #expect(byName["focus_shift"]?.summary == "top_category changed since the previous period")
  }

  @Test("the examples under docs are the specs the demo writes")
  func docsExamples() throws {
    #expect(
      try String(contentsOf: Self.docs.appendingPathComponent("browsing.yaml"), encoding: .utf8) == DemoSpecs
        .browsingYAML + "\n")
    #expect(
      try String(contentsOf: Self.docs.appendingPathComponent("email-tags.yaml"), encoding: .utf8) == DemoSpecs
        .emailTagsYAML + "\n")
  }

  @Test("values split by a second field give one tag per pair; the e-mail lists are 27 tags and a VIP rule")
  func emailLists() throws {
    let definitions = try TagSpecParser.parse(DemoSpecs.emailTagsYAML, file: "email-tags.yaml")
    #expect(definitions.count == 28)
    let beautyHigh = try #require(definitions.first { $0.name == "email_list_beauty_high" })
    #expect(beautyHigh.rule == #"top_category = "beauty" and price_band = "high""#)
    #expect(beautyHigh.label.en == "E-mail list: beauty · high" && beautyHigh.family == "email_list")
    #expect(definitions.last?.rule == "focus_shift = 1 and views >= 10")
  }

  @Test("a 'by' without its values is located")
  func byErrors() {
    let text = """
      tags:
        - name: lists
          category: interest
          values:
            field: top_category
            values: [a, b]
            by: {field: price_band}
      """
    do {
      _ = try TagSpecParser.parse(text, file: "t.yaml")
      Issue.record("no error")
    } catch {
      #expect(error.line == 7 && error.message.contains("values need a 'field' and 'values'"), "\(error)")
    }
  }

  @Test("spec mistakes about categories, bands of a feature and changes are located")
  func located() {
    func error(_ feature: String) -> SpecFileError? {
      do {
        _ = try WideTableSpecParser.parse("features:\n  - name: f\n" + feature, file: "f.yaml")
        return nil
      } catch { return error }
    }
    let cases: [(String, Int, Int, String)] = [
      ("    aggregate: mode\n    of: category\n", 3, 16, "list them with 'categories"),
      ("    aggregate: sum\n    of: price\n    categories: [a]\n", 5, 17, "apply to mode and mode_share only"),
      ("    aggregate: mode\n    of: category\n    categories: [a, b, a]\n", 5, 17, "'a' is listed twice"),
      ("    aggregate: mode\n    of: category\n    categories: [a]\n    divide_by: 2\n", 6, 16, "does not apply"),
      ("    feature: price\n", 3, 14, "cut it into bands"),
      ("    feature: price\n    bands: [5, 1]\n", 4, 12, "increasing"),
      ("    changed: top\n    without_previous: zero\n", 4, 23, "takes 'missing'"),
      ("    changed: top\n    window_days: 3\n", 4, 18, "does not apply to a 'changed' feature"),
    ]
    for (text, line, column, message) in cases {
      let found = error(text)
      #expect(found?.line == line && found?.column == column, "\(text): \(String(describing: found))")
      #expect(found?.message.contains(message) == true, "\(text): \(String(describing: found))")
    }
  }
}
