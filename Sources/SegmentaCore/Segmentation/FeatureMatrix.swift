/// Rows of Float32 features in one contiguous, row-major buffer, each row padded with zeros to a
/// multiple of 8 values so that SIMD kernels read whole vectors.
public struct FeatureMatrix: Sendable {
  /// Number of rows (customers).
  public let rows: Int
  /// Number of features.
  public let columns: Int
  /// Floats per row in `values`: `columns` rounded up to a multiple of 8.
  public let stride: Int
  /// `rows × stride` values; padding is zero.
  public private(set) var values: [Float]

  /// The padded row length for `columns` features.
  public static func stride(for columns: Int) -> Int { max(8, (columns + 7) / 8 * 8) }

  /// Creates a matrix from row-major values without padding (`rows × columns`).
  public init(rows: Int, columns: Int, unpadded: [Float]) {
    precondition(unpadded.count == rows * columns)
    self.rows = rows
    self.columns = columns
    stride = Self.stride(for: columns)
    var padded = [Float](repeating: 0, count: rows * stride)
    for row in 0..<rows {
      for column in 0..<columns { padded[row * stride + column] = unpadded[row * columns + column] }
    }
    values = padded
  }

  /// Creates a matrix from already padded values.
  public init(rows: Int, columns: Int, padded: [Float]) {
    precondition(padded.count == rows * Self.stride(for: columns))
    self.rows = rows
    self.columns = columns
    stride = Self.stride(for: columns)
    values = padded
  }

  /// The value at `row`, `column`.
  public subscript(row: Int, column: Int) -> Float {
    values[row * stride + column]
  }

  /// The rows at `indices`, in that order.
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

  /// One row without padding.
  public func row(_ index: Int) -> [Float] {
    Array(values[(index * stride)..<(index * stride + columns)])
  }
}
