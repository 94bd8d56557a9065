/// A text column as rules read it: one code per customer into the distinct `values`, −1 where
/// missing, so that comparisons run on integers.
public struct RuleTextColumn: Sendable, Equatable {
  /// Per customer, the index of its value in `values`, or −1 where missing.
  public var codes: [Int32]
  /// The distinct values, in order of first appearance.
  public var values: [String]

  /// Creates a column from codes and the values they index.
  public init(codes: [Int32], values: [String]) {
    self.codes = codes
    self.values = values
  }

  /// Encodes one optional string per customer (nil is missing), numbering values by first
  /// appearance.
  public init(_ strings: [String?]) {
    var index: [String: Int32] = [:]
    var values: [String] = []
    codes = strings.map { string in
      guard let string else { return -1 }
      if let code = index[string] { return code }
      let code = Int32(values.count)
      index[string] = code
      values.append(string)
      return code
    }
    self.values = values
  }
}
