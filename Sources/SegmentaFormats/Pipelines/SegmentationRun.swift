import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segment`: features from the workspace into a stored segmentation version.
public enum SegmentationRun {
  /// Which features to segment on.
  public enum FeatureChoice: Sendable, Equatable {
    /// Every feature of the period, or every numeric customer column when there is no period.
    case all
    /// These wide-table features or numeric customer columns.
    case named([String])
  }

  /// What to run.
  public struct Request: Sendable {
    /// The segmentation's name.
    public var name: String
    /// The wide-table period (nil: the latest, if any).
    public var period: String?
    /// The features.
    public var features: FeatureChoice
    /// The run's options.
    public var options: SegmentationOptions

    /// Creates a request.
    public init(name: String, period: String? = nil, features: FeatureChoice = .all, options: SegmentationOptions) {
      self.name = name
      self.period = period
      self.features = features
      self.options = options
    }
  }

  /// What `segment --json` reports.
  public struct Summary: Sendable, Codable {
    /// Name.
    public var name: String
    /// Version stored.
    public var version: Int
    /// Period of the features.
    public var period: String?
    /// Customers segmented.
    public var customers: Int
    /// Method.
    public var method: String
    /// Clusters.
    public var k: Int
    /// How k was chosen.
    public var kRule: String
    /// Segments (groups; equal to k without merging).
    public var segments: Int
    /// Sum of squared distances to the centres in the scaled space.
    public var inertia: Double
    /// Mean silhouette of the chosen k.
    public var silhouette: Double
    /// poor, fair or good.
    public var rating: SilhouetteRating
    /// Calinski–Harabasz index of the chosen k.
    public var calinskiHarabasz: Double
    /// Davies–Bouldin index of the chosen k.
    public var daviesBouldin: Double
    /// Customers per segment, largest first.
    public var sizes: [Int]
    /// Customers per cluster, largest first.
    public var clusterSizes: [Int]
    /// Each cluster's 1-based segment.
    public var clusterSegments: [Int]
    /// Quality for every k tried.
    public var kTable: [KQuality]
    /// What preprocessing did to each feature.
    public var preprocessing: [FeatureTransform]
    /// Notes.
    public var notes: [String]
    /// Wall time in seconds.
    public var seconds: Double
  }

  /// The features chosen and their values, one column per feature, aligned to `keys`.
  public struct Inputs {
    /// Customer keys, one per row.
    public var keys: [Int64]
    /// The period used, if any.
    public var period: String?
    /// Features in column order.
    public var features: [SegmentationModel.Feature]
    /// Values per feature, NaN where missing.
    public var columns: [[Double]]
  }

  /// Loads the values of the requested features.
  public static func inputs(workspace: Workspace, period: String?, features choice: FeatureChoice) throws -> Inputs {
    let hasPeriods = !(try workspace.periods()).isEmpty
    let table = hasPeriods || period != nil ? try workspace.wideTable(period: period) : nil
    let keys = try table?.customerKeys ?? workspace.customerKeys()
    guard !keys.isEmpty else {
      throw WorkspaceError.invalidRequest("the workspace has no customers to segment; import customers first")
    }
    let numeric = try workspace.customerColumns().filter(\.type.isNumeric)
    var names: [String]
    switch choice {
    case .all:
      names = table?.features.map(\.name) ?? numeric.map(\.name)
      guard !names.isEmpty else {
        throw WorkspaceError.invalidRequest(
          "there are no numeric features to segment on; build a wide table or import numeric columns")
      }
    case .named(let list):
      names = list
    }
    var features: [SegmentationModel.Feature] = []
    var columns: [[Double]] = []
    var customerNames: [String] = []
    for name in names {
      if let feature = table?.feature(named: name) {
        features.append(SegmentationModel.Feature(name: name, source: "feature", label: feature.label))
        columns.append(feature.values)
      } else if numeric.contains(where: { $0.name == name }) {
        features.append(
          SegmentationModel.Feature(name: name, source: "customer", label: FeatureLabel(zh: name, en: name)))
        columns.append([])
        customerNames.append(name)
      } else {
        let known = (table?.features.map(\.name) ?? []) + numeric.map(\.name)
        throw WorkspaceError.invalidRequest(
          "'\(name)' is neither a feature of period \(table?.period.label ?? "(none)") nor a numeric customer column"
            + (known.isEmpty ? "" : "; available: \(known.joined(separator: ", "))"))
      }
    }
    if Set(names).count != names.count {
      throw WorkspaceError.invalidRequest("a feature is named twice in --features")
    }
    let values = try workspace.customerValues(columns: customerNames, keys: keys)
    for (index, feature) in features.enumerated() where feature.source == "customer" {
      columns[index] = values[feature.name]!.values
    }
    return Inputs(keys: keys, period: table?.period.label, features: features, columns: columns)
  }

  /// Runs and stores the segmentation; `progress` receives short status lines.
  public static func run(workspace: Workspace, request: Request, progress: (String) -> Void = { _ in }) throws
    -> Summary
  {
    let started = Date()
    guard !request.name.isEmpty, !request.name.contains(where: { $0.isWhitespace || $0 == "/" }) else {
      throw WorkspaceError.invalidRequest("a segmentation name must be one word without '/', such as 'telecom_2024q1'")
    }
    progress("loading features")
    var inputs = try inputs(workspace: workspace, period: request.period, features: request.features)
    let segmentation = try Segmenter.run(
      zip(inputs.features.map(\.name), inputs.columns).map { ($0, $1) }, options: request.options, progress: progress)
    var model = SegmentationModel(
      method: "kmeans", features: inputs.features, options: request.options, segmentation: segmentation)
    progress("naming segments")
    model.automaticNames = SegmentProfiler.profile(
      segments: segmentation.groups, segmentCount: segmentation.groupCount, clusterGroups: segmentation.clusterGroups,
      features: zip(inputs.features, inputs.columns).map { ProfileColumn(name: $0.name, label: $0.label, values: $1) },
      preprocessing: segmentation.preprocessing, categories: [], numbers: [:], kpis: [], playbook: Playbook(rules: [])
    ).segments.map(\.automaticName)
    inputs.columns = []
    progress("saving")
    let version = try workspace.saveSegmentation(
      name: request.name, period: inputs.period, model: model, customerKeys: inputs.keys,
      clusters: segmentation.clusters, groups: segmentation.groups)
    let chosen = segmentation.chosen
    return Summary(
      name: request.name, version: version, period: inputs.period, customers: inputs.keys.count, method: "kmeans",
      k: segmentation.k, kRule: segmentation.kRule, segments: segmentation.groupCount, inertia: chosen.inertia,
      silhouette: chosen.silhouette, rating: SilhouetteRating(chosen.silhouette),
      calinskiHarabasz: chosen.calinskiHarabasz, daviesBouldin: chosen.daviesBouldin, sizes: segmentation.groupSizes,
      clusterSizes: segmentation.clusterSizes, clusterSegments: segmentation.clusterGroups.map { $0 + 1 },
      kTable: segmentation.kTable, preprocessing: segmentation.preprocessing.transforms, notes: segmentation.notes,
      seconds: Date().timeIntervalSince(started))
  }
}
