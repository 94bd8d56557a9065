import Foundation
import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Report JSON: snake_case, sorted, and null for numbers that are not finite")
struct ReportJSONTests {
  struct Sample: Encodable {
    var meanValue: Double
    var ratio: Double
    var spread: Double?
    var name: String
    var values: [Double]
  }

  @Test("NaN and infinities become null, never strings; text that merely reads nan stays text")
  func nonFinite() throws {
    let text = try ReportJSON.encode(
      Sample(meanValue: .nan, ratio: .infinity, spread: -.infinity, name: "nan", values: [1.5, .nan, 2]))
    #expect(!text.contains("\"inf\"") && !text.contains("\"-inf\""))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["mean_value"] is NSNull && object["ratio"] is NSNull && object["spread"] is NSNull)
    #expect(object["name"] as? String == "nan")
    let values = try #require(object["values"] as? [Any])
    #expect(values.count == 3 && values[0] as? Double == 1.5 && values[1] is NSNull && values[2] as? Double == 2)
  }
}
