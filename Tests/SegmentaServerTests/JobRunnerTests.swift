import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

/// The `segmenta` executable the job runner starts (`segmenta job-worker`), built beside the tests.
let jobWorkerExecutable: String = {
  let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  let beside = here.appendingPathComponent("segmenta")
  if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
  return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent(".build/debug/segmenta").path
}()

/// A workspace with `customers` customers of four numeric columns, an analyst and their API token.
struct JobFixture {
  let directory = TemporaryDirectory()
  let path: String
  let token: String
  let configuration: ServerConfiguration

  init(customers: Int = 400) throws {
    path = directory.file("jobs.db")
    let context = WorkflowContext(workspacePath: path)
    _ = try CreateWorkspaceWorkflow().run(context)
    var lines = ["customer_id,arpu,minutes,sms,data_mb"]
    var state: UInt64 = 7
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 40) % 1000
    }
    for i in 1...customers { lines.append("C\(i),\(next()),\(next() % 300),\(next() % 50),\(next())") }
    let csv = directory.write("customers.csv", lines.joined(separator: "\n") + "\n")
    _ = try ImportCustomersWorkflow(path: csv).run(context)
    _ = try AddUserWorkflow(name: "ana", role: .analyst, password: "analyst-password").run(context)
    token = try IssueTokenWorkflow(name: "ana").run(context).token
    var configuration = ServerConfiguration(workspacePath: path)
    configuration.workerExecutable = jobWorkerExecutable
    self.configuration = configuration
  }

  var headers: HTTPFields {
    [.authorization: "Bearer \(token)", .contentType: "application/json"]
  }

  /// Runs `body` with a test client of a fresh server over the workspace.
  func withClient<T>(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
    let (router, _) = try await SegmentaServer.router(configuration)
    return try await Application(router: router).test(.router) { client in try await body(client) }
  }

  /// The customers in the workspace.
  func customers() throws -> Int {
    try CreateWorkspaceWorkflow().run(WorkflowContext(workspacePath: path)).customers
  }
}

