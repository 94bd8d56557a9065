import Foundation

/// How `segmenta serve` runs.
package struct ServerConfiguration: Sendable {
  /// The workspace file.
  package var workspacePath: String
  /// The address to listen on (loopback by default; put a TLS proxy in front to serve a network).
  package var host: String = "127.0.0.1"
  /// The port (0: any free port).
  package var port: Int = 8080
  /// The largest upload accepted, in bytes.
  package var maxUploadBytes: Int = 1 << 30
  /// The largest JSON or form body accepted, in bytes.
  package var maxBodyBytes: Int = 1 << 20
  /// The folder where uploads are kept (default: `<workspace>.uploads` beside the workspace).
  package var uploadsFolder: String?
  /// The executable that runs jobs (`segmenta job-worker`); default: this process's own executable.
  package var workerExecutable: String?
  /// How long a session lasts without use, in seconds.
  package var sessionIdleSeconds: Double = 2 * 3600
  /// How long a session lasts at most, in seconds.
  package var sessionLifetimeSeconds: Double = 12 * 3600
  /// Failed sign-ins allowed per user name (and per client address, times four) in ``signInWindowSeconds``.
  package var signInAttempts: Int = 5
  package var signInWindowSeconds: Double = 300
  /// Whether cookies are always `Secure` (they are anyway for requests that came over TLS through a proxy
  /// saying `X-Forwarded-Proto: https`).
  package var secureCookies: Bool = false
  /// The log level: debug, info, notice, warning or error.
  package var logLevel: String = "info"

  package init(workspacePath: String) {
    self.workspacePath = workspacePath
  }

  /// The uploads folder in use.
  package var uploads: String {
    uploadsFolder ?? workspacePath + ".uploads"
  }

  /// The job worker executable in use.
  package var worker: String {
    if let workerExecutable { return workerExecutable }
    return URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
  }
}
