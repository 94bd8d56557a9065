/// The quality measures of the clustering for one k, one row of the automatic-k table.
public struct KQuality: Sendable, Equatable, Codable {
  /// The number of clusters.
  public var k: Int
  /// The sum of squared distances of rows to their centres in the scaled space (lower is tighter).
  public var inertia: Double
  /// The mean silhouette on the silhouette sample, −1…1 (higher is better); NaN for k = 1.
  public var silhouette: Double
  /// The Calinski–Harabasz index on all rows (higher is better); NaN for k = 1.
  public var calinskiHarabasz: Double
  /// The Davies–Bouldin index on all rows (lower is better, 0 at best); NaN for k = 1.
  public var daviesBouldin: Double
  /// The Lloyd iterations of the winning start.
  public var iterations: Int
  /// The number of rows in the smallest cluster.
  public var smallestCluster: Int
}
