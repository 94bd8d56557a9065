/// The flow of customers between two versions of a segmentation: who stayed in their segment, who moved
/// where, who is new and who is gone.
///
/// A customer is in a version when the version assigns them a segment (a negative segment, such as a
/// lifecycle stage that cannot be told, counts as absent). Customers in both versions are cross-tabulated:
/// `flows[i][j]` counts those in segment i + 1 of the earlier version and segment j + 1 of the later one,
/// which equals pandas' `crosstab(earlier, later)` over the customers the versions share (with every
/// segment as a row and a column), and `rowShares` equals `crosstab(…, normalize="index")`.
public struct SegmentMigration: Sendable, Equatable, Codable {
  /// Customers per (earlier segment, later segment), 0-based, for customers in both versions.
  public var flows: [[Int]]
  /// Each row of ``flows`` divided by its total: where the customers of an earlier segment went (a row of
  /// zeros for a segment with no customer in both versions).
  public var rowShares: [[Double]]
  /// Customers per segment in the earlier version (exits included).
  public var fromSizes: [Int]
  /// Customers per segment in the later version (entries included).
  public var toSizes: [Int]
  /// Customers in both versions.
  public var common: Int
  /// Customers in both versions whose segment number is the same.
  public var stayers: Int
  /// `stayers / common` (0 when no customer is in both).
  public var stayersShare: Double
  /// Customers in both versions whose segment changed: `common − stayers`.
  public var movers: Int
  /// Customers in the later version only (new).
  public var entries: Int
  /// Customers in the earlier version only (gone).
  public var exits: Int
  /// Entries by their segment in the later version.
  public var entriesBySegment: [Int]
  /// Exits by their segment in the earlier version.
  public var exitsBySegment: [Int]
  /// The movers' customer keys, in key order (not part of the JSON).
  public var moverKeys: [Int64] = []
  /// Each mover's 0-based segment in the earlier version.
  public var moverFrom: [Int32] = []
  /// Each mover's 0-based segment in the later version.
  public var moverTo: [Int32] = []

  private enum CodingKeys: String, CodingKey {
    case flows, rowShares, fromSizes, toSizes, common, stayers, stayersShare, movers, entries, exits
    case entriesBySegment, exitsBySegment
  }

  /// Cross-tabulates two assignments: `fromKeys[i]` is in 0-based segment `fromGroups[i]` of
  /// `fromSegments`, `toKeys[j]` in `toGroups[j]` of `toSegments`.
  ///
  /// Keys are unique within a version. Segments outside `0..<count` count as absent.
  public init(
    fromKeys: [Int64], fromGroups: [Int32], fromSegments: Int, toKeys: [Int64], toGroups: [Int32], toSegments: Int
  ) {
    precondition(fromKeys.count == fromGroups.count && toKeys.count == toGroups.count)
    var flows = [[Int]](repeating: [Int](repeating: 0, count: toSegments), count: fromSegments)
    var fromSizes = [Int](repeating: 0, count: fromSegments)
    var toSizes = [Int](repeating: 0, count: toSegments)
    var entriesBySegment = [Int](repeating: 0, count: toSegments)
    var exitsBySegment = [Int](repeating: 0, count: fromSegments)
    var earlier: [Int64: Int32] = [:]
    earlier.reserveCapacity(fromKeys.count)
    for (index, key) in fromKeys.enumerated() {
      let group = fromGroups[index]
      guard group >= 0 && Int(group) < fromSegments else { continue }
      earlier[key] = group
      fromSizes[Int(group)] += 1
    }
    // The movers in key order: later keys are visited sorted.
    let order = toKeys.indices.sorted { toKeys[$0] < toKeys[$1] }
    var seen = Set<Int64>()
    seen.reserveCapacity(min(fromKeys.count, toKeys.count))
    for index in order {
      let group = toGroups[index]
      guard group >= 0 && Int(group) < toSegments else { continue }
      let key = toKeys[index]
      toSizes[Int(group)] += 1
      guard let before = earlier[key] else {
        entriesBySegment[Int(group)] += 1
        continue
      }
      seen.insert(key)
      flows[Int(before)][Int(group)] += 1
      if before != group {
        moverKeys.append(key)
        moverFrom.append(before)
        moverTo.append(group)
      }
    }
    for (key, group) in earlier where !seen.contains(key) { exitsBySegment[Int(group)] += 1 }
    self.flows = flows
    rowShares = flows.map { row in
      let total = row.reduce(0, +)
      return row.map { total > 0 ? Double($0) / Double(total) : 0 }
    }
    self.fromSizes = fromSizes
    self.toSizes = toSizes
    common = seen.count
    stayers = (0..<min(fromSegments, toSegments)).reduce(0) { $0 + flows[$1][$1] }
    stayersShare = common > 0 ? Double(stayers) / Double(common) : 0
    movers = common - stayers
    entries = entriesBySegment.reduce(0, +)
    exits = exitsBySegment.reduce(0, +)
    self.entriesBySegment = entriesBySegment
    self.exitsBySegment = exitsBySegment
  }
}
