import Foundation
import SegmentaCore
import Yams

/// Reads tag specs (`segmenta tags define --spec tags.yaml`; the format is in docs/tags.md).
///
/// Each entry of `tags:` is one tag with a `rule`, or a family that expands into several tags:
/// `bands` (a numeric field cut at edges: `<name>_under_<e1>`, `<name>_<e1>_<e2>`, …,
/// `<name>_<en>_plus`, each band holding its lower edge) or `values` (one tag per listed value of a
/// field: `<name>_<value>`, or with `by` one per pair of values of two fields:
/// `<name>_<value>_<value2>`). Families give the "3 + X" core tags (gender, age band, income band).
package enum TagSpecParser {
  /// Parses a spec into tag definitions, in order.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> [TagDefinition] {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields("the tag spec", allowed: ["tags"])
    guard let list = top["tags"] else { throw root.error("a tag spec needs 'tags:', a list of tags") }
    var definitions: [TagDefinition] = []
    var seen: [String: Int] = [:]
    for node in try list.sequence("tags") {
      for definition in try entry(node) {
        if let line = seen[definition.name] {
          throw node.error("tag '\(definition.name)' is defined twice (first on line \(line))")
        }
        seen[definition.name] = node.node.mark?.line ?? 0
        definitions.append(definition)
      }
    }
    guard !definitions.isEmpty else { throw list.error("the spec defines no tags") }
    return definitions
  }

  /// Reads and parses the spec at `path`.
  package static func load(path: String) throws(SpecFileError) -> [TagDefinition] {
    try parse(SpecFile.text(at: path, what: "the tag spec"), file: path)
  }

  static func entry(_ node: YAMLValue) throws(SpecFileError) -> [TagDefinition] {
    let fields = try node.fields(
      "a tag", allowed: ["name", "category", "label", "description", "rule", "bands", "values"])
    guard let nameNode = fields["name"] else { throw node.error("a tag needs a 'name'") }
    let name = try nameNode.text("name")
    guard isName(name) else {
      throw nameNode.error(
        "tag name '\(name)' must start with a letter or '_' and hold only letters, digits and '_' (at most 64)")
    }
    guard let categoryNode = fields["category"] else {
      throw node.error(
        "tag '\(name)' needs a 'category': one of \(TagCategory.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    let categoryText = try categoryNode.text("category")
    guard let category = TagCategory(rawValue: categoryText.lowercased()) else {
      throw categoryNode.error(
        "unknown category '\(categoryText)'; categories are \(TagCategory.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    let label =
      try fields["label"].map { node throws(SpecFileError) in
        try ProfileSpecParser.label(node, what: "the label")
      } ?? FeatureLabel(zh: name, en: name)
    let description = try fields["description"]?.text("description") ?? ""
    let kinds = ["rule", "bands", "values"].compactMap { key in fields[key].map { (key: key, node: $0) } }
    guard kinds.count == 1, let kind = kinds.first else {
      throw node.error("tag '\(name)' needs exactly one of 'rule', 'bands' or 'values'")
    }
    switch kind.key {
    case "rule":
      let rule = try kind.node.text("rule")
      guard !rule.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw kind.node.error("the rule of tag '\(name)' is empty")
      }
      return [TagDefinition(name: name, category: category, label: label, description: description, rule: rule)]
    case "bands":
      return try bands(kind.node, name: name, category: category, label: label, description: description)
    default:
      return try values(kind.node, name: name, category: category, label: label, description: description)
    }
  }

  static func bands(
    _ node: YAMLValue, name: String, category: TagCategory, label: FeatureLabel, description: String
  ) throws(SpecFileError) -> [TagDefinition] {
    let fields = try node.fields("bands", allowed: ["field", "edges", "labels"])
    guard let fieldNode = fields["field"], let edgesNode = fields["edges"] else {
      throw node.error("bands need a 'field' and 'edges', e.g. {field: age, edges: [25, 35, 45, 55]}")
    }
    let field = try fieldNode.text("field")
    var edges: [Double] = []
    for edge in try edgesNode.sequence("edges") { edges.append(try edge.number("each edge")) }
    guard !edges.isEmpty, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
      throw edgesNode.error("edges must be one or more numbers in increasing order")
    }
    let shown = edges.map(number)
    var texts = ["<\(shown[0])"]
    for i in 1..<edges.count { texts.append("\(shown[i - 1])–\(shown[i])") }
    texts.append("\(shown[edges.count - 1])+")
    if let labelsNode = fields["labels"] {
      let given = try labelsNode.texts("labels")
      guard given.count == edges.count + 1 else {
        throw labelsNode.error(
          "\(edges.count) edges make \(edges.count + 1) bands, so 'labels' needs \(edges.count + 1) entries")
      }
      texts = given
    }
    let reference = quoted(field)
    var definitions: [TagDefinition] = []
    for band in 0...edges.count {
      let suffix: String
      let rule: String
      if band == 0 {
        suffix = "under_\(token(shown[0]))"
        rule = "\(reference) < \(shown[0])"
      } else if band == edges.count {
        suffix = "\(token(shown[band - 1]))_plus"
        rule = "\(reference) >= \(shown[band - 1])"
      } else {
        suffix = "\(token(shown[band - 1]))_\(token(shown[band]))"
        rule = "\(reference) >= \(shown[band - 1]) and \(reference) < \(shown[band])"
      }
      definitions.append(
        TagDefinition(
          name: "\(name)_\(suffix)", family: name, category: category,
          label: FeatureLabel(zh: "\(label.zh) \(texts[band])", en: "\(label.en) \(texts[band])"),
          description: description, rule: rule))
    }
    return definitions
  }

  static func values(
    _ node: YAMLValue, name: String, category: TagCategory, label: FeatureLabel, description: String
  ) throws(SpecFileError) -> [TagDefinition] {
    let fields = try node.fields("values", allowed: ["field", "values", "by"])
    let (field, entries) = try valueList(node, fields: fields)
    var definitions: [TagDefinition] = []
    guard let byNode = fields["by"] else {
      for (value, valueLabel) in entries {
        definitions.append(
          TagDefinition(
            name: "\(name)_\(token(value))", family: name, category: category,
            label: FeatureLabel(zh: "\(label.zh)：\(valueLabel.zh)", en: "\(label.en): \(valueLabel.en)"),
            description: description, rule: "\(quoted(field)) = \(literal(value))"))
      }
      return definitions
    }
    // A second field splits every value: one tag per pair, `<name>_<value>_<value2>`.
    let (byField, byEntries) = try valueList(byNode, fields: try byNode.fields("by", allowed: ["field", "values"]))
    for (value, valueLabel) in entries {
      for (byValue, byLabel) in byEntries {
        definitions.append(
          TagDefinition(
            name: "\(name)_\(token(value))_\(token(byValue))", family: name, category: category,
            label: FeatureLabel(
              zh: "\(label.zh)：\(valueLabel.zh) · \(byLabel.zh)", en: "\(label.en): \(valueLabel.en) · \(byLabel.en)"),
            description: description,
            rule: "\(quoted(field)) = \(literal(value)) and \(quoted(byField)) = \(literal(byValue))"))
      }
    }
    return definitions
  }

  /// The field and the values (with their labels) of a `values` family or of its `by`.
  static func valueList(
    _ node: YAMLValue, fields: [String: YAMLValue]
  ) throws(SpecFileError) -> (field: String, entries: [(value: String, label: FeatureLabel)]) {
    guard let fieldNode = fields["field"], let valuesNode = fields["values"] else {
      throw node.error("values need a 'field' and 'values', e.g. {field: gender, values: {F: 女, M: 男}}")
    }
    let field = try fieldNode.text("field")
    let entries: [(value: String, label: FeatureLabel)]
    if case .mapping(_) = valuesNode.node {
      var list: [(value: String, label: FeatureLabel)] = []
      for entry in try valuesNode.mapping("values") {
        list.append((entry.key, try ProfileSpecParser.label(entry.value, what: "the label of '\(entry.key)'")))
      }
      entries = list
    } else {
      entries = try valuesNode.texts("values").map { ($0, FeatureLabel(zh: $0, en: $0)) }
    }
    guard !entries.isEmpty else { throw valuesNode.error("values lists no values") }
    return (field, entries)
  }

  /// Whether `text` can name a tag.
  static func isName(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64 else { return false }
    guard first == "_" || first.properties.isAlphabetic else { return false }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil
    }
  }

  /// A number as the rule language writes it.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// A piece of a tag name: letters and digits kept, anything else '_'.
  package static func token(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { $0.properties.isAlphabetic || ("0"..."9").contains($0) ? $0 : "_" }))
  }

  /// A field reference; names that are not plain identifiers, or are keywords, are back-quoted.
  static func quoted(_ field: String) -> String {
    let keywords: Set<String> = ["and", "or", "not", "in", "between", "is", "missing", "true", "false"]
    return isName(field) && !keywords.contains(field.lowercased()) ? field : "`\(field)`"
  }

  /// A text literal of the rule language.
  static func literal(_ value: String) -> String {
    "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
