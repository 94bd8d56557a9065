import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segments stability NAME`: how stable each segment of a k-means or self-organising-map
/// segmentation is under resampling (Hennig's cluster-wise Jaccard bootstrap) and how much the segmentation depends on the
/// seed; stored with the version so the profile report flags unstable segments.
package struct SegmentStabilityWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  /// Bootstrap resamples (2 to 200).
  package var resamples: Int
  /// Other seeds the segmentation is fitted with on all customers (0 to 20).
  package var seeds: Int
  /// The seed of the resamples and of the fits.
  package var seed: UInt64

  package init(name: String, version: Int? = nil, resamples: Int = 20, seeds: Int = 5, seed: UInt64 = 42) {
    self.name = name
    self.version = version
    self.resamples = resamples
    self.seeds = seeds
    self.seed = seed
  }

  /// One segment's stability.
  package struct Segment: Sendable, Codable, Equatable {
    /// The 1-based segment.
    package var id: Int
    package var name: FeatureLabel
    package var customers: Int
    /// The mean Jaccard similarity over the resamples; nil when the segment had no member in any.
    package var jaccard: Double?
    package var rating: ClusterStability.Rating
    /// Resamples in which the segment dissolved (Jaccard ≤ 0.5).
    package var dissolvedIn: Int
  }

  /// What `segments stability` measured.
  package struct Output: Sendable, Codable, Equatable {
    package var segmentation: String
    package var version: Int
    package var period: String?
    package var customers: Int
    package var resamples: Int
    package var seed: UInt64
    package var segments: [Segment]
    /// The adjusted Rand index between the stored segments and a fit with each other seed.
    package var seedAgreement: [Double]
    /// Their mean; nil without other seeds.
    package var meanSeedAgreement: Double?
    /// The 1-based segments that are not stable (mean Jaccard below 0.75).
    package var unstable: [Int]
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard (2...200).contains(resamples) else {
      throw SegmentaError(.invalidRequest, "--bootstrap takes 2 to 200 resamples, not \(resamples)", field: "bootstrap")
    }
    guard (0...20).contains(seeds) else {
      throw SegmentaError(.invalidRequest, "--seeds takes 0 to 20 other seeds, not \(seeds)", field: "seeds")
    }
    let workspace = try context.workspace(for: .write)
    func progress(_ detail: String) { context.progress.report(.status("stability of \(name)", detail)) }
    let stored = try workspace.segmentation(named: name, version: version)
    let model = stored.model
    let refit: ClusterStability.Refit
    switch (model.method, model.options.map) {
    case ("kmeans", _) where !model.centres.isEmpty:
      refit = .kMeans(
        KMeansOptions(
          k: model.k, maxIterations: model.options.maxIterations, tolerance: model.options.tolerance,
          restarts: model.options.restarts, seed: model.options.seed, sampleLimit: model.options.sampleLimit,
          startSample: model.options.startSample))
    case ("som", let map?) where !model.centres.isEmpty:
      // The map is trained again with its grid and schedule on every resample.
      refit = .map(map)
    default:
      throw SegmentaError(
        .invalidRequest,
        model.method == "kprototypes"
          ? "segmentation '\(name)' was made by k-prototypes; stability measures k-means and map segmentations "
            + "(compare two k-prototypes runs with different --seed with `segmenta segments compare` instead)"
          : "segmentation '\(name)' was made by \(model.method), whose segments are assigned by a rule; "
            + "stability measures segmentations made by `segmenta segment`")
    }
    let needsTable = model.features.contains { $0.source == "feature" }
    let table = needsTable ? try workspace.wideTable(period: stored.period) : nil
    progress("preparing \(model.features.count) features of \(stored.customerKeys.count) customers")
    let columns = try SegmentationFeatureColumns.read(
      model, keys: stored.customerKeys, table: table, workspace: workspace)
    let matrix = model.preprocessing.matrix(columns)
    let assessment = ClusterStability.assess(
      matrix, reference: stored.groups, segments: model.segmentCount, refit: refit, resamples: resamples,
      seeds: seeds, seed: seed, progress: progress)
    let names = stored.displayNames
    let segments = (0..<model.segmentCount).map { index in
      Segment(
        id: index + 1, name: names[index], customers: model.groupSizes[index],
        jaccard: assessment.jaccard[index].isNaN ? nil : assessment.jaccard[index],
        rating: assessment.ratings[index], dissolvedIn: assessment.dissolvedIn[index])
    }
    let output = Output(
      segmentation: stored.name, version: stored.version, period: stored.period, customers: stored.customerKeys.count,
      resamples: resamples, seed: seed, segments: segments, seedAgreement: assessment.seedAgreement,
      meanSeedAgreement: assessment.seedAgreement.isEmpty
        ? nil : assessment.seedAgreement.reduce(0, +) / Double(assessment.seedAgreement.count),
      unstable: segments.filter { !(($0.jaccard ?? 0) >= ClusterStability.stable) }.map(\.id))
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let data = try SegmentaError.catching { try encoder.encode(output) }
    try workspace.saveSegmentationResult(name: stored.name, version: stored.version, kind: "stability", json: data)
    return output
  }

  /// The stability stored for a version, if it was measured.
  package static func stored(name: String, version: Int, in workspace: Workspace) throws(SegmentaError) -> Output? {
    guard let data = try workspace.segmentationResult(name: name, version: version, kind: "stability") else {
      return nil
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try? decoder.decode(Output.self, from: data)
  }
}

/// The stability stored for a version of a segmentation (what `segments stability` measured last).
package struct StoredStabilityWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?

  package init(name: String, version: Int? = nil) {
    self.name = name
    self.version = version
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> SegmentStabilityWorkflow.Output {
    let workspace = try context.workspace(for: .read)
    let stored = try workspace.segmentation(named: name, version: version, customers: false)
    guard let output = try SegmentStabilityWorkflow.stored(name: stored.name, version: stored.version, in: workspace)
    else {
      throw SegmentaError(
        .notFound,
        "the stability of '\(stored.name)' version \(stored.version) was not measured yet; run "
          + "`segmenta segments stability \(stored.name)`")
    }
    return output
  }
}
