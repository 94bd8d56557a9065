import Foundation
import Testing

@testable import SegmentaCore

/// `Tests/Fixtures/segments/migration_reference.json`: pandas' cross tables of pairs of segmentation
/// versions (`Tests/Fixtures/segments/migration_reference.py`).
struct MigrationFixture: Decodable {
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var fromKeys: [Int64]
    var fromGroups: [Int32]
    var fromSegments: Int
    var toKeys: [Int64]
    var toGroups: [Int32]
    var toSegments: Int
    var flows: [[Int]]
    var rowShares: [[Double]]
    var fromSizes: [Int]
    var toSizes: [Int]
    var common: Int
    var stayers: Int
    var stayersShare: Double
    var entriesBySegment: [Int]
    var exitsBySegment: [Int]
    var movers: [[Int64]]
    var testDescription: String { name }
  }
  var generator: String
  var cases: [Case]

  static let shared: [Case] =
    (try? decodeFixture(MigrationFixture.self, from: "segments/migration_reference.json"))?
    .cases ?? []
}

@Suite("Migration between segmentation versions")
struct SegmentMigrationTests {
  @Test("the fixture holds every case")
  func fixtureLoads() {
    #expect(MigrationFixture.shared.map(\.name) == ["refresh", "refit", "unknown stages"])
  }

  @Test(
    "flow matrix, row shares, sizes, entries, exits and movers equal pandas' crosstab",
    arguments: MigrationFixture.shared)
  func equalsPandas(_ reference: MigrationFixture.Case) {
    let migration = SegmentMigration(
      fromKeys: reference.fromKeys, fromGroups: reference.fromGroups, fromSegments: reference.fromSegments,
      toKeys: reference.toKeys, toGroups: reference.toGroups, toSegments: reference.toSegments)
    #expect(migration.flows == reference.flows)
    for (row, expected) in zip(migration.rowShares, reference.rowShares) {
      for (share, value) in zip(row, expected) { #expect(abs(share - value) < 1e-12) }
    }
    #expect(migration.fromSizes == reference.fromSizes && migration.toSizes == reference.toSizes)
    #expect(migration.common == reference.common && migration.stayers == reference.stayers)
    #expect(abs(migration.stayersShare - reference.stayersShare) < 1e-12)
    #expect(migration.movers == reference.movers.count && migration.movers == migration.common - migration.stayers)
    #expect(migration.entriesBySegment == reference.entriesBySegment)
    #expect(migration.exitsBySegment == reference.exitsBySegment)
    #expect(migration.entries == reference.entriesBySegment.reduce(0, +))
    #expect(migration.exits == reference.exitsBySegment.reduce(0, +))
    let movers = migration.moverKeys.indices.map {
      [migration.moverKeys[$0], Int64(migration.moverFrom[$0]), Int64(migration.moverTo[$0])]
    }
    #expect(movers == reference.movers)
  }

  @Test("identical versions: everyone stays, nobody enters or leaves")
  func identical() {
    let keys: [Int64] = [3, 1, 2]
    let groups: [Int32] = [0, 1, 1]
    let migration = SegmentMigration(
      fromKeys: keys, fromGroups: groups, fromSegments: 2, toKeys: keys, toGroups: groups, toSegments: 2)
    #expect(migration.flows == [[1, 0], [0, 2]] && migration.stayersShare == 1)
    #expect(migration.movers == 0 && migration.entries == 0 && migration.exits == 0 && migration.moverKeys.isEmpty)
  }
}
