import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaServer
import SegmentaWorkflows

/// `segmenta serve`: the HTTP API and the dashboard for the team.
struct ServeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the HTTP API (/api/v1) and the web dashboard over the workspace.",
    discussion: """
      Users sign in with the accounts of `segmenta users add`; add an administrator first. The server \
      listens on loopback by default: to serve a network, put a TLS-terminating proxy in front (cookies \
      are marked Secure when the proxy says X-Forwarded-Proto: https). Long work runs as jobs, one \
      writer at a time; Ctrl-C or SIGTERM stops the server gracefully. See docs/server.md.
      """)

  @Option(name: .long, help: "The workspace database.")
  var workspace: String = "segmenta.db"

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(help: "The port to listen on (0: any free port, printed when listening).")
  var port = 8080

  @Option(name: .customLong("max-upload-mb"), help: "The largest upload accepted, in MiB.")
  var maxUploadMB = 1024

  @Option(help: "The folder for uploaded files (default: WORKSPACE.uploads).")
  var uploads: String?

  @Flag(name: .customLong("secure-cookies"), help: "Always mark cookies Secure (when TLS is terminated in front).")
  var secureCookies = false

  @Flag(name: .long, help: "Print where the server listens, and errors, as JSON on standard output.")
  var json = false

  @Option(
    name: .customLong("log-level"),
    help: "Log level: debug (every request), info (failed or slow requests, jobs, sign-ins), notice, warning, error.")
  var logLevel = "info"

  func validate() throws {
    guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535, not \(port)") }
    guard maxUploadMB >= 1 else { throw ValidationError("--max-upload-mb must be at least 1") }
    guard ["debug", "info", "notice", "warning", "error"].contains(logLevel) else {
      throw ValidationError("--log-level takes debug, info, notice, warning or error, not '\(logLevel)'")
    }
  }

  func run() async throws {
    guard FileManager.default.fileExists(atPath: workspace) else {
      throw SegmentaError(
        .notFound, "no workspace at \(workspace); create one with `segmenta init` or `segmenta demo`", file: workspace)
    }
    var configuration = ServerConfiguration(workspacePath: workspace)
    configuration.host = host
    configuration.port = port
    configuration.maxUploadBytes = maxUploadMB << 20
    configuration.uploadsFolder = uploads
    configuration.secureCookies = secureCookies
    configuration.logLevel = logLevel
    let host = host
    let workspace = workspace
    let json = json
    try await SegmentaServer.run(configuration) { port in
      let url = "http://\(host):\(port)/"
      if json { try? Console.json(Listening(url: url, workspace: workspace)) }
      Console.note("Segmenta is serving \(workspace) at \(url) (Ctrl-C stops it)")
    }
    Console.note("Segmenta stopped serving.")
  }

  /// What `serve --json` prints once it listens.
  struct Listening: Encodable {
    var url: String
    var workspace: String
  }
}

/// `segmenta job-worker`: runs one server job read from standard input (the server starts it).
struct JobWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "job-worker", abstract: "Run one server job (started by `segmenta serve`).", shouldDisplay: false)

  func run() throws {
    let input = FileHandle.standardInput.readDataToEndOfFile()
    let message = JobWorker.run(input: input) { message in
      FileHandle.standardError.write(Data((JobWorker.line(message) + "\n").utf8))
    }
    FileHandle.standardOutput.write(Data((JobWorker.line(message) + "\n").utf8))
    if case .failed = message { throw ExitCode(1) }
  }
}
