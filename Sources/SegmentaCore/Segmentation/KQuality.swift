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
  /// How much more the step to this k lowered the inertia than the step to the next k does.
  ///
  /// (W(k−1) − W(k)) ÷ (W(k) − W(k+1)), with W(1) the total sum of squares. A real group split off
  /// gives a large ratio; splitting a group that is already whole gives about 1. Nil where W(k+1)
  /// is not known (the largest k tried).
  public var dropRatio: Double? = nil
  /// The inertia of each k-means start, in start order (on the start sample when the starts ran on
  /// a sample).
  public var starts: [Double]? = nil
  /// The start kept, 0-based.
  public var chosenStart: Int? = nil
}
