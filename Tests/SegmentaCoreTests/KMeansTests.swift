import Testing

@testable import SegmentaCore

@Suite("k-means")
struct KMeansTests {
  @Test("the clustering fixture holds the three Lloyd data sets")
  func fixtureCases() throws {
    #expect(try ClusteringFixture.load().lloyd.map(\.name) == ["blobs", "overlapping", "lognormal"])
  }

  @Test(
    "Lloyd from the same initial centres gives scikit-learn's labels, centres and inertia (1e-5)",
    arguments: try ClusteringFixture.load().lloyd)
  func lloydMatchesScikitLearn(_ reference: ClusteringFixture.Lloyd) {
    let data = matrix(reference.rows, reference.columns, reference.data)
    let initial = matrix(reference.k, reference.columns, reference.initial)
    let result = KMeans.lloyd(data, centres: initial.values, k: reference.k, options: KMeansOptions(k: reference.k))
    #expect(result.labels == reference.labels)
    #expect(relative(result.inertia, reference.inertia) < 1e-5, "\(result.inertia) vs \(reference.inertia)")
    #expect(result.iterations == reference.iterations)
    for j in 0..<reference.k {
      for f in 0..<reference.columns {
        let ours = Double(result.centres[j * data.stride + f])
        let theirs = reference.centres[j * reference.columns + f]
        #expect(abs(ours - theirs) <= 1e-5 * max(1, abs(theirs)), "centre \(j)")
      }
    }
  }

  @Test("separated blobs are recovered exactly, and the same seed gives the same result")
  func recovery() {
    let (matrix, truth) = blobs(6, per: 300, seed: 4)
    let a = KMeans.fit(matrix, options: KMeansOptions(k: 6, seed: 9))
    let b = KMeans.fit(matrix, options: KMeansOptions(k: 6, seed: 9))
    #expect(ClusterQuality.adjustedRandIndex(truth, a.labels) == 1)
    #expect(a == b)
  }

  @Test("an empty cluster is re-seeded from the farthest point")
  func emptyCluster() {
    let (matrix, _) = blobs(3, per: 100, seed: 2)
    var initial = [Float](repeating: 0, count: 4 * matrix.stride)
    for j in 0..<3 {
      for f in 0..<matrix.stride { initial[j * matrix.stride + f] = matrix.values[j * 100 * matrix.stride + f] }
    }
    for f in 0..<5 { initial[3 * matrix.stride + f] = 1_000 }  // a centre no row is near
    let result = KMeans.lloyd(matrix, centres: initial, k: 4, options: KMeansOptions(k: 4))
    #expect(result.sizes.allSatisfy { $0 > 0 })
    #expect(result.sizes.reduce(0, +) == 300)
  }

  @Test("above the sample limit, a sample fit refined with mini-batches is as good as a full fit")
  func miniBatch() {
    let (matrix, truth) = blobs(5, per: 1_000, seed: 8)
    let full = KMeans.fit(matrix, options: KMeansOptions(k: 5, seed: 3))
    let sampled = KMeans.fit(matrix, options: KMeansOptions(k: 5, seed: 3, sampleLimit: 600))
    #expect(sampled.labels.count == 5_000)
    #expect(ClusterQuality.adjustedRandIndex(truth, sampled.labels) == 1)
    #expect(abs(sampled.inertia / full.inertia - 1) < 0.01)
  }

  @Test("a fit's inertia, sizes and labels agree with assigning every row to the nearest fitted centre")
  func fitIsConsistent() {
    let (matrix, _) = blobs(4, per: 250, seed: 11)
    let fit = KMeans.fit(matrix, options: KMeansOptions(k: 4, seed: 1))
    #expect(KMeans.assign(matrix, centres: fit.centres, k: 4) == fit.labels)
    #expect(relative(KMeans.inertia(matrix, centres: fit.centres, labels: fit.labels, k: 4), fit.inertia) < 1e-5)
    var sizes = [Int](repeating: 0, count: 4)
    for label in fit.labels { sizes[Int(label)] += 1 }
    #expect(fit.sizes == sizes)
    #expect(fit.converged)
  }

  @Test("a seeded sample holds distinct rows in ascending order, and all rows when it is not smaller")
  func seededSample() {
    var rng = SplitMix64(seed: 3)
    let sample = KMeans.seededSample(count: 1_000, size: 100, using: &rng)
    #expect(sample.count == 100)
    #expect(zip(sample, sample.dropFirst()).allSatisfy { $0 < $1 })
    #expect(sample.allSatisfy { (0..<1_000).contains($0) })
    #expect(KMeans.seededSample(count: 10, size: 10, using: &rng) == Array(0..<10))
  }
}
