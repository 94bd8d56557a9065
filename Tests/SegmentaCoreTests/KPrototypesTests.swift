import Foundation
import Testing

@testable import SegmentaCore

@Suite("k-prototypes")
struct KPrototypesTests {
  @Test("from kmodes' starting prototypes, the fit reaches kmodes' cost, labels and prototypes")
  func matchesKmodes() throws {
    let fixture = try KPrototypesFixture.load()
    let data = fixture.matrix
    for run in fixture.runs {
      var rng = SplitMix64(seed: 1)
      let fit = KPrototypes.fit(
        data, numeric: run.startNumeric, modes: run.startCategorical.map { UInt32($0 + 1) }, gamma: fixture.gamma,
        maxIterations: 100, using: &rng)
      #expect(abs(fit.cost - run.cost) <= 1e-9 * run.cost, "k = \(run.k), seed \(run.seed)")
      #expect(fit.labels.map(Int.init) == run.labels, "k = \(run.k), seed \(run.seed)")
      #expect(fit.modes.map { Int($0) - 1 } == run.modes, "k = \(run.k), seed \(run.seed)")
      #expect(fit.iterations == run.iterations, "k = \(run.k), seed \(run.seed)")
      for (ours, theirs) in zip(fit.numeric, run.numericPrototypes) { #expect(abs(ours - theirs) <= 1e-9) }
    }
  }

  @Test("the default γ is kmodes' 0.5 × mean standard deviation of the numeric features")
  func defaultGamma() throws {
    let fixture = try KPrototypesFixture.load()
    #expect(abs(KPrototypes.defaultGamma(fixture.matrix) - fixture.gamma) <= 1e-12 * fixture.gamma)
  }

  @Test("a seed gives the same fit, another seed its own starts")
  func deterministic() throws {
    let data = try KPrototypesFixture.load().matrix
    let options = KPrototypesOptions(k: 4, gamma: 0.5, restarts: 3, seed: 7)
    let first = KPrototypes.fit(data, options: options)
    let second = KPrototypes.fit(data, options: options)
    #expect(first == second)
    #expect(first.starts.count == 3)
    #expect(first.cost == first.starts.min())
    var other = options
    other.seed = 8
    #expect(KPrototypes.fit(data, options: other).starts != first.starts)
  }

  @Test("the planted groups are recovered from seeded starts (adjusted Rand index above 0.9)")
  func recoversPlantedGroups() throws {
    let fixture = try KPrototypesFixture.load()
    let data = fixture.matrix
    let fit = KPrototypes.fit(
      data, options: KPrototypesOptions(k: 4, gamma: KPrototypes.defaultGamma(data), restarts: 5, seed: 42))
    #expect(ClusterQuality.adjustedRandIndex(fixture.truth, fit.labels) > 0.9)
    #expect(fit.sizes.reduce(0, +) == fixture.rows)
  }

  @Test("the embedding's squared distance is the k-prototypes dissimilarity")
  func embedding() {
    let data = MixedMatrix(rows: 2, numericColumns: 2, numeric: [0, 0, 3, 4], categorical: [1, 2, 1, 3, 2, 2])
    let embedded = data.embedded(gamma: 0.8)
    var squared = 0.0
    for f in 0..<embedded.columns {
      let d = Double(embedded[0, f]) - Double(embedded[1, f])
      squared += d * d
    }
    #expect(abs(squared - (25 + 0.8 * 2)) < 1e-6)
    let nearest = KPrototypes.nearest(data, numeric: [3, 4], modes: [1, 3, 2], k: 1, gamma: 0.8)
    #expect(abs(nearest.distances[0] - (25 + 0.8 * 2)) < 1e-12)
    #expect(abs(nearest.distances[1] - 0.8 * 2) < 1e-12)
  }

  @Test("a missing value (code 0) matches a missing mode; an unknown value matches nothing")
  func missingAndUnknown() {
    let data = MixedMatrix(
      rows: 2, numericColumns: 1, numeric: [0, 0], categorical: [0, MixedMatrix.unknownCode], levels: [3])
    let nearest = KPrototypes.nearest(data, numeric: [0], modes: [0], k: 1, gamma: 1)
    #expect(nearest.distances == [0, 1])
  }

  @Test("the segmenter chooses k = 4 on the planted data, recovers the groups and keeps γ, the cost and the modes")
  func segmenter() throws {
    let fixture = try KPrototypesFixture.load()
    let numeric = (0..<fixture.numericColumns).map { f in
      (name: "x\(f)", values: (0..<fixture.rows).map { fixture.numeric[$0 * fixture.numericColumns + f] })
    }
    let categorical = (0..<fixture.categoricalColumns).map { c in
      CategoricalColumn.encoding(
        name: "c\(c)",
        texts: (0..<fixture.rows).map { String(fixture.categorical[$0 * fixture.categoricalColumns + c]) })
    }
    var options = SegmentationOptions(kRange: 2...6, restarts: 3)
    options.preprocessing.winsorize = nil
    let segmentation = try Segmenter.runPrototypes(
      names: numeric.map(\.name), rows: fixture.rows, categorical: categorical, options: options,
      settings: KPrototypesSettings(categorical: categorical.map(\.column.name))
    ) { numeric[$0].values }
    #expect(segmentation.k == 4 && segmentation.kTable.map(\.k) == [2, 3, 4, 5, 6])
    #expect(ClusterQuality.adjustedRandIndex(fixture.truth, segmentation.groups) > 0.9)
    let summary = try #require(segmentation.prototypes)
    #expect(summary.gammaIsDefault && abs(summary.gamma - 0.5) < 1e-6 && summary.cost == segmentation.chosen.inertia)
    #expect(summary.modes.count == 4 * 3 && segmentation.clusterSizes == segmentation.clusterSizes.sorted(by: >))
    // A model stored before k-prototypes (no such keys) still reads, as k-means.
    let model = SegmentationModel(
      method: "kprototypes", features: [], options: options, segmentation: segmentation)
    var object = try #require(
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any])
    object["prototypes"] = nil
    var storedOptions = try #require(object["options"] as? [String: Any])
    storedOptions["prototypes"] = nil
    object["options"] = storedOptions
    let old = try JSONDecoder().decode(
      SegmentationModel.self, from: try JSONSerialization.data(withJSONObject: object))
    #expect(old.prototypes == nil && old.options.prototypes == nil && old.k == 4)
  }
}
