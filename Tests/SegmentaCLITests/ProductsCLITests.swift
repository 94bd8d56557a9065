import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta products and recommend")
struct ProductsCLITests {
  @Test("catalogue → recommend: eligibility, target, priority then strength; do-not-contact left out")
  func recommend() throws {
    let directory = TemporaryDirectory()
    directory.write(
      "customers.csv",
      """
      customer_id,arpu,data_mb,trips,age,do_not_contact
      A,120,50,3,30,no
      B,40,5,0,22,no
      C,200,80,0,45,yes
      D,90,30,1,60,no
      E,10,,0,35,no

      """)
    directory.write(
      "products.yaml",
      """
      products:
        - id: app
          name: {zh: 应用, en: App}
          tags: [data]
          eligibility: data_mb >= 10
          target: at_least(1, arpu >= 100, data_mb >= 40, age < 35)
          priority: 5
        - id: travel
          name: 漫游
          target: trips >= 1
          priority: 9
        - id: basic
          target: arpu < 50
          priority: 1

      """)
    _ = try segmentaOK(["init"], in: directory.path)
    _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)
    _ = try segmentaOK(["products", "define", "--catalog", "products.yaml"], in: directory.path)
    let report = try jsonObject(
      try segmentaOK(["recommend", "--top", "2", "--out", "rec.csv", "--json"], in: directory.path))
    #expect(report["customers"] as? Int == 5)
    #expect(report["do_not_contact"] as? Int == 1)
    let rows = try String(contentsOfFile: directory.file("rec.csv"), encoding: .utf8).split(separator: "\n")
      .dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    func picks(_ id: String) -> [String] { rows.filter { $0[0] == id }.map { $0[2] } }
    // A: travel (priority 9) before app (priority 5; all three signals hold: strength 1).
    #expect(picks("A") == ["travel", "app"])
    #expect(rows.first { $0[0] == "A" && $0[2] == "app" }?[7] == "1.000")
    // B: app is not eligible (data_mb 5 < 10); basic matches.
    #expect(picks("B") == ["basic"])
    // C is do-not-contact.
    #expect(picks("C").isEmpty)
    // D: travel only (app eligible but no target condition holds: arpu 90, data 30, age 60).
    #expect(picks("D") == ["travel"])
    // E: data_mb missing → not eligible for app; basic.
    #expect(picks("E") == ["basic"])
    #expect(report["rows"] as? Int == 5)

    directory.write("bad.yaml", "products:\n  - id: x\n    target: arpuu > 1\n")
    let bad = try segmenta(["products", "define", "--catalog", "bad.yaml"], in: directory.path)
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("the target rule of product 'x' column 1: unknown field 'arpuu'"))
    let list = try segmentaOK(["products", "list"], in: directory.path)
    #expect(list.contains("3 products."))
  }
}
