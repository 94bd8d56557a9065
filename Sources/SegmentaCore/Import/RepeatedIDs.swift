/// Finds the ids that appear more than once among the accepted rows of a file's parts, on all cores.
///
/// The ids are hashed part by part in parallel; then each of ``partitions`` threads takes the ids
/// whose hash falls in its share and walks them in row order, so every repeat is found against the
/// first row with that id — the same answer as one pass over the file, in any number of threads.
enum RepeatedIDs {
  /// Shares of the hash range, each searched by one task.
  static let partitions = 16

  /// Every row (numbered across `pieces` in order) whose id appeared on an earlier row, with that
  /// first row, in row order.
  static func find(in pieces: [TypedColumn]) -> [(row: Int, first: Int)] {
    let starts = PieceStarts(counts: pieces.map(\.count))
    let total = starts.total
    guard total > 1 else { return [] }
    let hashes = ParallelBlocks.map(count: pieces.count) { index in
      (0..<pieces[index].count).map { row in pieces[index].withText(row) { ByteHash.hash($0) } }
    }
    let found = ParallelBlocks.map(count: partitions) { partition -> [(row: Int, first: Int)] in
      let shift = UInt64(64 - 4)
      var slots = [Int32](repeating: -1, count: max(64, (total / partitions) * 4).nextPowerOfTwo)
      let mask = slots.count - 1
      var firstRows: [Int32] = []
      var firstHashes: [UInt64] = []
      var repeats: [(row: Int, first: Int)] = []
      for (piece, pieceHashes) in hashes.enumerated() {
        for (local, hash) in pieceHashes.enumerated() where Int(hash >> shift) == partition {
          var slot = Int(truncatingIfNeeded: hash &* 0x9E37_79B9_7F4A_7C15 >> 20) & mask
          var repeatOf: Int?
          while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if firstHashes[entry] == hash {
              let first = Int(firstRows[entry])
              let firstPiece = starts.piece(of: first)
              let same = pieces[piece].withText(local) { value in
                pieces[firstPiece].withText(first - starts.starts[firstPiece]) { $0.elementsEqual(value) }
              }
              if same {
                repeatOf = first
                break
              }
            }
            slot = (slot + 1) & mask
          }
          let row = starts.starts[piece] + local
          if let repeatOf {
            repeats.append((row, repeatOf))
            continue
          }
          slots[slot] = Int32(firstRows.count)
          firstRows.append(Int32(row))
          firstHashes.append(hash)
          if firstRows.count * 2 > slots.count {
            slots = Self.rehash(firstHashes, size: slots.count * 2)
          }
        }
      }
      return repeats
    }
    return found.joined().sorted { $0.row < $1.row }
  }

  /// A slot table of twice the size holding `hashes`' entries.
  private static func rehash(_ hashes: [UInt64], size: Int) -> [Int32] {
    var slots = [Int32](repeating: -1, count: size)
    let mask = size - 1
    for (entry, hash) in hashes.enumerated() {
      var slot = Int(truncatingIfNeeded: hash &* 0x9E37_79B9_7F4A_7C15 >> 20) & mask
      while slots[slot] >= 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(entry)
    }
    return slots
  }
}

extension Int {
  /// The smallest power of two at least this large.
  fileprivate var nextPowerOfTwo: Int {
    var size = 1
    while size < self { size <<= 1 }
    return size
  }
}
