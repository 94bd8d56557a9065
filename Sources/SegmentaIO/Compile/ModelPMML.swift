import Foundation
import SegmentaCore

/// A stored centre-based segmentation as a PMML 4.4 ClusteringModel.
///
/// The preprocessing is a
/// TransformationDictionary (one derived field per feature: missing filled, clipped, `ln(1 + x)` where the
/// model takes `log1p`, then centred, scaled and weighted) and one cluster per centre with the squared
/// Euclidean distance. A standard scorer returns the 1-based cluster (`cluster`, the predicted value) and
/// the segment it belongs to (`segment`, the cluster's name).
package struct ModelPMML: Sendable {
  package var name: String
  package var version: Int
  package var model: SegmentationModel
  /// Each segment's name (0-based), as the workspace shows it.
  package var segmentNames: [String]
  /// The Segmenta version written in the header.
  package var application: String

  package init(name: String, version: Int, model: SegmentationModel, segmentNames: [String], application: String) {
    self.name = name
    self.version = version
    self.model = model
    self.segmentNames = segmentNames
    self.application = application
  }

  /// The PMML document.
  package func document() -> String {
    precondition(ModelSQL.compiles(model), "a centre-based model")
    let transforms = model.preprocessing.transforms
    let description =
      "Segmentation '\(name)' version \(version): \(model.method), \(model.k) clusters in \(model.segmentCount) segments"
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">",
      "  <Header description=\"\(Self.escape(description))\">",
      "    <Application name=\"Segmenta\" version=\"\(Self.escape(application))\"/>",
      "  </Header>",
      "  <DataDictionary numberOfFields=\"\(transforms.count)\">",
    ]
    for transform in transforms {
      lines.append("    <DataField name=\"\(Self.escape(transform.name))\" optype=\"continuous\" dataType=\"double\"/>")
    }
    lines.append("  </DataDictionary>")
    lines.append("  <TransformationDictionary>")
    for transform in transforms {
      lines.append(
        "    <DerivedField name=\"\(Self.escape(Self.prepared(transform.name)))\" optype=\"continuous\" "
          + "dataType=\"double\">")
      lines.append("      " + expression(transform))
      lines.append("    </DerivedField>")
    }
    lines.append("  </TransformationDictionary>")
    lines.append(
      "  <ClusteringModel modelName=\"\(Self.escape(name))\" functionName=\"clustering\" modelClass=\"centerBased\" "
        + "numberOfClusters=\"\(model.k)\">")
    lines.append("    <MiningSchema>")
    for transform in transforms {
      lines.append("      <MiningField name=\"\(Self.escape(transform.name))\" usageType=\"active\"/>")
    }
    lines.append("    </MiningSchema>")
    lines.append("    <Output>")
    lines.append(
      "      <OutputField name=\"cluster\" optype=\"categorical\" dataType=\"string\" feature=\"predictedValue\"/>")
    lines.append(
      "      <OutputField name=\"segment\" optype=\"categorical\" dataType=\"string\" "
        + "feature=\"predictedDisplayValue\"/>")
    lines.append("    </Output>")
    lines.append("    <ComparisonMeasure kind=\"distance\">")
    lines.append("      <squaredEuclidean/>")
    lines.append("    </ComparisonMeasure>")
    for transform in transforms {
      lines.append(
        "    <ClusteringField field=\"\(Self.escape(Self.prepared(transform.name)))\" compareFunction=\"absDiff\"/>")
    }
    for cluster in 0..<model.k {
      let group = model.clusterGroups[cluster]
      let label = group < segmentNames.count ? segmentNames[group] : "Segment \(group + 1)"
      lines.append("    <!-- cluster \(cluster + 1): segment \(group + 1), \(Self.escape(label)) -->")
      lines.append("    <Cluster id=\"\(cluster + 1)\" name=\"\(group + 1)\" size=\"\(model.clusterSizes[cluster])\">")
      let centre = (0..<transforms.count).map { "\(Double(model.centres[cluster * model.stride + $0]))" }
      lines.append("      <Array n=\"\(transforms.count)\" type=\"real\">\(centre.joined(separator: " "))</Array>")
      lines.append("    </Cluster>")
    }
    lines.append("  </ClusteringModel>")
    lines.append("</PMML>")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The derived field of a feature's prepared value.
  static func prepared(_ name: String) -> String { "prepared_" + name }

  /// One feature's preprocessing as a PMML expression.
  func expression(_ transform: FeatureTransform) -> String {
    let field = "<FieldRef field=\"\(Self.escape(transform.name))\"/>"
    var value =
      "<Apply function=\"if\"><Apply function=\"isMissing\">\(field)</Apply>\(Self.constant(transform.fill))"
      + "\(field)</Apply>"
    if let lower = transform.lower { value = "<Apply function=\"max\">\(value)\(Self.constant(lower))</Apply>" }
    if let upper = transform.upper { value = "<Apply function=\"min\">\(value)\(Self.constant(upper))</Apply>" }
    if transform.log1p {
      value =
        "<Apply function=\"ln\"><Apply function=\"+\">\(Self.constant(1))<Apply function=\"max\">\(value)"
        + "\(Self.constant(0))</Apply></Apply></Apply>"
    }
    if transform.center != 0 { value = "<Apply function=\"-\">\(value)\(Self.constant(transform.center))</Apply>" }
    if transform.scale != 1 { value = "<Apply function=\"/\">\(value)\(Self.constant(transform.scale))</Apply>" }
    if transform.weight != 1 { value = "<Apply function=\"*\">\(value)\(Self.constant(transform.weight))</Apply>" }
    return value
  }

  static func constant(_ value: Double) -> String {
    "<Constant dataType=\"double\">\(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")</Constant>"
  }

  /// `text` safe in XML attributes and text.
  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "-" where out.hasSuffix("-"): out += "&#45;"
      default: out.append(character)
      }
    }
    return out
  }
}
