import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

/// A member of the demo team: one per role, and a second campaign manager.
enum TeamMember: String, CaseIterable, Sendable {
  case ada, ana, cam, cara, fay, vic

  var role: Role {
    switch self {
    case .ada: .admin
    case .ana: .analyst
    case .cam, .cara: .campaign
    case .fay: .frontline
    case .vic: .viewer
    }
  }

  var password: String { "password-of-\(rawValue)" }

  /// The member whose role is `role` (the first campaign manager for `.campaign`).
  static func of(_ role: Role) -> TeamMember {
    allCases.first { $0.role == role } ?? .ada
  }
}

/// The demo workspace the API tests share, built once per test process.
///
/// `DemoWorkflow` with 1,500 customers (segmentation `demo`, tags, products, campaign `stock_app` of user
/// `demo`), a user of every role with an API token, and one selected campaign of each campaign manager
/// (`cam_sms`, `cara_sms`). Tests never write to it: each works on a copy (``APIServer``).
struct DemoFixture: Sendable {
  /// The folder with the demo's files (customers.csv, responses.csv, …) and the workspace.
  let folder: String
  let workspace: String
  /// Each member's API token.
  let tokens: [TeamMember: String]
  /// Every customer id, phone number and e-mail address of the demo's customers.
  let personalValues: (ids: [String], phones: [String], emails: [String])

  /// The one fixture of the process.
  static let shared: Result<DemoFixture, any Error> = Result { try DemoFixture() }

  /// The fixture, or the error that kept it from being built.
  static func get() throws -> DemoFixture { try shared.get() }

  /// The folder of the fixture, removed when the test process exits.
  private static let root = (NSTemporaryDirectory() as NSString).appendingPathComponent(
    "segmenta-api-fixture-\(UUID().uuidString)")

  private init() throws {
    atexit { try? FileManager.default.removeItem(atPath: DemoFixture.root) }
    try FileManager.default.createDirectory(atPath: Self.root, withIntermediateDirectories: true)
    folder = (Self.root as NSString).appendingPathComponent("demo")
    let context = WorkflowContext(workspacePath: "", user: "demo", command: "segmenta demo")
    let demo = try DemoWorkflow(customers: 1_500, seed: 3, folder: folder).run(context)
    workspace = demo.workspace
    var setup = WorkflowContext(workspacePath: workspace, user: "setup", command: "test setup")
    _ = try ServerStartup().run(setup)
    var tokens: [TeamMember: String] = [:]
    for member in TeamMember.allCases {
      _ = try AddUserWorkflow(name: member.rawValue, role: member.role, password: member.password).run(setup)
      tokens[member] = try IssueTokenWorkflow(name: member.rawValue).run(setup).token
    }
    self.tokens = tokens
    let spec = try ShowCampaignWorkflow(name: "stock_app").run(setup).spec
    for owner in [TeamMember.cam, .cara] {
      setup.user = owner.rawValue
      var own = spec
      own.name = "\(owner.rawValue)_sms"
      _ = try CreateCampaignWorkflow(source: .campaign(own)).run(setup)
      _ = try SelectCampaignWorkflow(name: own.name).run(setup)
    }
    let text = try String(contentsOfFile: folder + "/customers.csv", encoding: .utf8)
    var ids: [String] = []
    var phones: [String] = []
    var emails: [String] = []
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      ids.append(fields[0])
      if !fields[8].isEmpty { phones.append(fields[8]) }
      if !fields[9].isEmpty { emails.append(fields[9]) }
    }
    personalValues = (ids, phones, emails)
  }
}

/// The `segmenta` executable jobs run in, built beside the tests.
let apiTestWorker: String = {
  let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  return here.appendingPathComponent("segmenta").path
}()

/// A server over a private copy of the demo workspace, driven in process.
struct APIServer: Sendable {
  let directory = TemporaryDirectory()
  let fixture: DemoFixture
  let configuration: ServerConfiguration

  /// A copy of the demo workspace with `configure` applied to the configuration.
  init(_ configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
    fixture = try DemoFixture.get()
    let path = directory.file("segmenta.db")
    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: fixture.workspace + suffix) {
      try FileManager.default.copyItem(atPath: fixture.workspace + suffix, toPath: path + suffix)
    }
    var configuration = ServerConfiguration(workspacePath: path)
    configuration.workerExecutable = apiTestWorker
    configure(&configuration)
    self.configuration = configuration
  }

  /// The router and state of a fresh server (to read its route table).
  func router(logger: Logger? = nil) async throws -> (Router<AppContext>, ServerState) {
    try await SegmentaServer.router(configuration, logger: logger)
  }

  /// Runs `body` with a client of a fresh server.
  func test<T: Sendable>(
    logger: Logger? = nil, _ body: @escaping @Sendable (any TestClientProtocol, ServerState) async throws -> T
  ) async throws -> T {
    let (router, state) = try await router(logger: logger)
    let application =
      if let logger { Application(router: router, logger: logger) } else { Application(router: router) }
    return try await application.test(.router) { client in try await body(client, state) }
  }

  /// Headers of an API call by `member` (bearer token, JSON body).
  func headers(_ member: TeamMember) -> HTTPFields {
    [.authorization: "Bearer \(fixture.tokens[member] ?? "")", .contentType: "application/json"]
  }
}

