/// Customers described by numeric and categorical values at once, the input of k-prototypes.
///
/// Both parts are contiguous and row-major: `numeric` holds `rows × numericColumns` Float64 values
/// (already prepared: imputed, scaled, weighted), `categorical` holds `rows × categoricalColumns`
/// codes. Code 0 is the missing value, which k-prototypes treats as a value of its own (it matches
/// another missing value, as in kmodes); ``unknownCode`` is a value never seen when the model was
/// fitted, which matches nothing.
public struct MixedMatrix: Sendable, Equatable {
  /// The code of a value not seen when the model was fitted: it matches no prototype's mode.
  public static let unknownCode = UInt32.max

  /// The number of rows (customers).
  public let rows: Int
  /// The number of numeric features.
  public let numericColumns: Int
  /// The number of categorical columns.
  public let categoricalColumns: Int
  /// `rows × numericColumns` prepared numeric values, row-major.
  public let numeric: [Double]
  /// `rows × categoricalColumns` codes, row-major.
  public let categorical: [UInt32]
  /// One more than the largest code of each categorical column (codes are below it, except
  /// ``unknownCode``).
  public let levels: [Int]

  /// Creates a matrix from row-major parts; `levels` defaults to one more than each column's largest
  /// code.
  public init(rows: Int, numericColumns: Int, numeric: [Double], categorical: [UInt32], levels: [Int]? = nil) {
    precondition(numeric.count == rows * numericColumns, "numeric holds rows × numericColumns values")
    let categoricalColumns = rows == 0 ? (levels?.count ?? 0) : categorical.count / rows
    precondition(categorical.count == rows * categoricalColumns, "categorical holds rows × columns codes")
    self.rows = rows
    self.numericColumns = numericColumns
    self.categoricalColumns = categoricalColumns
    self.numeric = numeric
    self.categorical = categorical
    if let levels {
      self.levels = levels
    } else {
      var largest = [Int](repeating: 0, count: categoricalColumns)
      for (index, code) in categorical.enumerated() where code != Self.unknownCode {
        largest[index % categoricalColumns] = max(largest[index % categoricalColumns], Int(code) + 1)
      }
      self.levels = largest
    }
  }

  /// Creates a matrix from a prepared feature matrix and categorical columns (one array of codes per
  /// column).
  public init(_ matrix: FeatureMatrix, categorical columns: [[UInt32]], levels: [Int]? = nil) {
    var numeric = [Double](repeating: 0, count: matrix.rows * matrix.columns)
    let stride = matrix.stride
    matrix.values.withUnsafeBufferPointer { values in
      for row in 0..<matrix.rows {
        for f in 0..<matrix.columns { numeric[row * matrix.columns + f] = Double(values[row * stride + f]) }
      }
    }
    let m = columns.count
    var codes = [UInt32](repeating: 0, count: matrix.rows * m)
    for (c, column) in columns.enumerated() {
      for row in 0..<matrix.rows { codes[row * m + c] = column[row] }
    }
    self.init(rows: matrix.rows, numericColumns: matrix.columns, numeric: numeric, categorical: codes, levels: levels)
  }

  /// The rows at `indices`, in that order.
  public func rows(_ indices: [Int]) -> MixedMatrix {
    var numeric: [Double] = []
    var codes: [UInt32] = []
    numeric.reserveCapacity(indices.count * numericColumns)
    codes.reserveCapacity(indices.count * categoricalColumns)
    for row in indices {
      numeric.append(contentsOf: self.numeric[row * numericColumns..<(row + 1) * numericColumns])
      codes.append(contentsOf: categorical[row * categoricalColumns..<(row + 1) * categoricalColumns])
    }
    return MixedMatrix(
      rows: indices.count, numericColumns: numericColumns, numeric: numeric, categorical: codes, levels: levels)
  }

  /// The rows embedded in a Euclidean space where the squared distance is the k-prototypes
  /// dissimilarity: the numeric values, then for every categorical column one indicator per code
  /// scaled by √(γ/2), so that a mismatch adds 2 × γ/2 = γ to the squared distance.
  ///
  /// The quality measures that need a distance (silhouette, Calinski–Harabasz, Davies–Bouldin) and
  /// the Ward merging of prototypes run on this embedding.
  public func embedded(gamma: Double) -> FeatureMatrix {
    let offsets = levels.reduce(into: [numericColumns]) { $0.append($0[$0.count - 1] + $1) }
    let columns = offsets[offsets.count - 1]
    let stride = FeatureMatrix.stride(for: columns)
    let scale = Float((gamma / 2).squareRoot())
    var values = [Float](repeating: 0, count: rows * stride)
    for row in 0..<rows {
      for f in 0..<numericColumns { values[row * stride + f] = Float(numeric[row * numericColumns + f]) }
      for c in 0..<categoricalColumns {
        let code = categorical[row * categoricalColumns + c]
        if Int(code) < levels[c] { values[row * stride + offsets[c] + Int(code)] = scale }
      }
    }
    return FeatureMatrix(rows: rows, columns: columns, padded: values)
  }
}
