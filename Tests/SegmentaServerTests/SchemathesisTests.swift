import Foundation
import Testing

/// Runs scripts/schemathesis.sh (schemathesis against a served demo workspace) and requires success.
///
/// A missing tool is a failure: the script installs schemathesis when it can.
@Suite("Schemathesis: generated requests against the OpenAPI document find no 5xx and no schema mismatch")
struct SchemathesisTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("scripts/schemathesis.sh exits 0", .timeLimit(.minutes(15)))
  func schemathesis() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [Self.root.appendingPathComponent("scripts/schemathesis.sh").path]
    var environment = ProcessInfo.processInfo.environment
    environment["SEGMENTA_BIN"] = apiTestWorker
    process.environment = environment
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("schemathesis-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    #expect(FileManager.default.isExecutableFile(atPath: apiTestWorker), "no segmenta beside the tests")
    #expect(process.terminationStatus == 0, "schemathesis failed:\n\(output.suffix(6000))")
    #expect(output.contains("passed") && !output.contains("FAILURES"), "\(output.suffix(2000))")
  }
}
