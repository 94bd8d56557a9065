import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segment`: features from the workspace into a stored segmentation version.
package struct SegmentWorkflow: Workflow {
  /// Which features to segment on.
  package enum FeatureChoice: Sendable, Equatable {
    /// Every feature of the period, or every numeric customer column when there is no period.
    case all
    /// These wide-table features or numeric customer columns.
    case named([String])
  }

  /// The segmentation's name; running again with a name stores a new version.
  package var name: String
  /// The wide-table period (nil: the latest, if any).
  package var period: String?
  package var features: FeatureChoice
  /// k (fixed or automatic), preprocessing, starts, merging into groups.
  package var options: SegmentationOptions
  /// The dimensions and minimum cell size of a cube segmentation (method cube); nil for clustering.
  package var cube: CubeRequest? = nil

  package init(name: String, period: String? = nil, features: FeatureChoice = .all, options: SegmentationOptions) {
    self.name = name
    self.period = period
    self.features = features
    self.options = options
  }

  /// What `segment --json` reports, and the names of the new segments.
  package struct Output: Sendable, Codable {
    package var name: String
    /// Version stored.
    package var version: Int
    /// Period of the features.
    package var period: String?
    /// Customers segmented.
    package var customers: Int
    package var method: String
    /// Clusters.
    package var k: Int
    /// How k was chosen.
    package var kRule: String
    /// Segments (groups; equal to k without merging).
    package var segments: Int
    /// Sum of squared distances to the centres in the scaled space.
    package var inertia: Double
    /// Mean silhouette of the chosen k.
    package var silhouette: Double
    /// poor, fair or good.
    package var rating: SilhouetteRating
    /// Calinski–Harabasz index of the chosen k.
    package var calinskiHarabasz: Double
    /// Davies–Bouldin index of the chosen k.
    package var daviesBouldin: Double
    /// Customers per segment, largest first.
    package var sizes: [Int]
    /// Customers per cluster, largest first.
    package var clusterSizes: [Int]
    /// Each cluster's 1-based segment.
    package var clusterSegments: [Int]
    /// Quality for every k tried.
    package var kTable: [KQuality]
    /// What preprocessing did to each feature.
    package var preprocessing: [FeatureTransform]
    package var notes: [String]
    /// Wall time in seconds.
    package var seconds: Double
    /// Seconds spent in each stage, in order (reading the features, preparing them, each k-means,
    /// silhouettes, quality, naming, saving).
    package var stages: [Stage] = []
    /// Seconds spent reading the features' values from the workspace for the fit (part of the
    /// preparing stage, which reads them a few at a time).
    package var readSeconds: Double = 0
    /// Each segment's automatic name (not part of the JSON, which lists sizes only).
    package var names: [FeatureLabel] = []
    /// The map's grid, ROWSxCOLUMNS (method som only).
    package var grid: String? = nil
    /// The mean distance of a customer to the best-matching unit in the prepared space (method som
    /// only).
    package var quantizationError: Double? = nil
    /// The share of customers whose two best-matching units are not adjacent (method som only).
    package var topographicError: Double? = nil
    /// The weight of a categorical mismatch (method kprototypes only).
    package var gamma: Double? = nil
    /// Σ over customers of the dissimilarity to their prototype (method kprototypes only).
    package var cost: Double? = nil
    /// The categorical columns (method kprototypes only).
    package var categorical: [String]? = nil
    /// Each cluster's modes of the categorical columns, in ``categorical`` order (method
    /// kprototypes only).
    package var modes: [[String]]? = nil
    /// The cells of a cube segmentation (method cube only).
    package var cube: CubeResult? = nil

    private enum CodingKeys: String, CodingKey {
      case name, version, period, customers, method, k, kRule, segments, inertia, silhouette, rating
      case calinskiHarabasz, daviesBouldin, sizes, clusterSizes, clusterSegments, kTable, preprocessing, notes, seconds
      case stages, readSeconds, grid, quantizationError, topographicError, gamma, cost, categorical, modes, cube
    }
  }

  /// One stage of a run and its wall time.
  package struct Stage: Sendable, Codable, Equatable {
    package var stage: String
    package var seconds: Double
  }

  /// Times the stages named one after the other: each runs until the next is named.
  final class StageClock {
    private(set) var stages: [Stage] = []
    private var current: (stage: String, started: Date)?

    func start(_ stage: String) {
      finish()
      current = (stage, Date())
    }

    func finish() {
      if let current { stages.append(Stage(stage: current.stage, seconds: Date().timeIntervalSince(current.started))) }
      current = nil
    }
  }

  /// The features chosen and where their values come from, aligned to `keys`.
  struct Inputs {
    /// Customer keys, one per row.
    var keys: [Int64]
    /// The period used, if any.
    var period: String?
    /// Features in column order.
    var features: [SegmentationModel.Feature]
    /// The wide table the features of source "feature" come from.
    var table: StoredWideTable?
    /// Where customer columns are read from, one at a time.
    var reader: Workspace.CustomerColumnReader

    /// The values of feature `index`, NaN where missing: a wide-table feature as the table holds
    /// it, a customer column read from the store (so only the columns in use are in memory).
    func column(_ index: Int) throws(SegmentaError) -> [Double] {
      let feature = features[index]
      if feature.source == "feature", let values = table?.feature(named: feature.name)?.values { return values }
      return try reader.values(feature.name) ?? []
    }

    /// Every feature's values, in feature order (for work that needs them all at once).
    var columns: [[Double]] {
      get throws(SegmentaError) {
        var columns: [[Double]] = []
        for index in features.indices { columns.append(try column(index)) }
        return columns
      }
    }
  }

  /// Loads the values of the requested features.
  static func inputs(
    workspace: Workspace, period: String?, features choice: FeatureChoice, categorical: [String] = []
  ) throws(SegmentaError) -> Inputs {
    let table = try workspace.wideTableIfBuilt(period: period)
    let keys: [Int64]
    if let table { keys = table.customerKeys } else { keys = try workspace.customerKeys() }
    guard !keys.isEmpty else {
      throw SegmentaError(.missingPrerequisite, "the workspace has no customers to segment; import customers first")
    }
    let catalogue = try workspace.customerColumns()
    let numeric = catalogue.filter { $0.type.isNumeric && !$0.personal }
    var names: [String]
    switch choice {
    case .all:
      // Categorical features (a mode, bands) hold codes of categories, not quantities k-means can average;
      // columns given as categorical are not numeric features either.
      names = (table.map { $0.features.filter(\.categories.isEmpty).map(\.name) } ?? numeric.map(\.name))
        .filter { !categorical.contains($0) }
      guard !names.isEmpty else {
        throw SegmentaError(
          .missingPrerequisite,
          "there are no numeric features to segment on; build a wide table or import numeric columns")
      }
    case .named(let list):
      names = list
    }
    var features: [SegmentationModel.Feature] = []
    for name in names {
      if let feature = table?.feature(named: name) {
        features.append(SegmentationModel.Feature(name: name, source: "feature", label: feature.label))
      } else if numeric.contains(where: { $0.name == name }) {
        features.append(
          SegmentationModel.Feature(name: name, source: "customer", label: FeatureLabel(zh: name, en: name)))
      } else if catalogue.contains(where: { $0.name == name && $0.personal }) {
        throw SegmentaError(
          .invalidRequest, "'\(name)' holds personal data, which is never a feature of a segmentation", field: name)
      } else {
        let known = (table?.features.map(\.name) ?? []) + numeric.map(\.name)
        throw SegmentaError(
          .notFound,
          "'\(name)' is neither a feature of period \(table?.period.label ?? "(none)") nor a numeric customer column"
            + (known.isEmpty ? "" : "; available: \(known.joined(separator: ", "))"))
      }
    }
    if Set(names).count != names.count {
      throw SegmentaError(.invalidRequest, "a feature is named twice in --features")
    }
    if let both = names.first(where: categorical.contains) {
      throw SegmentaError(
        .invalidRequest, "'\(both)' is named both in --features and in --categorical; name it in one of them",
        field: "categorical")
    }
    for name in categorical {
      if table?.feature(named: name).map({ !$0.categories.isEmpty }) == true { continue }
      if catalogue.contains(where: { $0.name == name && $0.personal }) {
        throw SegmentaError(
          .invalidRequest, "'\(name)' holds personal data, which is never a column of a segmentation",
          field: "categorical")
      }
      guard catalogue.contains(where: { $0.name == name }) else {
        let bands = table?.features.filter { !$0.categories.isEmpty }.map(\.name) ?? []
        let known = catalogue.filter { !$0.personal && !$0.type.isNumeric }.map(\.name) + bands
        throw SegmentaError(
          .notFound,
          "categorical column '\(name)' is neither a customer column nor a feature with categories of period "
            + "\(table?.period.label ?? "(none)")"
            + (known.isEmpty ? "" : "; available: \(known.joined(separator: ", "))"),
          field: "categorical")
      }
    }
    return Inputs(
      keys: keys, period: table?.period.label, features: features, table: table,
      reader: try workspace.customerColumnReader(keys: keys))
  }

  /// Runs and stores the segmentation, reporting each stage.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let request = self
    let workspace = try context.workspace()
    guard !request.name.isEmpty, !request.name.contains(where: { $0.isWhitespace || $0 == "/" }) else {
      throw SegmentaError(
        .invalidRequest, "a segmentation name must be one word without '/', such as 'telecom_2024q1'")
    }
    if let cube { return try runCube(cube, workspace: workspace, context: context, started: started) }
    let clock = StageClock()
    func progress(_ status: String) {
      clock.start(status)
      context.progress.report(.status("segmenting", status))
    }
    progress("loading features")
    let settings = request.options.prototypes
    var inputs = try Self.inputs(
      workspace: workspace, period: request.period, features: request.features,
      categorical: settings?.categorical ?? [])
    // The raw values are read a few features at a time, for the fit and again for the names, so
    // that they are never all held beside the matrix.
    var readSeconds = 0.0
    func load(_ index: Int) throws -> [Double] {
      let reading = Date()
      defer { readSeconds += Date().timeIntervalSince(reading) }
      return try inputs.column(index)
    }
    let names = inputs.features.map(\.name)
    let segmentation: Segmentation
    if let settings {
      let texts = try SegmentationFeatureColumns.categorical(
        settings.categorical, keys: inputs.keys, table: inputs.table, workspace: workspace)
      let categorical = zip(settings.categorical, texts).map { CategoricalColumn.encoding(name: $0, texts: $1) }
      segmentation = try SegmentaError.catching {
        try Segmenter.runPrototypes(
          names: names, rows: inputs.keys.count, categorical: categorical, options: request.options,
          settings: settings, progress: progress, load: load)
      }
    } else {
      segmentation = try SegmentaError.catching {
        try Segmenter.run(
          names: names, rows: inputs.keys.count, options: request.options, progress: progress, load: load)
      }
    }
    // Features the segmenter left out (one value for everyone) are not part of the model.
    let used = inputs.features.indices.filter { !segmentation.excludedFeatures.contains(inputs.features[$0].name) }
    inputs.features = used.map { inputs.features[$0] }
    let method = segmentation.prototypes != nil ? "kprototypes" : segmentation.map == nil ? "kmeans" : "som"
    var model = SegmentationModel(
      method: method, features: inputs.features, options: request.options, segmentation: segmentation)
    progress("naming segments")
    let separations = try SegmentaError.catching {
      try SegmentProfiler.separations(
        transforms: segmentation.preprocessing.transforms, segments: segmentation.groups,
        sizes: segmentation.groupSizes, load: inputs.column)
    }
    model.automaticNames = SegmentProfiler.profile(
      segments: segmentation.groups, segmentCount: segmentation.groupCount, clusterGroups: segmentation.clusterGroups,
      features: inputs.features.map { ($0.name, $0.label) }, separations: separations, categories: [], numbers: [:],
      kpis: [], playbook: Playbook(rules: [])
    ).segments.map(\.automaticName)
    progress("saving")
    let version = try workspace.saveSegmentation(
      name: request.name, period: inputs.period, model: model, customerKeys: inputs.keys,
      clusters: segmentation.clusters, groups: segmentation.groups)
    clock.finish()
    let chosen = segmentation.chosen
    return Output(
      name: request.name, version: version, period: inputs.period, customers: inputs.keys.count, method: method,
      k: segmentation.k, kRule: segmentation.kRule, segments: segmentation.groupCount, inertia: chosen.inertia,
      silhouette: chosen.silhouette, rating: SilhouetteRating(chosen.silhouette),
      calinskiHarabasz: chosen.calinskiHarabasz, daviesBouldin: chosen.daviesBouldin, sizes: segmentation.groupSizes,
      clusterSizes: segmentation.clusterSizes, clusterSegments: segmentation.clusterGroups.map { $0 + 1 },
      kTable: segmentation.kTable, preprocessing: segmentation.preprocessing.transforms, notes: segmentation.notes,
      seconds: Date().timeIntervalSince(started), stages: clock.stages, readSeconds: readSeconds,
      names: SegmentNames.display(automatic: model.automaticNames, custom: [:], count: model.segmentCount),
      grid: segmentation.map.map { "\($0.rows)x\($0.columns)" },
      quantizationError: segmentation.map?.quantizationError, topographicError: segmentation.map?.topographicError,
      gamma: segmentation.prototypes?.gamma, cost: segmentation.prototypes?.cost,
      categorical: segmentation.prototypes?.columns.map(\.name),
      modes: segmentation.prototypes.map { summary in (0..<segmentation.k).map { summary.modeValues(cluster: $0) } })
  }
}
