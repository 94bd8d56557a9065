import Foundation
import SegmentaTestSupport
import Testing

/// The `segmenta` executable built beside the test bundle.
let segmentaExecutable: URL = {
  let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  let beside = here.appendingPathComponent("segmenta")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/segmenta")
}()

/// What a finished command printed.
struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

/// Runs `segmenta` with `arguments` in `directory` and waits for it.
@discardableResult
func segmenta(_ arguments: [String], in directory: String) throws -> CommandResult {
  try runProcess(segmentaExecutable.path, arguments, in: directory)
}

/// Runs `executable` with `arguments` in `directory` (with `input` on standard input) and waits for it.
func runProcess(_ executable: String, _ arguments: [String], in directory: String, input: String? = nil) throws
  -> CommandResult
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: directory)
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  let stdin = input.map { _ in Pipe() }
  if let stdin { process.standardInput = stdin }
  try process.run()
  if let stdin, let input {
    try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    try stdin.fileHandleForWriting.close()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `segmenta` and requires success, returning standard output.
func segmentaOK(_ arguments: [String], in directory: String) throws -> String {
  let result = try segmenta(arguments, in: directory)
  #expect(result.status == 0, "segmenta \(arguments.joined(separator: " ")) failed: \(result.stderr)")
  return result.stdout
}

/// Decodes a `--json` output into a dictionary.
func jsonObject(_ text: String) throws -> [String: Any] {
  try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Compares `actual` with the golden file `Tests/Fixtures/golden/<name>`; with
/// `SEGMENTA_RECORD_GOLDEN=1` in the environment, records it instead.
func expectGolden(_ actual: String, _ name: String) throws {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden").appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["SEGMENTA_RECORD_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try actual.write(to: url, atomically: true, encoding: .utf8)
    return
  }
  let expected = try String(contentsOf: url, encoding: .utf8)
  #expect(
    actual == expected, "output differs from \(name); re-record with SEGMENTA_RECORD_GOLDEN=1 if the change is intended"
  )
}