extension TestClientProtocol {
  /// Calls `uri` as `member` (bearer token) with a JSON `body`.
  func call(
    _ method: HTTPRequest.Method, _ uri: String, as member: TeamMember?, server: APIServer, body: String? = nil,
    headers extra: HTTPFields = [:]
  ) async throws -> TestResponse {
    var headers: HTTPFields = member.map { server.headers($0) } ?? [:]
    for field in extra { headers[field.name] = field.value }
    return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
  }
}

/// Waits for job `id` to end and returns it.
func finishedJob(_ id: String, client: any TestClientProtocol, server: APIServer) async throws -> JSONValue {
  for _ in 0..<600 {
    let job = try await client.call(.get, "/api/v1/jobs/\(id)", as: .ada, server: server).json()
    if ["succeeded", "failed", "cancelled"].contains(job["status"]?.stringValue ?? "") { return job }
    try await Task.sleep(for: .milliseconds(100))
  }
  Issue.record("job \(id) did not end")
  return .null
}

extension TestResponse {
  /// The body as text.
  var text: String { String(buffer: body) }

  /// The body as JSON.
  func json() throws -> JSONValue {
    try #require(JSONValue.parse(text), "not JSON: \(text.prefix(300))")
  }
}

extension JSONValue {
  /// The elements of an array (empty for anything else).
  var elements: [JSONValue] {
    if case .array(let values) = self { return values }
    return []
  }

  /// The text of a string (nil for anything else).
  var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The value of a number (nil for anything else).
  var numberValue: Double? {
    if case .number(let value) = self { return value }
    return nil
  }

  /// The value of a boolean (nil for anything else).
  var boolValue: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }
}

/// A log handler that keeps every line with its metadata, to check what the server logs.
struct CapturingLogHandler: LogHandler {
  /// The lines logged so far, shared by copies of the handler.
  final class Store: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }
  }

  let store: Store
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .trace

  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  func log(
    level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String,
    function: String, line: UInt
  ) {
    let all = metadata.merging(extra ?? [:]) { _, new in new }
    store.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })")
  }

  /// A logger writing to a new store.
  static func logger() -> (Logger, Store) {
    let store = Store()
    return (Logger(label: "segmenta-test") { _ in CapturingLogHandler(store: store) }, store)
  }
}

/// A route's path with its parameters filled in.
enum RouteURI {
  /// `pattern` with every `:name` replaced by `values[name]` (percent-encoded); nil when a parameter has
  /// no value.
  static func fill(_ pattern: String, _ values: [String: String]) -> String? {
    var parts: [String] = []
    for part in pattern.split(separator: "/", omittingEmptySubsequences: false) {
      guard part.hasPrefix(":") else {
        parts.append(String(part))
        continue
      }
      guard let value = values[String(part.dropFirst())] else { return nil }
      parts.append(encode(value))
    }
    return parts.joined(separator: "/")
  }

  /// `pattern` with every parameter replaced by `value`.
  static func fill(_ pattern: String, every value: String) -> String {
    pattern.split(separator: "/", omittingEmptySubsequences: false).map {
      $0.hasPrefix(":") ? encode(value) : String($0)
    }.joined(separator: "/")
  }

  /// The names of `pattern`'s parameters.
  static func parameters(_ pattern: String) -> [String] {
    pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
  }

  /// `value` percent-encoded for a path segment or a query value.
  static func encode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
  }
}

/// The OpenAPI document of a server and checks of responses against it.
struct APIDocument {
  let document: JSONValue

  init(_ state: ServerState) {
    document = OpenAPIDocument.document(state.routes.all)
  }

  /// The schema of the `status` response of `method` on the route `pattern` (Hummingbird's `:name`
  /// form), for `type` content.
  func schema(_ method: HTTPRequest.Method, _ pattern: String, status: Int, type: String = "application/json")
    -> JSONValue?
  {
    let (path, _) = OpenAPIDocument.openAPIPath(pattern)
    let responses = document["paths"]?[path]?[method.rawValue.lowercased()]?["responses"]
    var response = responses?[String(status)] ?? responses?["default"]
    if let reference = response?["$ref"]?.stringValue {
      response = JSONSchemaValidator(document: document).resolve(reference)
    }
    return response?["content"]?[type]?["schema"]
  }

  /// Every way `response` breaks the document's schema for it (a missing schema is a problem too).
  func problems(_ response: TestResponse, _ method: HTTPRequest.Method, _ pattern: String) -> [String] {
    guard let schema = schema(method, pattern, status: Int(response.status.code)) else {
      return ["\(method) \(pattern): no schema for status \(response.status.code)"]
    }
    guard let value = JSONValue.parse(String(buffer: response.body)) else {
      return ["\(method) \(pattern): the body is not JSON"]
    }
    return JSONSchemaValidator(document: document).problems(value, schema).map { "\(method) \(pattern): \($0)" }
  }
}
