import Foundation
import SegmentaTestSupport
import Testing

/// Runs `segmenta` with `input` on standard input.
func segmenta(_ arguments: [String], in directory: String, input: String) throws -> CommandResult {
  try runProcess(segmentaExecutable.path, arguments, in: directory, input: input)
}

@Suite("users and serve on the command line")
struct ServerCLITests {
  @Test("users add reads the password from standard input; list, token and disable work; --json everywhere")
  func users() throws {
    let directory = TemporaryDirectory()
    _ = try segmentaOK(["init"], in: directory.path)
    let added = try segmenta(
      ["users", "add", "ada", "--role", "admin"], in: directory.path, input: "correct-horse-1\n")
    #expect(added.status == 0, "\(added.stderr)")
    #expect(added.stdout == "Added ada as admin; they can sign in to `segmenta serve`.\n")
    let short = try segmenta(
      ["users", "add", "bob", "--role", "viewer", "--json"], in: directory.path, input: "short\n")
    #expect(short.status == 1)
    #expect(try jsonObject(short.stdout)["error"] != nil)
    let empty = try segmenta(["users", "add", "bob", "--role", "viewer"], in: directory.path, input: "")
    #expect(empty.status != 0 && empty.stderr.contains("give the password on standard input"))
    let badRole = try segmenta(["users", "add", "bob", "--role", "king"], in: directory.path, input: "x\n")
    #expect(badRole.status == 2)
    let token = try segmentaOK(["users", "token", "ada"], in: directory.path).trimmingCharacters(in: .newlines)
    #expect(token.hasPrefix("sgt_") && token.count == 57)
    let list = try segmentaOK(["users", "list", "--json"], in: directory.path)
    let users = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]])
    #expect(users.first?["name"] as? String == "ada" && users.first?["tokens"] as? Int == 1)
    #expect(!list.contains("correct-horse") && !list.contains(String(token.suffix(40))))
    #expect(try segmentaOK(["users", "disable", "ada"], in: directory.path) == "Disabled ada.\n")
    #expect(try segmentaOK(["users", "list"], in: directory.path).contains("ada   admin  disabled"))
  }

  @Test("serve refuses bad options and a missing workspace; it answers health and stops on SIGTERM")
  func serve() throws {
    let directory = TemporaryDirectory()
    #expect(try segmenta(["serve", "--port", "70000"], in: directory.path).status == 2)
    #expect(try segmenta(["serve", "--log-level", "loud"], in: directory.path).status == 2)
    let missing = try segmenta(["serve", "--workspace", "nowhere.db", "--json"], in: directory.path)
    #expect(missing.status == 1 && missing.stdout.contains("\"code\" : \"not_found\""))
    _ = try segmentaOK(["init"], in: directory.path)
    let process = Process()
    process.executableURL = segmentaExecutable
    process.arguments = ["serve", "--port", "0"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    var text = ""
    var port: Int?
    let reader = err.fileHandleForReading
    while port == nil {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
      if let range = text.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
        port = Int(text[range].dropFirst(10).dropLast())
      }
    }
    let found = try #require(port, "no port in: \(text)")
    let health = try runProcess("/usr/bin/curl", ["-s", "http://127.0.0.1:\(found)/api/v1/health"], in: directory.path)
    #expect(health.stdout.contains("\"status\" : \"ok\""))
    process.terminate()
    process.waitUntilExit()
    let rest = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(rest.contains("Segmenta stopped serving."))
  }

  @Test("job-worker with an unreadable request answers a JSON error and status 1")
  func worker() throws {
    let directory = TemporaryDirectory()
    let result = try segmenta(["job-worker"], in: directory.path, input: "{")
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"invalid_request\""))
  }
}
