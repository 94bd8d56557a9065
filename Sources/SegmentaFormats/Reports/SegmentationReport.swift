import Foundation
import SegmentaCore
import SegmentaStore

/// Everything a profile report shows, as data: what `segmenta profile --format json` prints and what
/// the Markdown and HTML renderers draw.
public struct SegmentationReport: Sendable, Codable {
  /// A segment's card.
  public struct Card: Sendable, Codable {
    /// The name shown: the analyst's if given, else the automatic one.
    public var name: FeatureLabel
    /// Whether the analyst named it.
    public var renamed: Bool
    /// The profile.
    public var profile: SegmentProfile
  }

  /// Segmentation name.
  public var name: String
  /// Version.
  public var version: Int
  /// When it was made.
  public var createdAt: String
  /// Period of the features.
  public var period: String?
  /// Method.
  public var method: String
  /// Customers segmented.
  public var customers: Int
  /// Clusters.
  public var k: Int
  /// How k was chosen.
  public var kRule: String
  /// Segments.
  public var segments: Int
  /// Inertia of the chosen k.
  public var inertia: Double
  /// Silhouette of the chosen k.
  public var silhouette: Double
  /// Its rating.
  public var rating: SilhouetteRating
  /// Calinski–Harabasz index.
  public var calinskiHarabasz: Double
  /// Davies–Bouldin index.
  public var daviesBouldin: Double
  /// Quality for every k tried.
  public var kTable: [KQuality]
  /// Preprocessing per feature.
  public var preprocessing: [FeatureTransform]
  /// Features with their importance.
  public var features: [ProfiledFeature]
  /// One card per segment, largest first.
  public var cards: [Card]
  /// Notes.
  public var notes: [String]
}

/// Builds a ``SegmentationReport`` from a stored segmentation and the workspace's data.
public enum SegmentReportBuilder {
  /// Profiles `segmentation` with `spec`'s KPIs, categories and playbook.
  public static func build(workspace: Workspace, segmentation: StoredSegmentation, spec: ProfileSpec) throws
    -> SegmentationReport
  {
    let model = segmentation.model
    let keys = segmentation.customerKeys
    let table = segmentation.period.map { try? workspace.wideTable(period: $0) } ?? nil
    let customerFeatures = model.features.filter { $0.source == "customer" }.map(\.name)
    let customerValues = try workspace.customerValues(columns: customerFeatures, keys: keys)
    var tableRow: [Int64: Int] = [:]
    if let table, table.customerKeys != keys {
      for (index, key) in table.customerKeys.enumerated() { tableRow[key] = index }
    }
    func featureValues(_ name: String) -> [Double]? {
      if let values = customerValues[name]?.values { return values }
      guard let feature = table?.feature(named: name) else { return nil }
      if tableRow.isEmpty { return feature.values }
      return keys.map { key in tableRow[key].map { feature.values[$0] } ?? .nan }
    }
    var columns: [ProfileColumn] = []
    for feature in model.features {
      guard let values = featureValues(feature.name) else {
        throw WorkspaceError.invalidRequest(
          "the data of feature '\(feature.name)' is no longer in the workspace (period \(segmentation.period ?? "–"))")
      }
      columns.append(ProfileColumn(name: feature.name, label: feature.label, values: values))
    }

    let available = try workspace.customerColumns()
    let categoryNames = try spec.categories ?? workspace.categoricalColumns()
    for name in categoryNames where !available.contains(where: { $0.name == name }) {
      throw WorkspaceError.invalidRequest("the profile spec lists category '\(name)', which is not a customer column")
    }
    var shareColumns: [String] = []
    var numbers: [String: [Double]] = [:]
    var numericKPIColumns: [String] = []
    for kpi in spec.kpis {
      switch kpi.measure {
      case .share(let column, _):
        shareColumns.append(column)
      case .mean(let column), .median(let column):
        if let values = featureValues(column) {
          numbers[column] = values
        } else {
          numericKPIColumns.append(column)
        }
      }
    }
    let kpiValues = try workspace.customerValues(columns: numericKPIColumns, keys: keys)
    for column in numericKPIColumns {
      guard let values = kpiValues[column] else {
        throw WorkspaceError.invalidRequest(
          "a KPI reads '\(column)', which is neither a feature of the period nor a numeric customer column")
      }
      numbers[column] = values.values
    }
    let texts = try workspace.customerText(columns: Array(Set(categoryNames + shareColumns)), keys: keys)
    for column in shareColumns where texts[column] == nil {
      throw WorkspaceError.invalidRequest("a KPI counts shares of '\(column)', which is not a customer column")
    }
    let profile = SegmentProfiler.profile(
      segments: segmentation.groups, segmentCount: model.segmentCount, clusterGroups: model.clusterGroups,
      features: columns, preprocessing: model.preprocessing, categories: categoryNames.map { ($0, texts[$0]!) },
      texts: texts, numbers: numbers,
      kpis: spec.kpis, playbook: spec.playbook)
    let cards = profile.segments.map { segment in
      let custom = segmentation.customNames[segment.id]
      let name = FeatureLabel(
        zh: custom.map { $0.zh.isEmpty ? segment.automaticName.zh : $0.zh } ?? segment.automaticName.zh,
        en: custom.map { $0.en.isEmpty ? segment.automaticName.en : $0.en } ?? segment.automaticName.en)
      return SegmentationReport.Card(name: name, renamed: custom != nil, profile: segment)
    }
    let chosen = model.chosen
    return SegmentationReport(
      name: segmentation.name, version: segmentation.version, createdAt: segmentation.createdAt,
      period: segmentation.period, method: model.method, customers: keys.count, k: model.k, kRule: model.kRule,
      segments: model.segmentCount, inertia: chosen.inertia, silhouette: chosen.silhouette, rating: model.rating,
      calinskiHarabasz: chosen.calinskiHarabasz, daviesBouldin: chosen.daviesBouldin, kTable: model.kTable,
      preprocessing: model.preprocessing.transforms, features: profile.features, cards: cards, notes: model.notes)
  }
}
