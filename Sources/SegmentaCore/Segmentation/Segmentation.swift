/// A finished segmentation of the rows it was given: the chosen clustering, its quality for every k
/// tried, and the merging of clusters into groups.
public struct Segmentation: Sendable, Equatable {
  /// The preprocessing, fitted on the rows.
  public var preprocessing: PreprocessingModel
  /// The chosen number of clusters.
  public var k: Int
  /// The centres in the scaled space, `k × stride`, clusters numbered by size (largest first); for
  /// a self-organising map the units' weights in grid order.
  public var centres: [Float]
  /// The padded row length of `centres` (the number of features rounded up to a multiple of 8).
  public var stride: Int
  /// Each row's cluster, 0-based, largest cluster first.
  public var clusters: [Int32]
  /// The number of rows in each cluster.
  public var clusterSizes: [Int]
  /// The quality for every k tried (one entry when k was fixed).
  public var kTable: [KQuality]
  /// The quality of the chosen k.
  public var chosen: KQuality
  /// How the chosen k was picked, for the report (for example "highest silhouette (0.41)").
  public var kRule: String
  /// The Ward merges of the cluster centres (empty without merging).
  public var merges: [WardMerge]
  /// The group of each cluster, 0-based, largest group first (identity without merging).
  public var clusterGroups: [Int]
  /// Each row's group, 0-based.
  public var groups: [Int32]
  /// The number of rows in each group.
  public var groupSizes: [Int]
  /// Notes for the user (for example why clusters were not merged).
  public var notes: [String]
  /// Features left out because they hold one value for every customer after preprocessing (or
  /// none at all), in input order; the preprocessing and centres cover the other features only.
  public var excludedFeatures: [String] = []
  /// The grid and errors of the self-organising map whose units are the clusters (nil for k-means).
  public var map: SelfOrganizingMapSummary? = nil
  /// The categorical columns, modes, γ and cost of k-prototypes (nil for k-means and maps).
  public var prototypes: KPrototypesSummary? = nil

  /// The number of groups (the number of clusters without merging).
  public var groupCount: Int { groupSizes.count }
}
