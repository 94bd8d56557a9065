import Foundation
import SegmentaTestSupport
import Testing

@Suite("segmenta tags")
struct TagsCLITests {
  @Test("define → apply → list → show, and rules read the tags")
  func tagsLoop() throws {
    let directory = TemporaryDirectory()
    directory.write(
      "customers.csv",
      """
      customer_id,gender,age,arpu,brand,phone
      A,F,22,40,动感地带,13800001111
      B,M,31,120,全球通,13800002222
      C,F,47,,神州行,13800003333
      D,M,58,260,全球通,13800004444
      E,F,35,99.5,动感地带,13800005555

      """)
    directory.write(
      "tags.yaml",
      """
      tags:
        - name: gender
          category: demographic
          label: {zh: 性别, en: Gender}
          values: {field: gender, values: {F: 女, M: 男}}
        - name: income
          category: demographic
          label: {zh: 收入, en: Income}
          bands: {field: arpu, edges: [50, 100]}
        - name: valuable
          category: business
          label: {zh: 高价值, en: Valuable}
          description: Spends well and is not young.
          rule: at_least(2, arpu >= 99, age >= 30, brand = "全球通")

      """)
    _ = try segmentaOK(["init"], in: directory.path)
    _ = try segmentaOK(["import", "customers", "customers.csv"], in: directory.path)
    let defined = try jsonObject(
      try segmentaOK(["tags", "define", "--spec", "tags.yaml", "--json"], in: directory.path))
    #expect(defined["tags"] as? Int == 6)

    let applied = try jsonObject(try segmentaOK(["tags", "apply", "--json"], in: directory.path))
    #expect(applied["customers"] as? Int == 5)
    let results = try #require(applied["tags"] as? [[String: Any]])
    func result(_ name: String) -> [String: Any] { results.first { $0["name"] as? String == name } ?? [:] }
    #expect(results.count == 6)
    #expect(result("gender_F")["count"] as? Int == 3)
    #expect(result("income_under_50")["count"] as? Int == 1)
    #expect(result("income_50_100")["count"] as? Int == 1)
    #expect(result("income_100_plus")["count"] as? Int == 2)
    // B (3 of 3), D (3 of 3), E (arpu and age), C (age only; arpu missing → unknown) → 3 tagged.
    #expect(result("valuable")["count"] as? Int == 3)
    #expect(result("valuable")["unknown"] as? Int == 1)
    #expect(result("valuable")["gained"] as? Int == 3)

    let again = try segmentaOK(["tags", "apply"], in: directory.path)
    #expect(again.contains("Applied 6 tags to 5 customers"))
    #expect(again.contains("v2"))

    let list = try segmentaOK(["tags", "list"], in: directory.path)
    #expect(list.contains("高价值 / Valuable"))
    #expect(list.contains("6 tags."))

    let show = try jsonObject(try segmentaOK(["tags", "show", "valuable", "--json"], in: directory.path))
    #expect(show["count"] as? Int == 3)
    #expect(show["version"] as? Int == 2)
    let features = try #require(show["features"] as? [[String: Any]])
    let arpu = try #require(features.first { $0["name"] as? String == "arpu" })
    // Tagged B, D, E: (120 + 260 + 99.5) / 3; everyone with a value: (40 + 120 + 260 + 99.5) / 4.
    #expect(abs((arpu["tagged_mean"] as? Double ?? 0) - 479.5 / 3) < 1e-9)
    #expect(abs((arpu["overall_mean"] as? Double ?? 0) - 519.5 / 4) < 1e-9)
    let categories = try #require(show["categories"] as? [[String: Any]])
    #expect(categories.contains { $0["column"] as? String == "brand" })
    #expect(!categories.contains { $0["column"] as? String == "phone" })
    let text = try segmentaOK(["tags", "show", "valuable"], in: directory.path)
    #expect(text.contains("3 of 5 customers carry valuable (60.0 %)"))
    #expect(!text.contains("13800"))

    let count = try jsonObject(
      try segmentaOK(["rule", "check", "tag(valuable) and tag(gender_F)", "--count", "--json"], in: directory.path))
    #expect(count["matches"] as? Int == 1)
    let typo = try segmenta(["rule", "check", "tag(valuabel)"], in: directory.path)
    #expect(typo.status == 1)
    #expect(typo.stderr.contains("unknown tag 'valuabel'; did you mean 'valuable'?"))

    directory.write("bad.yaml", "tags:\n  - name: x\n    category: social\n    rule: arpu >\n")
    let bad = try segmenta(["tags", "define", "--spec", "bad.yaml"], in: directory.path)
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("bad.yaml: the rule of tag 'x'"))
    #expect(!bad.stderr.contains("Usage"))
  }
}
