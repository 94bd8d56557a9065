import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

/// The demo workspace the page tests share, built once per test process.
///
/// `DemoWorkflow` with 600 customers (segmentation `demo`, tags, products, campaign `stock_app`) and
/// one user of every role, named after the role, whose password is `page-test-<role>`. Tests work on copies (``PageServer``).
struct PageFixture: Sendable {
  let folder: String
  let workspace: String

  static let shared: Result<PageFixture, any Error> = Result { try PageFixture() }

  private static let root = TemporaryDirectory()

  private init() throws {
    folder = Self.root.file("demo")
    let demo = try DemoWorkflow(customers: 600, seed: 5, folder: folder).run(
      WorkflowContext(workspacePath: "", user: "demo", command: "segmenta demo"))
    workspace = demo.workspace
    let setup = WorkflowContext(workspacePath: workspace, user: "setup", command: "test setup")
    _ = try ServerStartup().run(setup)
    for role in Role.allCases {
      _ = try AddUserWorkflow(name: role.rawValue, role: role, password: Self.password(role)).run(setup)
    }
  }

  static func password(_ role: Role) -> String { "page-test-\(role.rawValue)" }
}

/// A server over a private copy of the page fixture's workspace, driven in process.
struct PageServer: Sendable {
  let directory = TemporaryDirectory()
  let configuration: ServerConfiguration

  init() throws {
    let fixture = try PageFixture.shared.get()
    let path = directory.file("segmenta.db")
    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: fixture.workspace + suffix) {
      try FileManager.default.copyItem(atPath: fixture.workspace + suffix, toPath: path + suffix)
    }
    var configuration = ServerConfiguration(workspacePath: path)
    configuration.workerExecutable =
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      .deletingLastPathComponent().appendingPathComponent("segmenta").path
    self.configuration = configuration
  }

  /// Runs `body` with a client of a fresh server.
  func test<T: Sendable>(_ body: @escaping @Sendable (any TestClientProtocol, ServerState) async throws -> T)
    async throws -> T
  {
    let (router, state) = try await SegmentaServer.router(configuration)
    return try await Application(router: router).test(.router) { client in try await body(client, state) }
  }
}

/// A signed-in browser session: its cookie and CSRF token.
struct BrowserSession: Sendable {
  var cookie: String
  var csrf: String
}

extension TestClientProtocol {
  /// Signs `role`'s user in through the API and returns the session.
  func signIn(_ role: Role) async throws -> BrowserSession {
    let body = #"{"name":"\#(role.rawValue)","password":"\#(PageFixture.password(role))"}"#
    let response = try await execute(
      uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
      body: ByteBuffer(string: body))
    #expect(response.status == .created)
    let cookie = try #require(response.headers[.setCookie]?.split(separator: ";").first.map(String.init))
    let csrf = try #require(JSONValue.parse(String(buffer: response.body))?["csrf"]?.stringValue)
    return BrowserSession(cookie: cookie, csrf: csrf)
  }

  /// A page as a browser asks for it, in `session` (signed out without one).
  func page(_ path: String, _ session: BrowserSession?, headers extra: HTTPFields = [:]) async throws -> TestResponse {
    var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml"]
    if let session { headers[.cookie] = session.cookie }
    for field in extra { headers[field.name] = field.value }
    return try await execute(uri: path, method: .get, headers: headers, body: nil)
  }

  /// Posts a form (url-encoded `fields`) as a browser does, with the session's CSRF token unless
  /// `csrf` is false.
  func submit(_ path: String, _ fields: [String: String], _ session: BrowserSession?, csrf: Bool = true) async throws
    -> TestResponse
  {
    var all = fields
    if csrf, let session { all["_csrf"] = session.csrf }
    let body = all.sorted { $0.key < $1.key }.map { "\(RouteURI.encode($0.key))=\(RouteURI.encode($0.value))" }
      .joined(separator: "&")
    var headers: HTTPFields = [
      .accept: "text/html,application/xhtml+xml", .contentType: "application/x-www-form-urlencoded",
    ]
    if let session { headers[.cookie] = session.cookie }
    return try await execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
  }
}

/// Checks of a rendered page's markup.
enum PageMarkup {
  /// Problems of `html`: escaped markup (a sign that markup was interpolated as text), inline scripts,
  /// styles or event attributes, which the content security policy would block.
  static func problems(_ html: String) -> [String] {
    var found: [String] = []
    let escapedTag = try? NSRegularExpression(
      pattern: "&lt;/?(a|p|div|span|table|tr|td|th|ul|ol|li|code|svg|rect|form|input|section|h[1-6]|b|small|label)[ >]")
    let range = NSRange(html.startIndex..., in: html)
    if let match = escapedTag?.firstMatch(in: html, range: range), let matched = Range(match.range, in: html) {
      found.append("escaped markup: \(html[matched])")
    }
    if html.range(of: #"<script(?![^>]*src="/assets/app\.js")"#, options: .regularExpression) != nil {
      found.append("an inline script")
    }
    if html.range(of: #"\sstyle\s*="#, options: .regularExpression) != nil { found.append("a style attribute") }
    if html.range(of: "<style", options: .caseInsensitive) != nil { found.append("a style element") }
    if html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) != nil { found.append("an event attribute") }
    return found
  }
}
