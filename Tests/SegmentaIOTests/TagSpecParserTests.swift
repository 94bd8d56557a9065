import SegmentaCore
import Testing

@testable import SegmentaIO

@Suite("Tag spec parser: families, labels, located errors")
struct TagSpecParserTests {
  @Test("bands and values expand into one tag per band or value, with rules and labels")
  func families() throws {
    let definitions = try TagSpecParser.parse(
      """
      tags:
        - name: age
          category: demographic
          label: {zh: 年龄段, en: Age}
          bands: {field: age, edges: [25, 40.5]}
        - name: gender
          category: Demographic
          label: {zh: 性别, en: Gender}
          values: {field: gender, values: {F: {zh: 女, en: Female}, M: 男}}
        - name: city_beijing
          category: social
          rule: city = "北京"
      """, file: "tags.yaml")
    #expect(
      definitions.map(\.name) == [
        "age_under_25", "age_25_40_5", "age_40_5_plus", "gender_F", "gender_M", "city_beijing",
      ])
    #expect(definitions[0].rule == "age < 25")
    #expect(definitions[1].rule == "age >= 25 and age < 40.5")
    #expect(definitions[2].rule == "age >= 40.5")
    #expect(definitions[1].label == FeatureLabel(zh: "年龄段 25–40.5", en: "Age 25–40.5"))
    #expect(definitions[3].rule == "gender = \"F\"")
    #expect(definitions[3].label == FeatureLabel(zh: "性别：女", en: "Gender: Female"))
    #expect(definitions[4].label == FeatureLabel(zh: "性别：男", en: "Gender: 男"))
    #expect(definitions.allSatisfy { $0.family.map { ["age", "gender"].contains($0) } ?? true })
    #expect(
      definitions[5].category == .social && definitions[5].label == FeatureLabel(zh: "city_beijing", en: "city_beijing")
    )
  }

  @Test("spec errors name the file, line and column")
  func specErrors() {
    func message(_ text: String) -> String {
      do {
        _ = try TagSpecParser.parse(text, file: "t.yaml")
        return "no error"
      } catch { return error.description }
    }
    #expect(
      message("tags:\n  - name: a\n    category: socal\n    rule: x > 1\n").hasPrefix(
        "t.yaml:3:15: unknown category 'socal'"))
    #expect(
      message("tags:\n  - name: a\n    category: social\n    rul: x > 1\n").contains(
        "unknown key 'rul' in a tag (did you mean 'rule'?)"))
    #expect(
      message("tags:\n  - name: a b\n    category: social\n    rule: x\n").contains(
        "tag name 'a b' must start with a letter"))
    #expect(
      message("tags:\n  - name: a\n    category: social\n    rule: x\n    bands: {field: a, edges: [1]}\n").contains(
        "exactly one of 'rule', 'bands' or 'values'"))
    #expect(
      message("tags:\n  - name: a\n    category: social\n    bands: {field: a, edges: [3, 1]}\n").contains(
        "increasing order"))
    #expect(
      message("tags:\n  - name: a\n    category: social\n    rule: x\n  - name: a\n    category: social\n    rule: y\n")
        .contains("tag 'a' is defined twice"))
  }
}
