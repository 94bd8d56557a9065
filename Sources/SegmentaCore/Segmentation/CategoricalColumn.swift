/// A categorical column of a k-prototypes segmentation and the codes of its values.
///
/// Code v ≥ 1 is `values[v − 1]`, the values sorted (as kmodes' encoding sorts them); code 0 is the
/// missing value (no value or an empty one), a value of its own; a value not seen when the model was
/// fitted gets ``MixedMatrix/unknownCode`` and matches no mode.
public struct CategoricalColumn: Sendable, Equatable, Codable {
  /// The column's name: a customer column or a wide-table feature with categories.
  public var name: String
  /// The distinct values seen, sorted; value `values[v − 1]` has code v.
  public var values: [String]

  /// Creates a column with its dictionary of values.
  public init(name: String, values: [String]) {
    self.name = name
    self.values = values
  }

  /// The column of `texts` (nil or empty: missing) and every row's code.
  public static func encoding(name: String, texts: [String?]) -> (column: CategoricalColumn, codes: [UInt32]) {
    let values = Set(texts.compactMap { $0 }.filter { !$0.isEmpty }).sorted()
    let column = CategoricalColumn(name: name, values: values)
    return (column, column.codes(texts))
  }

  /// The codes of `texts` under this column's dictionary.
  public func codes(_ texts: [String?]) -> [UInt32] {
    let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, UInt32($0 + 1)) })
    return texts.map { text in
      guard let text, !text.isEmpty else { return 0 }
      return index[text] ?? MixedMatrix.unknownCode
    }
  }

  /// The value of `code` for reports: the value, `(missing)` for code 0, `(unknown)` otherwise.
  public func label(_ code: UInt32) -> String {
    code == 0 ? "(missing)" : Int(code) <= values.count ? values[Int(code) - 1] : "(unknown)"
  }

  /// The number of codes a fit sees: the values and the missing code.
  public var levels: Int { values.count + 1 }
}
