import Testing

@testable import SegmentaCore

@Suite("Segmenter with a self-organising map")
struct SegmenterMapTests {
  /// Options for the fixture's 6 × 6 map; its data are z-scores already.
  static func options(groups: Int?) -> SegmentationOptions {
    var options = SegmentationOptions(kRange: 2...8, groups: groups, seed: 42)
    options.preprocessing = PreprocessingOptions(winsorize: nil, log: .off)
    options.map = SelfOrganizingMapOptions(rows: 6, columns: 6)
    return options
  }

  @Test("the units of planted well-separated groups merge into the planted groups")
  func plantedGroups() throws {
    let fixture = try SOMFixture.load()
    let result = try Segmenter.run(fixture.featureColumns, options: Self.options(groups: 4))
    #expect(result.groupCount == 4)
    #expect(ClusterQuality.adjustedRandIndex(fixture.truth, result.groups) >= 0.95)
    #expect(result.k == 36 && result.centres.count == 36 * result.stride)
    #expect(result.clusterGroups.count == 36)
    #expect(result.groupSizes == result.groupSizes.sorted(by: >))
    #expect(result.groups.enumerated().allSatisfy { Int($1) == result.clusterGroups[Int(result.clusters[$0])] })
    let map = try #require(result.map)
    #expect(map.rows == 6 && map.columns == 6 && map.quantizationError > 0 && map.topographicError < 0.1)
    #expect(result.kTable.map(\.k) == [4] && result.kRule == "4 groups asked for")
  }

  @Test("units keep grid order, their hits are the cluster sizes, and a seed repeats the segmentation")
  func gridOrder() throws {
    let fixture = try SOMFixture.load()
    var options = Self.options(groups: 4)
    // Without scaling the prepared matrix is the fixture's data as it is.
    options.preprocessing.scaling = .none
    let result = try Segmenter.run(fixture.featureColumns, options: options)
    let direct = SelfOrganizingMap.fit(fixture.matrix, options: try #require(options.map), seed: 42)
    #expect(result.clusters == direct.labels)
    #expect(result.clusterSizes == direct.hits)
    #expect(result.centres == direct.weights)
    #expect(try Segmenter.run(fixture.featureColumns, options: options) == result)
  }

  @Test("without --groups the number of groups is chosen over the range by the automatic-k rule")
  func automaticGroups() throws {
    let fixture = try SOMFixture.load()
    let result = try Segmenter.run(fixture.featureColumns, options: Self.options(groups: nil))
    #expect(result.kTable.map(\.k) == Array(2...8))
    #expect(result.kTable.allSatisfy { $0.silhouette.isFinite && $0.inertia > 0 })
    #expect(zip(result.kTable, result.kTable.dropFirst()).allSatisfy { $0.inertia >= $1.inertia })
    #expect(result.groupCount == 4, "\(result.kRule)")
    #expect(result.chosen.k == result.groupCount)
    #expect(result.kRule.contains("among groups = "))
  }

  @Test("scoring through the stored model reproduces every customer's unit and group")
  func scoring() throws {
    let fixture = try SOMFixture.load()
    let result = try Segmenter.run(fixture.featureColumns, options: Self.options(groups: 4))
    let model = SegmentationModel(
      method: "som",
      features: fixture.featureColumns.map {
        SegmentationModel.Feature(name: $0.name, source: "customer", label: FeatureLabel(zh: $0.name, en: $0.name))
      }, options: Self.options(groups: 4), segmentation: result)
    #expect(model.map == result.map)
    let assigned = model.assign(fixture.featureColumns.map(\.values))
    #expect(assigned.clusters == result.clusters)
    #expect(assigned.clusters.map { Int32(model.clusterGroups[Int($0)]) } == result.groups)
  }

  @Test("units without customers join the group of the nearest unit with customers")
  func emptyUnits() throws {
    // Two tight clumps on a 5 × 5 map leave most units empty.
    var rng = SplitMix64(seed: 4)
    let values = (0..<400).map { row in (row < 200 ? 0.0 : 10.0) + rng.nextNormal() * 0.01 }
    var options = Self.options(groups: 2)
    options.map = SelfOrganizingMapOptions(rows: 5, columns: 5)
    let result = try Segmenter.run([("a", values)], options: options)
    #expect(result.clusterSizes.contains(0))
    #expect(result.clusterGroups.count == 25 && Set(result.clusterGroups) == [0, 1])
    #expect(result.groupSizes == [200, 200])
    // Every unit's group is that of the nearest unit holding customers.
    let stride = result.stride
    let used = (0..<25).filter { result.clusterSizes[$0] > 0 }
    for unit in 0..<25 where result.clusterSizes[unit] == 0 {
      let nearest = try #require(
        used.min {
          abs(result.centres[$0 * stride] - result.centres[unit * stride])
            < abs(result.centres[$1 * stride] - result.centres[unit * stride])
        })
      #expect(result.clusterGroups[unit] == result.clusterGroups[nearest])
    }
  }

  @Test("a map of customers who are all alike is refused with a message")
  func refusals() {
    var options = Self.options(groups: 2)
    options.preprocessing = PreprocessingOptions()
    #expect(throws: SegmentationError.self) {
      try Segmenter.run([("a", [1, 1, 1, 1]), ("b", [2, 2, 2, 2])], options: options)
    }
  }
}
