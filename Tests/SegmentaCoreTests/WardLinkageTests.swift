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

  @Test("the nearest-neighbour chain on centroids gives the same tree as the pairwise Ward merges")
  func chainEqualsPairwise() throws {
    for seed: UInt64 in [1, 2, 3, 4] {
      var rng = SplitMix64(seed: seed)
      let count = 12 + Int(seed) * 7
      let points = (0..<count).map { _ in (0..<3).map { _ in rng.nextNormal() * 3 } }
      let weights = (0..<count).map { _ in Double(1 + rng.next() % 50) }
      let pairwise = WardLinkage.merges(points: points, weights: weights)
      let chain = WardLinkage.chainMerges(points: points.flatMap { $0 }, dimensions: 3, weights: weights)
      #expect(chain.count == pairwise.count)
      for (ours, theirs) in zip(chain, pairwise) {
        #expect(relative(ours.height, theirs.height) < 1e-9)
        #expect(ours.weight == theirs.weight)
      }
      for groups in 1...count {
        let a = WardLinkage.groups(merges: chain, leaves: count, groups: groups)
        let b = WardLinkage.groups(merges: pairwise, leaves: count, groups: groups)
        #expect(a == b, "seed \(seed), \(groups) groups")
      }
    }
  }
}
