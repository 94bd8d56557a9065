import Foundation

/// The bytes of `Tests/Fixtures/<path>`.
func fixtureData(_ path: String) throws -> Data {
  // This file is Tests/SegmentaCoreTests/Support/FixtureData.swift, three levels below Tests.
  let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  return try Data(contentsOf: tests.appendingPathComponent("Fixtures").appendingPathComponent(path))
}

/// Decodes the JSON fixture `Tests/Fixtures/<path>`, its snake_case keys read as camelCase.
func decodeFixture<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  return try decoder.decode(type, from: fixtureData(path))
}
