import Foundation
import GRDB
import SegmentaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at any moment of an import leaves the workspace as before or with the whole import.
@Suite("Crash safety", .serialized)
struct KillDuringImportTests {
  /// Customers before the big import, and in it.
  static let baseCustomers = 500
  static let newCustomers = 60_000

  /// Customers `first…` marked `marker` in a text column and `wave` in a number column.
  static func customerFile(first: Int, count: Int, marker: String, wave: Int) -> String {
    var text = "customer_id,segment,wave,spend,visits,joined,city,note\n"
    text.reserveCapacity(count * 64)
    for index in first..<(first + count) {
      text +=
        "K\(index),\(marker),\(wave),\(index % 1000).25,\(index % 97),2020-01-\(10 + index % 18),城市\(index % 9),\"a, \"\"b\"\"\"\n"
    }
    return text
  }

  /// The integrity check, the customer count and how many customers carry each marker and wave, as
  /// the workspace's readers see them.
  static func state(_ path: String, in directory: String) throws
    -> (integrity: String, count: Int, markers: [String: Int], waves: [Int: Int])
  {
    // Opening the file read-write first lets SQLite recover the log a killed import left.
    let integrity = try DatabaseQueue(path: path).read { db in
      try String.fetchAll(db, sql: "PRAGMA integrity_check").joined()
    }
    var count = -1
    func matches(_ rule: String) throws -> Int {
      let output = try jsonObject(
        try segmentaOK(["rule", "check", rule, "--count", "--json", "--workspace", path], in: directory))
      count = output["customers"] as? Int ?? -1
      return output["matches"] as? Int ?? -1
    }
    var markers: [String: Int] = [:]
    for marker in ["old", "new"] { markers[marker] = try matches("segment = \"\(marker)\"") }
    var waves: [Int: Int] = [:]
    for wave in [1, 2] { waves[wave] = try matches("wave = \(wave)") }
    return (integrity, count, markers.filter { $0.value > 0 }, waves.filter { $0.value > 0 })
  }

  @Test("kill -9 at twelve moments of a 60,000-row upsert: always all or nothing, integrity ok")
  func killAtAnyMoment() throws {
    let directory = TemporaryDirectory()
    let base = directory.file("base.db")
    _ = try segmentaOK(["init", "--workspace", base], in: directory.path)
    directory.write("base.csv", Self.customerFile(first: 0, count: Self.baseCustomers, marker: "old", wave: 1))
    _ = try segmentaOK(["import", "customers", "base.csv", "--workspace", base], in: directory.path)
    // The big file updates every existing customer and adds many new ones.
    directory.write(
      "big.csv", Self.customerFile(first: 0, count: Self.baseCustomers + Self.newCustomers, marker: "new", wave: 2))

    // One uninterrupted run gives the duration to spread the kills over.
    let full = directory.file("full.db")
    try FileManager.default.copyItem(atPath: base, toPath: full)
    let started = Date()
    _ = try segmentaOK(["import", "customers", "big.csv", "--workspace", full], in: directory.path)
    let duration = Date().timeIntervalSince(started)
    let complete = try Self.state(full, in: directory.path)
    #expect(complete.count == Self.baseCustomers + Self.newCustomers)
    #expect(complete.markers == ["new": Self.baseCustomers + Self.newCustomers])
    #expect(complete.waves == [2: Self.baseCustomers + Self.newCustomers])

    var outcomes: [String] = []
    for attempt in 0..<12 {
      let path = directory.file("kill\(attempt).db")
      try FileManager.default.copyItem(atPath: base, toPath: path)
      let process = Process()
      process.executableURL = segmentaExecutable
      process.arguments = ["import", "customers", "big.csv", "--workspace", path]
      process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Spread the kills from the start to just past the end of the import.
      usleep(UInt32(duration * 1.1 * Double(attempt) / 11 * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let after = try Self.state(path, in: directory.path)
      #expect(after.integrity == "ok")
      if after.count == Self.baseCustomers {
        #expect(after.markers == ["old": Self.baseCustomers])
        #expect(after.waves == [1: Self.baseCustomers])
        outcomes.append("before")
      } else {
        #expect(after.count == Self.baseCustomers + Self.newCustomers)
        #expect(after.markers == ["new": Self.baseCustomers + Self.newCustomers])
        #expect(after.waves == [2: Self.baseCustomers + Self.newCustomers])
        outcomes.append("after")
      }
    }
    // The kills must have hit the import both before and after its commit.
    #expect(outcomes.contains("before"))
    #expect(outcomes.first == "before")
  }
}
