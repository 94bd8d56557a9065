/// What a segmentation stores of its self-organising map besides the units' weights: the grid and
/// how well the map fits and keeps the topology.
public struct SelfOrganizingMapSummary: Sendable, Equatable, Codable {
  /// The grid's rows.
  public var rows: Int
  /// The grid's columns.
  public var columns: Int
  /// The mean Euclidean distance of a customer to the best-matching unit, in the prepared space
  /// (MiniSom's `quantization_error`).
  public var quantizationError: Double
  /// The share of customers whose best and second-best matching units are not adjacent on the grid
  /// (MiniSom's rectangular `topographic_error`).
  public var topographicError: Double

  /// Creates a summary.
  public init(rows: Int, columns: Int, quantizationError: Double, topographicError: Double) {
    self.rows = rows
    self.columns = columns
    self.quantizationError = quantizationError
    self.topographicError = topographicError
  }
}
