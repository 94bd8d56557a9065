import Foundation
import SegmentaTestSupport
import Testing

/// The repository's root folder (scripts live there).
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

@Suite("The loop in PostgreSQL, as docs/scale.md walks through it")
struct PostgresLoopCLITests {
  /// The rows of a small CSV file without quoted fields, as (first field, second field as a number), header left out.
  static func counts(_ path: String) throws -> [String: Int] {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
    var counts: [String: Int] = [:]
    for line in lines {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if fields.count == 2, let count = Int(fields[1]) { counts[String(fields[0])] = count }
    }
    return counts
  }

  @Test(
    "scripts/examples/postgres-loop.sh: PostgreSQL's segment and tag counts equal the workspace's",
    .timeLimit(.minutes(15)))
  func loop() throws {
    let directory = TemporaryDirectory()
    let here = directory.path
    let scripts = repositoryRoot.appendingPathComponent("scripts").path
    // One shell starts a throw-away server on a free loopback port, runs the loop against it and stops it. 3,000
    // customers: the 5,000-customer sample holds them all, so the workspace's answers cover every customer.
    let script = """
      set -euo pipefail
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      url=$("$0/equality/postgres.sh" start "$1/server" "$port" 2>"$1/server.log")
      trap '"$0/equality/postgres.sh" stop "$1/server" 2>/dev/null' EXIT
      SEGMENTA="$2" bash "$0/examples/postgres-loop.sh" "$url" "$1/run" 3000
      """
    let run = try runProcess("/bin/bash", ["-c", script, scripts, here, segmentaExecutable.path], in: here)
    let log = (try? String(contentsOfFile: here + "/server.log", encoding: .utf8)) ?? ""
    try #require(run.status == 0, "the loop failed:\n\(run.stderr)\n\(run.stdout)\n\(log)")
    let folder = here + "/run"
    #expect(FileManager.default.fileExists(atPath: folder + "/usage.html"))

    // Every customer's segment from PostgreSQL, counted, equals the workspace's segmentation of the same customers.
    _ = try segmentaOK(
      ["export", "usage", "--workspace", folder + "/sample.db", "--out", here + "/segments.csv"], in: here)
    var workspaceSegments: [String: Int] = [:]
    for line in try String(contentsOfFile: here + "/segments.csv", encoding: .utf8).split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      if fields.count >= 3 { workspaceSegments[String(fields[2]), default: 0] += 1 }
    }
    let postgresSegments = try Self.counts(folder + "/segment-counts.csv")
    #expect(postgresSegments == workspaceSegments)
    #expect(postgresSegments.values.reduce(0, +) == 3000 && postgresSegments.count == 8)

    // Every tag PostgreSQL filled holds the customers `tags apply` gives it (tags nobody carries have no row).
    let applied = try jsonObject(
      try segmentaOK(["tags", "apply", "--workspace", folder + "/sample.db", "--json"], in: here))
    var workspaceTags: [String: Int] = [:]
    for tag in try #require(applied["tags"] as? [[String: Any]]) {
      if let name = tag["name"] as? String, let count = tag["count"] as? Int, count > 0 { workspaceTags[name] = count }
    }
    #expect(try Self.counts(folder + "/tag-counts.csv") == workspaceTags)
    #expect(workspaceTags.count > 10)
  }
}
