import Testing

@testable import SegmentaCore

/// Whether two labelings define the same partition.
private func samePartition<A: Hashable, B: Hashable>(_ a: [A], _ b: [B]) -> Bool {
  guard a.count == b.count else { return false }
  var forward: [A: B] = [:]
  var backward: [B: A] = [:]
  for (x, y) in zip(a, b) {
    if let mapped = forward[x], mapped != y { return false }
    if let mapped = backward[y], mapped != x { return false }
    forward[x] = y
    backward[y] = x
  }
  return true
}

@Suite("Ward linkage against scipy")
struct WardLinkageTests {
  @Test("the clustering fixture holds two Ward cases")
  func fixtureCases() throws {
    #expect(try ClusteringFixture.load().ward.count == 2)
  }

  @Test(
    "Ward merging of weighted centres equals scipy's linkage on the repeated centres",
    arguments: try ClusteringFixture.load().ward)
  func wardMatchesScipy(_ reference: ClusteringFixture.Ward) throws {
    let merges = WardLinkage.merges(points: reference.centres, weights: reference.weights)
    #expect(merges.count == reference.centres.count - 1)
    #expect(reference.heights.count == merges.count)
    for (ours, theirs) in zip(merges.map(\.height), reference.heights) {
      #expect(relative(ours, theirs) < 1e-9, "\(ours) vs \(theirs)")
    }
    #expect(reference.partitions.count == reference.centres.count)
    for (groups, partition) in reference.partitions {
      let count = try #require(Int(groups), "partition key \(groups)")
      let ours = WardLinkage.groups(merges: merges, leaves: reference.centres.count, groups: count)
      #expect(samePartition(ours, partition), "\(groups) groups")
    }
  }
}
