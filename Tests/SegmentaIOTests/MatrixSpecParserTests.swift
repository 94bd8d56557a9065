import Foundation
import FoundationXML
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Matrix spec parser and the matrix chart")
struct MatrixSpecParserTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("the shipped example is docs/examples/matrix.yaml and reads as the brief's matrix")
  func example() throws {
    let file = try String(
      contentsOf: Self.root.appendingPathComponent("docs/examples/matrix.yaml"), encoding: .utf8)
    #expect(file == DemoSpecs.matrixYAML + "\n" || file == DemoSpecs.matrixYAML)
    let spec = try MatrixSpecParser.parse(DemoSpecs.matrixYAML, file: "matrix.yaml")
    #expect(spec.criteria.map(\.weight) == [2, 3, 1, 2])
    #expect(spec.criteria[0].measure == .share && spec.criteria[0].mapping == .linear(min: 0, max: 0.08))
    #expect(spec.criteria[1].measure == .kpi(.mean("monthly_spend")))
    #expect(spec.criteria[3].measure == .kpi(.share(column: "purchase_factor", value: "cheapest")))
    #expect(
      spec.criteria[3].mapping
        == .thresholds([MatrixSpec.Threshold(at: 0.3, score: 6), MatrixSpec.Threshold(at: 0.6, score: 2)], below: 10))
    #expect(spec.capabilities.map(\.name) == MatrixSpecParser.briefCapabilities)
    #expect(spec.capabilities[0].dimension == "industry" && spec.capabilities[0].scores["production"] == 2)
    #expect(spec.capabilities[3].scores["west"] == 0 && spec.capabilities[3].defaultScore == 1)
    #expect(spec.attractivenessThreshold == 6 && spec.fitThreshold == 1.5)
  }

  @Test("a capability may be one score for every segment; quadrants default to 6 and 1.5")
  func shortForms() throws {
    let spec = try MatrixSpecParser.parse(
      "attractiveness:\n  - {label: Size, size: customers, linear: {min: 0, max: 100}}\ncapabilities:\n  design: 1\n",
      file: "m.yaml")
    #expect(spec.criteria[0].measure == .customers && spec.criteria[0].weight == 1)
    #expect(spec.capabilities == [MatrixSpec.Capability(name: "design", dimension: nil, scores: [:], defaultScore: 1)])
    #expect(spec.attractivenessThreshold == 6 && spec.fitThreshold == 1.5)
  }

  @Test("spec errors name the file, line and column")
  func specErrors() {
    func message(_ text: String) -> String {
      do {
        _ = try MatrixSpecParser.parse(text, file: "m.yaml")
        return "no error"
      } catch { return error.description }
    }
    let criterion = "attractiveness:\n  - label: Size\n    size: share\n    linear: {min: 0, max: 1}\n"
    #expect(
      message(criterion + "capabilities:\n  sales: 3\n") == "m.yaml:6:10: capability 'sales' takes 0 (hard to get), "
        + "1 (easy to get) or 2 (already have)")
    #expect(
      message(criterion + "capabilities:\n  sales: {by: industry, scores: {production: 5}}\n").hasPrefix(
        "m.yaml:6:46: the score of 'production' takes 0"))
    #expect(
      message("attractiveness:\n  - label: Size\n    sise: share\n").hasPrefix(
        "m.yaml:3:5: unknown key 'sise' in a criterion (did you mean 'size'?)"))
    #expect(
      message("attractiveness:\n  - label: Size\n    size: share\ncapabilities: {sales: 1}\n").hasPrefix(
        "m.yaml:2:5: a criterion needs exactly one of 'linear: {min, max}' or 'thresholds"))
    #expect(
      message(
        "attractiveness:\n  - label: P\n    mean: x\n    thresholds: [{at: 5, score: 1}, {at: 2, score: 3}]\n"
          + "capabilities: {sales: 1}\n"
      ).hasPrefix("m.yaml:4:42: thresholds must rise: 2 follows 5"))
    #expect(
      message(criterion + "capabilities: {sales: 1}\nquadrants: {fit: 3}\n").hasPrefix(
        "m.yaml:6:18: quadrants.fit must lie between 0 and 2"))
    #expect(message(criterion).hasPrefix("m.yaml:1:1: a matrix spec needs 'capabilities'"))
    #expect(
      message("attractiveness:\n  - label: W\n    size: share\n    weight: 0\n    linear: {min: 0, max: 1}\n")
        .hasPrefix("m.yaml:4:13: weight must be above 0"))
    #expect(message("attractiveness: [\n").hasPrefix("m.yaml:"))
  }

  @Test("the matrix is well-formed SVG with one labelled bubble per segment, sized by customers")
  func svg() throws {
    let assessment = SegmentAssessment(
      spec: MatrixSpec(
        criteria: [
          MatrixSpec.Criterion(
            label: FeatureLabel(zh: "规模", en: "Size"), measure: .share, weight: 1, mapping: .linear(min: 0, max: 1))
        ],
        capabilities: [MatrixSpec.Capability(name: "sales", dimension: nil, scores: [:], defaultScore: 2)]),
      segments: [
        .init(
          segment: 1, name: FeatureLabel(zh: "生产 & <高>", en: "production & \"high\""), customers: 300, values: [nil],
          capabilities: [2]),
        .init(segment: 2, name: FeatureLabel(zh: "其他", en: "Other"), customers: 100, values: [nil], capabilities: [0]),
      ])
    let svg = AssessmentChart.svg(assessment)
    final class Collector: NSObject, XMLParserDelegate {
      var circles: [[String: String]] = []
      var titles: [String] = []
      var text = ""
      func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
      ) {
        if name == "circle" { circles.append(attributes) }
        text = ""
      }
      func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
      func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "title" { titles.append(text) }
      }
    }
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    #expect(parser.parse(), "the SVG parses as XML: \(parser.parserError.map { "\($0)" } ?? "")")
    #expect(collector.circles.count == 2)
    let radii = collector.circles.compactMap { $0["r"].flatMap(Double.init) }
    #expect(radii == radii.sorted(by: >) && radii[0] > radii[1], "the larger segment is drawn first and larger")
    #expect(collector.titles.contains { $0.hasPrefix("1. 生产 & <高> / production & \"high\": attractiveness 7.50") })
    // Fit 2 at the right edge (x = 60 + 630), attractiveness 7.5 a quarter down (y = 20 + 0.25 × 410).
    #expect(collector.circles[0]["cx"] == "690.0" && collector.circles[0]["cy"] == "122.5")
    let table = AssessmentChart.table(assessment)
    #expect(table.contains("<td>1</td><td>1. 生产 &amp; &lt;高&gt; / production &amp; &quot;high&quot;</td>"))
  }
}
