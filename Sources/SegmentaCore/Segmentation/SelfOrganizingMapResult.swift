/// A trained self-organising map and the rows it was trained on, mapped.
public struct SelfOrganizingMapResult: Sendable, Equatable {
  /// The grid and schedule it was trained with.
  public var options: SelfOrganizingMapOptions
  /// The units' weights, `units × stride` Float32 values in the matrix's padded layout (padding
  /// zero), unit u at grid row u / columns, column u % columns.
  public var weights: [Float]
  /// The padded row length of `weights`.
  public var stride: Int
  /// Each row's best-matching unit (the nearest unit; the lowest index among equals).
  public var labels: [Int32]
  /// The number of rows each unit is the best match of.
  public var hits: [Int]
  /// Each unit's sum of the rows it is the best match of, `units × stride` Float64 values.
  public var unitSums: [Double]
  /// Σ ‖x‖² over all rows.
  public var squaredNorms: Double
  /// The mean Euclidean distance of a row to its best-matching unit (MiniSom's
  /// `quantization_error`).
  public var quantizationError: Double
  /// The share of rows whose best and second-best matching units are not adjacent on the grid,
  /// adjacent meaning at most 1.42 grid steps apart (the eight surrounding units), as MiniSom's
  /// rectangular `topographic_error`.
  public var topographicError: Double
}
