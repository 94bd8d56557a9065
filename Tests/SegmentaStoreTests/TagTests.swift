import Foundation
import GRDB
import SegmentaCore
import SegmentaFormats
import SegmentaStore
import SegmentaTestSupport
import Testing

@Suite("Tags")
struct TagTests {
  static let customersCSV = """
    customer_id,gender,age,arpu,city
    A,F,22,40,北京
    B,M,31,120,上海
    C,F,47,,北京
    D,M,58,260,深圳
    E,F,35,99.5,北京

    """

  @Test("gained and lost between two sorted member lists")
  func change() {
    let change = TagChange(previous: [1, 3, 5, 9], current: [2, 3, 9, 10, 11])
    #expect(change == TagChange(count: 5, gained: 3, lost: 2))
    #expect(TagChange(previous: [], current: [4]) == TagChange(count: 1, gained: 1, lost: 0))
  }

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
    #expect(definitions.allSatisfy { $0.family == nil || ["age", "gender"].contains($0.family!) })
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

  @Test("define checks every rule first and stores nothing when one fails; cycles are refused")
  func defineChecks() throws {
    let directory = TemporaryDirectory()
    let workspace = try makeWorkspace(directory)
    try importCSV(Self.customersCSV, into: workspace, directory: directory)
    let good = TagDefinition(
      name: "young", category: .demographic, label: FeatureLabel(zh: "年轻", en: "Young"), description: "",
      rule: "age < 30")
    let bad = TagDefinition(
      name: "rich", category: .business, label: FeatureLabel(zh: "富", en: "Rich"), description: "", rule: "arpuu > 100")
    #expect(throws: TagDefinitionError.self) { try TagPipeline.define([good, bad], workspace: workspace) }
    #expect(try workspace.tags().isEmpty)
    do {
      try TagPipeline.define([good, bad], workspace: workspace)
    } catch {
      #expect("\(error)".contains("the rule of tag 'rich' column 1: unknown field 'arpuu'; did you mean 'arpu'?"))
    }
    let a = TagDefinition(
      name: "a", category: .social, label: FeatureLabel(zh: "a", en: "a"), description: "", rule: "tag(b)")
    let b = TagDefinition(
      name: "b", category: .social, label: FeatureLabel(zh: "b", en: "b"), description: "", rule: "tag(a) or age > 50")
    do {
      try TagPipeline.define([a, b], workspace: workspace)
      Issue.record("a cycle was accepted")
    } catch {
      #expect("\(error)".contains("tags read each other in a circle: a → b → a"))
    }
    #expect(try workspace.tags().isEmpty)
  }

  @Test("apply stores versions with counts, coverage, gained and lost; tags read earlier tags")
  func applyVersions() throws {
    let directory = TemporaryDirectory()
    let workspace = try makeWorkspace(directory)
    try importCSV(Self.customersCSV, into: workspace, directory: directory)
    func tag(_ name: String, _ rule: String) -> TagDefinition {
      TagDefinition(
        name: name, category: .business, label: FeatureLabel(zh: name, en: name), description: "", rule: rule)
    }
    // `valuable` reads `beijing`, defined after it: apply orders by dependency.
    try TagPipeline.define(
      [tag("valuable", "arpu >= 99 and not tag(beijing)"), tag("beijing", "city = \"北京\"")], workspace: workspace)
    let first = try TagPipeline.apply(workspace: workspace)
    #expect(first.customers == 5)
    let valuable = try #require(first.results.first { $0.name == "valuable" })
    #expect(valuable.count == 2)  // B and D; C's arpu is missing, E is in Beijing
    #expect(valuable.unknown == 0)
    #expect(valuable.version == 1 && valuable.gained == 2 && valuable.lost == 0)
    #expect(abs(valuable.coverage - 0.4) < 1e-12)
    let beijing = try #require(first.results.first { $0.name == "beijing" })
    #expect(beijing.count == 3)

    try TagPipeline.define([tag("beijing", "city in [\"北京\", \"上海\"]")], workspace: workspace)
    #expect(try workspace.tags().first { $0.definition.name == "beijing" }?.revision == 2)
    let second = try TagPipeline.apply(workspace: workspace)
    let valuable2 = try #require(second.results.first { $0.name == "valuable" })
    #expect(valuable2.version == 2 && valuable2.count == 1 && valuable2.gained == 0 && valuable2.lost == 1)
    let beijing2 = try #require(second.results.first { $0.name == "beijing" })
    #expect(beijing2.count == 4 && beijing2.gained == 1 && beijing2.lost == 0)
    // Version 1 stays readable.
    #expect(try workspace.tagMembers("valuable", version: 1).count == 2)
    #expect(try workspace.tagVersions("valuable").map(\.version) == [2, 1])

    // Rules elsewhere read the stored membership.
    let data = try WorkspaceRuleData(workspace: workspace)
    let rule = try CompiledRule("tag(valuable) or tag(beijing)", schema: data.schema)
    var evaluator = RuleEvaluator(data: data)
    #expect(try evaluator.matches(rule).filter { $0 }.count == 5)
  }
}
