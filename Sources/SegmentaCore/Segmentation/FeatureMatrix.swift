/// Rows of Float32 features in one contiguous, row-major buffer, each row padded with zeros to a
/// multiple of 8 values so that SIMD kernels read whole vectors.
public struct FeatureMatrix: Sendable {
  /// The number of rows (customers).
  public let rows: Int
  /// The number of features per row.
  public let columns: Int
  /// Floats per row in `values`: `columns` rounded up to a multiple of 8 (at least 8).
  public let stride: Int
  /// The `rows × stride` values, row after row; padding is zero.
  public private(set) var values: [Float]

  /// The padded row length for `columns` features: `columns` rounded up to a multiple of 8, at
  /// least 8.
  public static func stride(for columns: Int) -> Int { max(8, (columns + 7) / 8 * 8) }

  /// Creates a matrix from row-major values without padding (`rows × columns`).
  public init(rows: Int, columns: Int, unpadded: [Float]) {
    precondition(unpadded.count == rows * columns, "\(unpadded.count) values are not \(rows) rows × \(columns)")
    self.rows = rows
    self.columns = columns
    stride = Self.stride(for: columns)
    var padded = [Float](repeating: 0, count: rows * stride)
    for row in 0..<rows {
      for column in 0..<columns { padded[row * stride + column] = unpadded[row * columns + column] }
    }
    values = padded
  }

  /// Creates a matrix from values already padded to ``stride(for:)`` per row, padding zero.
  public init(rows: Int, columns: Int, padded: [Float]) {
    precondition(
      padded.count == rows * Self.stride(for: columns),
      "\(padded.count) values are not \(rows) padded rows of \(columns) columns")
    self.rows = rows
    self.columns = columns
    stride = Self.stride(for: columns)
    values = padded
  }

  /// The value of feature `column` in row `row`.
  public subscript(row: Int, column: Int) -> Float {
    values[row * stride + column]
  }

  /// A matrix of the rows at `indices`, in that order (indices may repeat).
  public func rows(_ indices: [Int]) -> FeatureMatrix {
    var picked = [Float](repeating: 0, count: indices.count * stride)
    values.withUnsafeBufferPointer { source in
      picked.withUnsafeMutableBufferPointer { target in
        for (position, row) in indices.enumerated() {
          for column in 0..<stride { target[position * stride + column] = source[row * stride + column] }
        }
      }
    }
    return FeatureMatrix(rows: indices.count, columns: columns, padded: picked)
  }
}
