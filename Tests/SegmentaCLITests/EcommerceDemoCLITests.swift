import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta demo --ecommerce")
struct EcommerceDemoCLITests {
  @Test("prints the 9 × 3 lists against the planted ones and the VIPs; --json holds the same counts")
  func demo() throws {
    let directory = TemporaryDirectory()
    let text = try segmentaOK(["demo", "--ecommerce", "--customers", "600", "--out", "shop"], in: directory.path)
    #expect(text.contains("27 of 27 lists hold exactly the planted customers."))
    #expect(text.contains("Built period 2024Q1: 9 features") && text.contains("Built period 2024Q2: 9 features"))
    let summary = try #require(text.split(separator: "\n").last)
    #expect(summary.hasPrefix("Demo done: 600 customers,") && summary.contains("27 e-mail lists"))

    let json = try jsonObject(
      try segmentaOK(["demo", "--ecommerce", "--customers", "600", "--out", "shop", "--json"], in: directory.path))
    let lists = try #require(json["lists"] as? [[String: Any]])
    #expect(lists.count == 27)
    #expect(lists.allSatisfy { $0["customers"] as? Int == $0["planted"] as? Int })
    #expect(json["vips"] as? Int == json["planted_vips"] as? Int)
    #expect(text.contains("focus_shift_vip tags \(json["vips"] as? Int ?? -1) of them"))
  }
}
