/// Where each customer of one list sits in another.
public enum KeyPositions {
  /// For each of `keys`, the index of the same key in `source`, or −1 when `source` lacks it.
  ///
  /// Stored customer lists are ascending, so both are walked once side by side; otherwise (or with
  /// repeated keys in `source`, where the last occurrence wins) a hash table is used.
  public static func positions(of keys: [Int64], in source: [Int64]) -> [Int32] {
    if isStrictlyAscending(source) && isAscending(keys) {
      var positions = [Int32](repeating: -1, count: keys.count)
      var j = 0
      for (i, key) in keys.enumerated() {
        while j < source.count && source[j] < key { j += 1 }
        if j < source.count && source[j] == key { positions[i] = Int32(j) }
      }
      return positions
    }
    var position: [Int64: Int32] = [:]
    position.reserveCapacity(source.count)
    for (index, key) in source.enumerated() { position[key] = Int32(index) }
    return keys.map { position[$0] ?? -1 }
  }

  private static func isStrictlyAscending(_ keys: [Int64]) -> Bool {
    keys.indices.dropFirst().allSatisfy { keys[$0 - 1] < keys[$0] }
  }

  private static func isAscending(_ keys: [Int64]) -> Bool {
    keys.indices.dropFirst().allSatisfy { keys[$0 - 1] <= keys[$0] }
  }
}