/// Decodes a response body as JSON.
func json(_ response: TestResponse) throws -> [String: Any] {
  try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

@Suite("Jobs: one writer, progress, cancel, failure, restart")
struct JobRunnerTests {
  @Test("a segmentation job streams progress, ends with its result, and is listed")
  func segmentationJob() async throws {
    let fixture = try JobFixture()
    let headers = fixture.headers
    try await fixture.withClient { client in
      let started = try await client.execute(
        uri: "/api/v1/jobs/segment", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"name":"value","k":3,"features":"arpu,minutes"}"#))
      #expect(started.status == .accepted)
      #expect(started.headers[.location] == "/api/v1/jobs/1")
      #expect(try json(started)["status"] as? String == "queued")
      let events = try await client.execute(uri: "/api/v1/jobs/1/events", method: .get, headers: headers)
      let text = String(buffer: events.body)
      #expect(events.headers[.contentType] == "text/event-stream")
      // Progress events arrive while the job runs (a fast job may end before the stream opens); the
      // ended job carries its last progress either way.
      let end = try #require(text.components(separatedBy: "event: end\ndata: ").last?.split(separator: "\n").first)
      let job = try #require(JSONSerialization.jsonObject(with: Data(end.utf8)) as? [String: Any])
      #expect(job["status"] as? String == "succeeded")
      #expect((job["progress"] as? [String: Any])?["step"] as? String == "segmenting")
      let result = try #require(job["result"] as? [String: Any])
      #expect(result["k"] as? Int == 3 && result["customers"] as? Int == 400 && result["version"] as? Int == 1)
      let list = try json(try await client.execute(uri: "/api/v1/jobs", method: .get, headers: headers))
      #expect(list["total"] as? Int == 1)
      #expect(((list["items"] as? [[String: Any]])?.first?["owner"] as? String) == "ana")
    }
    let names = try ListSegmentationsWorkflow().run(WorkflowContext(workspacePath: fixture.path)).map(\.name)
    #expect(names == ["value"])
  }

  @Test("a failing import job reports the located error and leaves the workspace as it was")
  func failingJob() async throws {
    let fixture = try JobFixture()
    let before = try fixture.customers()
    let bad = fixture.directory.write("bad.csv", "customer_id,arpu\nN1,1\nN2,1\nN3,\"open\n")
    let headers = fixture.headers
    let (router, state) = try await SegmentaServer.router(fixture.configuration)
    let upload = try await state.uploads.saveText(
      try String(contentsOfFile: bad, encoding: .utf8), name: "bad.csv", user: "ana")
    try await Application(router: router).test(.router) { client in
      let started = try await client.execute(
        uri: "/api/v1/jobs/import-customers", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"upload":"\#(upload.upload.id)"}"#))
      #expect(started.status == .accepted)
      let events = String(
        buffer: try await client.execute(uri: "/api/v1/jobs/1/events", method: .get, headers: headers).body)
      #expect(events.contains(#""status":"failed""#))
      #expect(events.contains(#""code":"invalid_data""#))
      let job = try json(try await client.execute(uri: "/api/v1/jobs/1", method: .get, headers: headers))
      #expect((job["error"] as? [String: Any])?["line"] as? Int == 4)
    }
    #expect(try fixture.customers() == before)
  }

  @Test("cancelling a running job stops its worker; nothing it did is kept")
  func cancelling() async throws {
    let fixture = try JobFixture(customers: 30_000)
    let headers = fixture.headers
    try await fixture.withClient { client in
      _ = try await client.execute(
        uri: "/api/v1/jobs/segment", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"name":"slow","k":"auto","k_range":"2..15","restarts":5}"#))
      // Wait until the worker reports progress, then cancel it.
      var running = false
      for _ in 0..<300 where !running {
        let job = try json(try await client.execute(uri: "/api/v1/jobs/1", method: .get, headers: headers))
        running = job["status"] as? String == "running" && job["progress"] != nil
        if !running { try await Task.sleep(for: .milliseconds(50)) }
      }
      #expect(running)
      let cancelled = try await client.execute(uri: "/api/v1/jobs/1/cancel", method: .post, headers: headers)
      #expect(cancelled.status == .accepted)
      let events = String(
        buffer: try await client.execute(uri: "/api/v1/jobs/1/events", method: .get, headers: headers).body)
      #expect(events.contains(#""status":"cancelled""#))
      let again = try await client.execute(uri: "/api/v1/jobs/1/cancel", method: .post, headers: headers)
      #expect(again.status == .conflict)
    }
    #expect(try ListSegmentationsWorkflow().run(WorkflowContext(workspacePath: fixture.path)).isEmpty)
  }

  @Test("while a job writes, a change through the server is refused with 409; queued jobs wait their turn")
  func oneWriter() async throws {
    let fixture = try JobFixture(customers: 20_000)
    let headers = fixture.headers
    let (router, state) = try await SegmentaServer.router(fixture.configuration)
    try await Application(router: router).test(.router) { client in
      for name in ["first", "second"] {
        let started = try await client.execute(
          uri: "/api/v1/jobs/segment", method: .post, headers: headers,
          body: ByteBuffer(string: #"{"name":"\#(name)","k":"auto","k_range":"2..8"}"#))
        #expect(started.status == .accepted)
      }
      let list = try json(try await client.execute(uri: "/api/v1/jobs", method: .get, headers: headers))
      let statuses = (list["items"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
      #expect(statuses == ["queued", "running"])
      let admin = Caller(user: TeamUser(name: "root", role: .admin, createdAt: ""), credential: .token)
      let refused = await #expect(throws: SegmentaError.self) {
        try await state.write(SetUserDisabledWorkflow(name: "ana"), caller: admin, command: "test")
      }
      #expect(refused?.code == .conflict)
      let cancelled = try await client.execute(uri: "/api/v1/jobs/2/cancel", method: .post, headers: headers)
      #expect(cancelled.status == .accepted)
      let second = try json(try await client.execute(uri: "/api/v1/jobs/2", method: .get, headers: headers))
      #expect(second["status"] as? String == "cancelled")
      _ = try await client.execute(uri: "/api/v1/jobs/1/events", method: .get, headers: headers)
    }
    let names = try ListSegmentationsWorkflow().run(WorkflowContext(workspacePath: fixture.path)).map(\.name)
    #expect(names == ["first"])
  }

  @Test("a job left running by a server that stopped is failed when the server starts; the list survives")
  func restart() async throws {
    let fixture = try JobFixture()
    let context = WorkflowContext(workspacePath: fixture.path)
    try JobLog.save(
      JobRecord(
        id: 7, kind: "segment", title: "segment 'x'", owner: "ana", status: .running, request: "{}",
        createdAt: "2026-01-01T00:00:00Z", startedAt: "2026-01-01T00:00:01Z"), context)
    let headers = fixture.headers
    try await fixture.withClient { client in
      let job = try json(try await client.execute(uri: "/api/v1/jobs/7", method: .get, headers: headers))
      #expect(job["status"] as? String == "failed")
      #expect(
        (job["error"] as? [String: Any])?["message"] as? String
          == "the server stopped while the job ran; the workspace is as it was before the job")
      let next = try await client.execute(
        uri: "/api/v1/jobs/apply-tags", method: .post, headers: headers, body: ByteBuffer(string: "{}"))
      #expect(try json(next)["id"] as? Int == 8)
    }
  }
}

@Suite("Customer lookup")
struct CustomerLookupTests {
  @Test("a card is valid JSON equal to the card's own encoding; search, 404, and reveal only for admins (audited)")
  func lookup() async throws {
    let fixture = try JobFixture(customers: 50)
    let context = WorkflowContext(workspacePath: fixture.path)
    _ = try AddUserWorkflow(name: "desk", role: .frontline, password: "front-line-password").run(context)
    _ = try AddUserWorkflow(name: "root", role: .admin, password: "admin-password-1").run(context)
    let desk = try IssueTokenWorkflow(name: "desk").run(context).token
    let root = try IssueTokenWorkflow(name: "root").run(context).token
    let (router, state) = try await SegmentaServer.router(fixture.configuration)
    for _ in 0..<400 where !state.customers.isLoaded { try await Task.sleep(for: .milliseconds(25)) }
    let expected = try #require(try state.customers.cards().card(id: "C7"))
    try await Application(router: router).test(.router) { client in
      let deskHeaders: HTTPFields = [.authorization: "Bearer \(desk)"]
      let response = try await client.execute(uri: "/api/v1/customers/C7", method: .get, headers: deskHeaders)
      #expect(response.status == .ok)
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      #expect(try decoder.decode(CustomerCard.self, from: Data(response.body.readableBytesView)) == expected)
      let found = try json(
        try await client.execute(uri: "/api/v1/customers?search=C4&limit=3", method: .get, headers: deskHeaders))
      #expect(found["items"] as? [String] == ["C4", "C40", "C41"])
      let missing = try await client.execute(uri: "/api/v1/customers/C999", method: .get, headers: deskHeaders)
      #expect(missing.status == .notFound)
      let refused = try await client.execute(uri: "/api/v1/customers/C7/reveal", method: .post, headers: deskHeaders)
      #expect(refused.status == .forbidden)
      let revealed = try await client.execute(
        uri: "/api/v1/customers/C7/reveal", method: .post, headers: [.authorization: "Bearer \(root)"])
      #expect(revealed.status == .ok)
    }
    let audit = try CampaignAuditWorkflow().run(context)
    #expect(audit.map(\.kind) == [.contacts] && audit.first?.user == "root" && audit.first?.campaign == "C7")
  }

  @Test("card JSON escapes quotes, backslashes and control characters")
  func escaping() throws {
    var buffer = ByteBuffer()
    CardJSON.string("a\"b\\c\nd\u{1}é", &buffer)
    #expect(String(buffer: buffer) == #""a\"b\\c\nd\u0001é""#)
  }
}

@Suite("Jobs: a segmentation with a self-organising map")
struct MapJobTests {
  @Test("POST /api/v1/jobs/segment with method som stores a map; its report and page show the errors and U-matrix")
  func mapJob() async throws {
    let fixture = try JobFixture()
    let headers = fixture.headers
    try await fixture.withClient { client in
      let refused = try await client.execute(
        uri: "/api/v1/jobs/segment", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"name":"map","method":"som","grid":"1x4"}"#))
      #expect(refused.status == .badRequest)
      #expect(String(buffer: refused.body).contains("grid takes ROWSxCOLUMNS"))
      let started = try await client.execute(
        uri: "/api/v1/jobs/segment", method: .post, headers: headers,
        body: ByteBuffer(string: #"{"name":"map","method":"som","grid":"4x5","groups":3,"features":"arpu,minutes"}"#))
      #expect(started.status == .accepted)
      #expect(try json(started)["title"] as? String == "segment 'map' (som 4x5)")
      let events = String(
        buffer: try await client.execute(uri: "/api/v1/jobs/1/events", method: .get, headers: headers).body)
      let end = try #require(events.components(separatedBy: "event: end\ndata: ").last?.split(separator: "\n").first)
      let job = try #require(JSONSerialization.jsonObject(with: Data(end.utf8)) as? [String: Any])
      #expect(job["status"] as? String == "succeeded")
      let result = try #require(job["result"] as? [String: Any])
      #expect(result["method"] as? String == "som" && result["k"] as? Int == 20 && result["segments"] as? Int == 3)
      #expect(result["grid"] as? String == "4x5")
      #expect((result["quantization_error"] as? Double ?? 0) > 0)
      #expect((result["topographic_error"] as? Double).map { (0...1).contains($0) } == true)
      let detail = try json(try await client.execute(uri: "/api/v1/segmentations/map", method: .get, headers: headers))
      let map = try #require((detail["report"] as? [String: Any])?["map"] as? [String: Any])
      #expect(map["rows"] as? Int == 4 && map["columns"] as? Int == 5)
      #expect((map["unified_distances"] as? [Double])?.count == 20 && (map["segments"] as? [Int])?.count == 20)
      #expect((map["components"] as? [[String: Any]])?.map { $0["name"] as? String } == ["arpu", "minutes"])
      let signIn = try await client.execute(
        uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: #"{"name":"ana","password":"analyst-password"}"#))
      let cookie = try #require(signIn.headers[.setCookie]?.split(separator: ";").first.map(String.init))
      let pageHeaders: HTTPFields = [.accept: "text/html", .cookie: cookie]
      let page = String(
        buffer: try await client.execute(uri: "/segments/map", method: .get, headers: pageHeaders).body)
      #expect(page.contains("U-matrix") && page.contains("Quantisation error") && page.contains("map 4 × 5 (20 units)"))
      let form = String(buffer: try await client.execute(uri: "/segments", method: .get, headers: pageHeaders).body)
      #expect(form.contains(#"<option value="som">"#) && form.contains(#"name="grid""#))
    }
  }
}
