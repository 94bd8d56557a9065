import Foundation
import SegmentaCore
import Yams

/// Reads the matrix spec of `segments assess` (docs/b2b.md).
///
/// Attractiveness criteria, capabilities, quadrant thresholds. Errors name the file, line and column.
package enum MatrixSpecParser {
  /// The capabilities the brief names; others may be added.
  package static let briefCapabilities = ["sales", "design", "supply_chain", "delivery"]

  /// Parses a matrix spec's text.
  package static func parse(_ text: String, file: String) throws(SpecFileError) -> MatrixSpec {
    let root = try YAMLValue.parse(text, file: file)
    let top = try root.fields("the matrix spec", allowed: ["attractiveness", "capabilities", "quadrants"])
    guard let criteriaNode = top["attractiveness"] else {
      throw root.error("a matrix spec needs 'attractiveness': a list of criteria")
    }
    var criteria: [MatrixSpec.Criterion] = []
    for node in try criteriaNode.sequence("attractiveness") { criteria.append(try criterion(node)) }
    guard !criteria.isEmpty else { throw criteriaNode.error("'attractiveness' needs at least one criterion") }
    guard let capabilitiesNode = top["capabilities"] else {
      throw root.error(
        "a matrix spec needs 'capabilities' (\(briefCapabilities.joined(separator: ", ")), each scored 0, 1 or 2)")
    }
    var capabilities: [MatrixSpec.Capability] = []
    for entry in try capabilitiesNode.mapping("capabilities") {
      capabilities.append(try capability(entry.key, entry.value))
    }
    guard !capabilities.isEmpty else { throw capabilitiesNode.error("'capabilities' needs at least one capability") }
    var spec = MatrixSpec(criteria: criteria, capabilities: capabilities)
    if let quadrants = top["quadrants"] {
      let fields = try quadrants.fields("quadrants", allowed: ["attractiveness", "fit"])
      if let node = fields["attractiveness"] {
        spec.attractivenessThreshold = try bounded(node, "quadrants.attractiveness", 0...10)
      }
      if let node = fields["fit"] { spec.fitThreshold = try bounded(node, "quadrants.fit", 0...2) }
    }
    return spec
  }

  /// Reads and parses the spec at `path`.
  package static func load(path: String) throws(SpecFileError) -> MatrixSpec {
    try parse(SpecFile.text(at: path, what: "the matrix spec"), file: path)
  }

  /// A number as written in a spec: `2`, `0.5`.
  static func plain(_ value: Double) -> String { String(format: "%g", value) }

  static func bounded(_ node: YAMLValue, _ what: String, _ range: ClosedRange<Double>) throws(SpecFileError)
    -> Double
  {
    let value = try node.number(what)
    guard range.contains(value) else {
      throw node.error(
        "\(what) must lie between \(plain(range.lowerBound)) and \(plain(range.upperBound)), "
          + "not \(plain(value))")
    }
    return value
  }

  static func criterion(_ node: YAMLValue) throws(SpecFileError) -> MatrixSpec.Criterion {
    let fields = try node.fields(
      "a criterion", allowed: ["label", "size", "mean", "median", "share", "weight", "linear", "thresholds"])
    guard let labelNode = fields["label"] else { throw node.error("a criterion needs a 'label'") }
    let label = try ProfileSpecParser.label(labelNode, what: "the criterion label")
    let measures = ["size", "mean", "median", "share"].compactMap { key in fields[key].map { (key: key, node: $0) } }
    guard measures.count == 1, let measure = measures.first else {
      throw node.error(
        "a criterion needs exactly one of 'size' (customers or share), 'mean', 'median' or 'share'")
    }
    let read: MatrixSpec.Measure
    switch measure.key {
    case "size":
      switch try measure.node.text("size") {
      case "customers": read = .customers
      case "share": read = .share
      case let other: throw measure.node.error("size takes 'customers' or 'share', not '\(other)'")
      }
    default:
      // The same measures as a profile KPI, read by the same parser.
      let kpi = try ProfileSpecParser.kpi(node.with(["label", measure.key]))
      read = .kpi(kpi.measure)
    }
    var weight = 1.0
    if let weightNode = fields["weight"] {
      weight = try weightNode.number("weight")
      guard weight > 0 else { throw weightNode.error("weight must be above 0, not \(plain(weight))") }
    }
    let mappings = ["linear", "thresholds"].compactMap { key in fields[key].map { (key: key, node: $0) } }
    guard mappings.count == 1, let mapping = mappings.first else {
      throw node.error(
        "a criterion needs exactly one of 'linear: {min, max}' or 'thresholds: [{at, score}, …]' to map it to 0–10")
    }
    if mapping.key == "linear" {
      let bounds = try mapping.node.fields("linear", allowed: ["min", "max"])
      guard let low = bounds["min"], let high = bounds["max"] else {
        throw mapping.node.error("linear needs 'min' and 'max' (the values scoring 0 and 10)")
      }
      let lowValue = try low.number("linear.min")
      let highValue = try high.number("linear.max")
      guard lowValue != highValue else { throw high.error("linear.max must differ from linear.min") }
      return MatrixSpec.Criterion(
        label: label, measure: read, weight: weight, mapping: .linear(min: lowValue, max: highValue))
    }
    var steps: [MatrixSpec.Threshold] = []
    var below = 0.0
    for stepNode in try mapping.node.sequence("thresholds") {
      let step = try stepNode.fields("a threshold", allowed: ["at", "score", "below"])
      if let belowNode = step["below"] {
        below = try bounded(belowNode, "below", 0...10)
        continue
      }
      guard let at = step["at"], let score = step["score"] else {
        throw stepNode.error("a threshold needs 'at' (the lowest value) and 'score' (0 to 10)")
      }
      let value = try at.number("at")
      if let previous = steps.last, value <= previous.at {
        throw at.error("thresholds must rise: \(plain(value)) follows \(plain(previous.at))")
      }
      steps.append(MatrixSpec.Threshold(at: value, score: try bounded(score, "score", 0...10)))
    }
    guard !steps.isEmpty else { throw mapping.node.error("thresholds needs at least one {at, score}") }
    return MatrixSpec.Criterion(label: label, measure: read, weight: weight, mapping: .thresholds(steps, below: below))
  }

  static func capability(_ name: String, _ node: YAMLValue) throws(SpecFileError) -> MatrixSpec.Capability {
    if node.plainNumber != nil {
      return MatrixSpec.Capability(
        name: name, dimension: nil, scores: [:], defaultScore: try score(node, "capability '\(name)'"))
    }
    let fields = try node.fields("capability '\(name)'", allowed: ["by", "scores", "default"])
    var defaultScore = 0.0
    if let node = fields["default"] { defaultScore = try score(node, "default") }
    guard let by = fields["by"] else {
      if let scores = fields["scores"] {
        throw scores.error("capability '\(name)' lists scores by value; name the column they are values of with 'by'")
      }
      return MatrixSpec.Capability(name: name, dimension: nil, scores: [:], defaultScore: defaultScore)
    }
    var scores: [String: Double] = [:]
    if let scoresNode = fields["scores"] {
      for entry in try scoresNode.mapping("scores of '\(name)'") {
        scores[entry.key] = try score(entry.value, "the score of '\(entry.key)'")
      }
    }
    return MatrixSpec.Capability(
      name: name, dimension: try by.text("by"), scores: scores, defaultScore: defaultScore)
  }

  /// A capability score: 0 hard to get, 1 easy to get, 2 already have.
  static func score(_ node: YAMLValue, _ what: String) throws(SpecFileError) -> Double {
    guard let value = node.plainNumber, [0, 1, 2].contains(value) else {
      throw node.error("\(what) takes 0 (hard to get), 1 (easy to get) or 2 (already have)")
    }
    return value
  }
}

extension YAMLValue {
  /// The mapping with only `keys` kept (to hand part of an entry to another reader).
  fileprivate func with(_ keys: Set<String>) -> YAMLValue {
    guard case Node.mapping(let entries) = node else { return self }
    let kept = entries.filter { pair in pair.key.string.map(keys.contains) ?? false }
    return YAMLValue(
      node: Node.mapping(Node.Mapping(Array(kept), entries.tag, entries.style, entries.mark)), file: file)
  }
}
