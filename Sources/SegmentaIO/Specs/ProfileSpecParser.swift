import Foundation
import SegmentaCore
import Yams

/// Reads profile specs and playbooks (see docs/segments.md for both formats).
package enum ProfileSpecParser {
  /// Parses a profile spec; a `playbook:` path is read relative to the spec's folder, and the
  /// default telecom playbook is used when none is named.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> ProfileSpec {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields("the profile spec", allowed: ["kpis", "categories", "playbook"])
    var spec = ProfileSpec(playbook: try defaultPlaybook())
    if let kpis = top["kpis"] {
      for node in try kpis.sequence("kpis") { spec.kpis.append(try kpi(node)) }
    }
    if let categories = top["categories"] { spec.categories = try categories.texts("categories") }
    if let playbook = top["playbook"] {
      let path = try playbook.text("playbook")
      let resolved =
        path.hasPrefix("/")
        ? path : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
      spec.playbook = try parsePlaybook(YAMLValue.load(path: resolved))
    }
    return spec
  }

  /// Reads and parses the spec at `path`.
  package static func load(path: String) throws(SpecFileError) -> ProfileSpec {
    try parse(SpecFile.text(at: path, what: "the profile spec"), file: path)
  }

  /// Parses a playbook file's text.
  package static func parsePlaybook(_ text: String, file: String) throws(SpecFileError) -> Playbook {
    try parsePlaybook(YAMLValue.parse(text, file: file))
  }

  /// The shipped telecom playbook.
  package static func defaultPlaybook() throws(SpecFileError) -> Playbook {
    try parsePlaybook(DemoSpecs.telecomPlaybookYAML, file: "telecom-playbook.yaml")
  }

  static func kpi(_ node: YAMLValue) throws(SpecFileError) -> KPIDefinition {
    let fields = try node.fields("a KPI", allowed: ["label", "mean", "median", "share"])
    guard let labelNode = fields["label"] else { throw node.error("a KPI needs a 'label'") }
    let label = try self.label(labelNode, what: "the KPI label")
    let measures = ["mean", "median", "share"].compactMap { key in fields[key].map { (key: key, node: $0) } }
    guard measures.count == 1, let measure = measures.first else {
      throw node.error("a KPI needs exactly one of 'mean', 'median' or 'share'")
    }
    switch measure.key {
    case "mean": return KPIDefinition(label: label, measure: .mean(try measure.node.text("mean")))
    case "median": return KPIDefinition(label: label, measure: .median(try measure.node.text("median")))
    default:
      let share = try measure.node.fields("share", allowed: ["column", "value"])
      guard let column = share["column"], let value = share["value"] else {
        throw measure.node.error("share needs 'column' and 'value', e.g. {column: gender, value: F}")
      }
      return KPIDefinition(
        label: label, measure: .share(column: try column.text("column"), value: try value.text("value")))
    }
  }

  static func label(_ node: YAMLValue, what: String) throws(SpecFileError) -> FeatureLabel {
    if case .scalar = node.node {
      let text = try node.text(what)
      return FeatureLabel(zh: text, en: text)
    }
    let labels = try node.fields(what, allowed: ["zh", "en"])
    guard let zh = labels["zh"], let en = labels["en"] else { throw node.error("\(what) needs both 'zh' and 'en'") }
    return FeatureLabel(zh: try zh.text("zh"), en: try en.text("en"))
  }

  static func parsePlaybook(_ root: YAMLValue) throws(SpecFileError) -> Playbook {
    let top = try root.fields("the playbook", allowed: ["rules"])
    guard let rulesNode = top["rules"] else { throw root.error("a playbook needs 'rules'") }
    var rules: [Playbook.Rule] = []
    for node in try rulesNode.sequence("rules") {
      let fields = try node.fields("a rule", allowed: ["id", "strong", "weak", "min_matches", "actions"])
      guard let id = fields["id"] else { throw node.error("a rule needs an 'id'") }
      let strong = try fields["strong"]?.texts("strong") ?? []
      let weak = try fields["weak"]?.texts("weak") ?? []
      if strong.isEmpty && weak.isEmpty { throw node.error("a rule needs 'strong' or 'weak' features") }
      guard let actionsNode = fields["actions"] else { throw node.error("a rule needs 'actions'") }
      var actions: [FeatureLabel] = []
      for action in try actionsNode.sequence("actions") { actions.append(try label(action, what: "an action")) }
      rules.append(
        Playbook.Rule(
          id: try id.text("id"), strong: strong, weak: weak,
          minimumMatches: try fields["min_matches"]?.integer("min_matches") ?? 1, actions: actions))
    }
    return Playbook(rules: rules)
  }
}
