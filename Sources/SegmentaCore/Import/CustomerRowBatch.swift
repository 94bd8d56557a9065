/// The checked rows of one part of a customer file: the rows left out, and the id and typed values
/// of the others, with what was learnt about each column's type and personal data.
///
/// Lines are counted within the part (its first line is 1); the reader that made the part knows
/// where it lies in the file.
public struct CustomerRowBatch: Sendable {
  /// A row left out, located within the part.
  public struct Rejection: Sendable {
    /// The record's index among the part's records (malformed ones included), from 0.
    public var ordinal: Int
    /// What is wrong, with the line counted within the part.
    public var error: DataFileError
    /// The kind of problem.
    public var reason: RejectionReason
    /// The record as CSV text, for a rejects file.
    public var text: String
  }

  /// Records read, malformed and rejected ones included.
  public internal(set) var records = 0
  /// Lines the part spans, set by the reader (for the first line of the next part).
  public var lineCount = 0
  /// Rows left out, in file order.
  public internal(set) var rejections: [Rejection] = []
  /// The trimmed id of each accepted row.
  public internal(set) var ids = TypedColumn(.text)
  /// The line of each accepted row (within the part).
  public internal(set) var lines: [Int32] = []
  /// The record index of each accepted row.
  public internal(set) var ordinals: [Int32] = []
  /// Per column of the plan: the accepted rows' values.
  public internal(set) var columns: [TypedColumn]
  /// Per column: the type ``columns`` holds its values as.
  public internal(set) var types: [ColumnType]
  /// Per column: whether a value did not fit the guessed type, so the column's values are incomplete
  /// and the part must be read again once the type is known.
  public internal(set) var unfit: [Bool]
  /// Per column: what the values say about the type (for columns whose type is inferred).
  public internal(set) var inference: [TypeInference]
  /// Per column: the shapes of the first values (for columns whose personal-data flag is decided by
  /// their values).
  public internal(set) var shapes: [ShapeSample]
  /// The shapes of the first ids.
  public internal(set) var idShapes = ShapeSample()
  /// Per column: whether a whole-number column met a decimal.
  public internal(set) var widened: [Bool]

  init(types: [ColumnType]) {
    columns = types.map { TypedColumn($0.storage) }
    self.types = types
    unfit = Array(repeating: false, count: types.count)
    inference = Array(repeating: TypeInference(), count: types.count)
    shapes = Array(repeating: ShapeSample(), count: types.count)
    widened = Array(repeating: false, count: types.count)
  }

  /// Number of accepted rows.
  public var rowCount: Int { ids.count }

  /// Replaces column `index`'s values with the same values kept as `type`.
  public mutating func replaceColumn(_ index: Int, with values: TypedColumn, as type: ColumnType) {
    precondition(values.count == rowCount && values.storage == type.storage)
    columns[index] = values
    types[index] = type
    unfit[index] = false
  }
}
