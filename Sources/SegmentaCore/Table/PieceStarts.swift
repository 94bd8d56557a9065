/// Rows numbered across consecutive pieces (the parts of a file, say): where each piece starts.
public struct PieceStarts: Sendable {
  /// The first row of each piece, then the total.
  public let starts: [Int]

  /// The starts of pieces of `counts` rows.
  public init(counts: some Sequence<Int>) {
    var starts = [0]
    for count in counts { starts.append(starts[starts.count - 1] + count) }
    self.starts = starts
  }

  /// The rows in all pieces.
  public var total: Int { starts[starts.count - 1] }

  /// The piece holding row `row` (binary search).
  public func piece(of row: Int) -> Int {
    var low = 0
    var high = starts.count - 2
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= row { low = middle } else { high = middle - 1 }
    }
    return low
  }
}
