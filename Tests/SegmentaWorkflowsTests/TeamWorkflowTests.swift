import Foundation
import SegmentaCore
import SegmentaTestSupport
import Testing

@testable import SegmentaStore
@testable import SegmentaWorkflows

@Suite("Users, sign-in and API tokens")
struct TeamWorkflowTests {
  /// A context acting as a signed-in user of `role`.
  func context(_ base: WorkflowContext, _ user: String, _ role: Role) -> WorkflowContext {
    var context = base
    context.user = user
    context.role = role
    return context
  }

  @Test("a user added with a password signs in with it, not with another; the hash is bcrypt, not the password")
  func passwordSignIn() throws {
    let context = try makeContext()
    let added = try AddUserWorkflow(name: "ada", role: .analyst, password: "correct-horse-1").run(context)
    #expect(added.user.role == .analyst)
    let user = try SignIn.password(name: "ada", password: "correct-horse-1", context: context)
    #expect(user.name == "ada" && user.role == .analyst)
    #expect(throws: SegmentaError.self) {
      try SignIn.password(name: "ada", password: "wrong-password", context: context)
    }
    #expect(throws: SegmentaError.self) {
      try SignIn.password(name: "bob", password: "correct-horse-1", context: context)
    }
    let stored = try #require(try store(context).user(named: "ada"))
    #expect(stored.passwordHash.hasPrefix("$2b$12$") && !stored.passwordHash.contains("correct-horse-1"))
  }

  @Test("names, short passwords and duplicates are refused with the field named")
  func refusals() throws {
    let context = try makeContext()
    for (name, password, field) in [
      ("a b", "correct-horse-1", "name"), ("", "correct-horse-1", "name"), ("ada", "short", "password"),
      ("ada", String(repeating: "x", count: 73), "password"),
    ] {
      let error = #expect(throws: SegmentaError.self) {
        try AddUserWorkflow(name: name, role: .viewer, password: password).run(context)
      }
      #expect(error?.code == .invalidRequest && error?.field == field)
    }
    _ = try AddUserWorkflow(name: "ada", role: .viewer, password: "correct-horse-1").run(context)
    let duplicate = #expect(throws: SegmentaError.self) {
      try AddUserWorkflow(name: "ada", role: .admin, password: "correct-horse-2").run(context)
    }
    #expect(duplicate?.code == .conflict)
  }

  @Test("a disabled user cannot sign in and their tokens stop working; enabled again, they work")
  func disabling() throws {
    let context = try makeContext()
    _ = try AddUserWorkflow(name: "ada", role: .frontline, password: "correct-horse-1").run(context)
    let token = try IssueTokenWorkflow(name: "ada").run(context).token
    #expect(token.hasPrefix("sgt_") && token.count == 4 + 12 + 1 + 40)
    #expect(try SignIn.token(token, context: context).name == "ada")
    _ = try SetUserDisabledWorkflow(name: "ada").run(context)
    #expect(throws: SegmentaError.self) { try SignIn.token(token, context: context) }
    #expect(throws: SegmentaError.self) {
      try SignIn.password(name: "ada", password: "correct-horse-1", context: context)
    }
    _ = try SetUserDisabledWorkflow(name: "ada", disabled: false).run(context)
    #expect(try SignIn.token(token, context: context).name == "ada")
    let listed = try ListUsersWorkflow().run(context)
    #expect(
      listed == [
        ListUsersWorkflow.Entry(
          name: "ada", role: .frontline, disabled: false, createdAt: listed[0].createdAt, tokens: 1)
      ])
  }

  @Test("a forged or altered token is refused; the token's secret is not stored")
  func forgedTokens() throws {
    let context = try makeContext()
    _ = try AddUserWorkflow(name: "ada", role: .admin, password: "correct-horse-1").run(context)
    let token = try IssueTokenWorkflow(name: "ada").run(context).token
    let secret = String(token.suffix(40))
    let altered = String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0")
    for candidate in [altered, "sgt_000000000000_" + secret, "Bearer " + token, token + "0", "", "sgt__"] {
      #expect(throws: SegmentaError.self) { try SignIn.token(candidate, context: context) }
    }
    let dump = try store(context).contentDump()
    #expect(!dump.contains(secret))
  }

  @Test("only a role that manages users may add, list, disable users or issue tokens")
  func userManagementNeedsTheRole() throws {
    let base = try makeContext()
    _ = try AddUserWorkflow(name: "ada", role: .admin, password: "correct-horse-1").run(base)
    for role in Role.allCases where role != .admin {
      let context = context(base, "someone", role)
      #expect(throws: SegmentaError.self) {
        try AddUserWorkflow(name: "eve", role: .admin, password: "correct-horse-1").run(context)
      }
      #expect(throws: SegmentaError.self) { try ListUsersWorkflow().run(context) }
      #expect(throws: SegmentaError.self) { try SetUserDisabledWorkflow(name: "ada").run(context) }
      #expect(throws: SegmentaError.self) { try IssueTokenWorkflow(name: "ada").run(context) }
    }
    #expect(try ListUsersWorkflow().run(context(base, "ada", .admin)).count == 1)
  }
}

@Suite("Per-object access: campaigns, reveal, audit")
struct CampaignAccessTests {
  @Test("a campaign manager sees only their own campaigns; others' are not found; viewers see all")
  func campaignVisibility() throws {
    let directory = TemporaryDirectory()
    let base = try CampaignFixtures.context(directory)
    var mine = base
    mine.user = "carol"
    mine.role = .campaign
    var theirs = base
    theirs.user = "dave"
    theirs.role = .campaign
    _ = try CreateCampaignWorkflow(source: .campaign(CampaignFixtures.spec("c1"))).run(mine)
    _ = try CreateCampaignWorkflow(source: .campaign(CampaignFixtures.spec("c2"))).run(theirs)
    #expect(try ListCampaignsWorkflow().run(mine).map(\.name) == ["c1"])
    #expect(try ListCampaignsWorkflow().run(mine).first?.owner == "carol")
    let hidden = #expect(throws: SegmentaError.self) { try SelectCampaignWorkflow(name: "c2").run(mine) }
    #expect(hidden?.code == .notFound)
    #expect(throws: SegmentaError.self) { try ShowCampaignWorkflow(name: "c2").run(mine) }
    _ = try SelectCampaignWorkflow(name: "c1").run(mine)
    let out = directory.file("c1.csv")
    #expect(throws: SegmentaError.self) {
      try ExportCampaignWorkflow(name: "c2", out: directory.file("c2.csv")).run(mine)
    }
    let revealed = #expect(throws: SegmentaError.self) {
      try ExportCampaignWorkflow(name: "c1", out: out, reveal: true).run(mine)
    }
    #expect(revealed?.code == .forbidden)
    let export = try ExportCampaignWorkflow(name: "c1", out: out).run(mine)
    #expect(export.record.user == "carol" && !export.record.revealed)
    var viewer = base
    viewer.user = "vic"
    viewer.role = .viewer
    #expect(try ListCampaignsWorkflow().run(viewer).map(\.name) == ["c1", "c2"])
    #expect(try CampaignAuditWorkflow().run(theirs).isEmpty)
    #expect(try CampaignAuditWorkflow().run(mine).map(\.campaign) == ["c1"])
  }

  @Test("revealing a customer's contacts needs the permission and is audited with the user and customer")
  func reveal() throws {
    let directory = TemporaryDirectory()
    let base = try CampaignFixtures.context(directory)
    var desk = base
    desk.user = "desk"
    desk.role = .frontline
    let refused = #expect(throws: SegmentaError.self) { try RevealContactsWorkflow(customerID: "C3").run(desk) }
    #expect(refused?.code == .forbidden)
    var admin = base
    admin.user = "ada"
    admin.role = .admin
    let contacts = try RevealContactsWorkflow(customerID: "C3").run(admin)
    #expect(contacts.contains(CustomerCard.Contact(column: "phone", value: "13800000003", masked: false)))
    #expect(contacts.allSatisfy { !$0.masked })
    let audit = try store(base).exportAudit()
    #expect(audit.last?.kind == .contacts && audit.last?.user == "ada" && audit.last?.campaign == "C3")
    let missing = #expect(throws: SegmentaError.self) { try RevealContactsWorkflow(customerID: "nobody").run(admin) }
    #expect(missing?.code == .notFound)
  }

  @Test("segment, feature and recommendation exports are audited with the user")
  func exportsAudited() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    var request = SegmentRequest(name: "s")
    request.k = "3"
    request.features = "arpu"
    _ = try request.workflow().run(context)
    _ = try ExportSegmentsWorkflow(name: "s", out: directory.file("s.csv")).run(context)
    let audit = try store(context).exportAudit()
    #expect(audit.map(\.kind) == [.segments])
    #expect(audit.first?.campaign == "s v1" && audit.first?.rows == 200 && audit.first?.user == "tester")
  }
}

@Suite("Segment requests, jobs and customer cards")
struct JobAndCardTests {
  @Test(
    "segment requests are checked once for the command line and the server",
    arguments: [
      ("k", "1"), ("k", "x"), ("kRange", "5..5"), ("kRange", "1..4"), ("winsorize", "0.7"), ("method", "dbscan"),
      ("weights", "a=0"), ("logFeatures", "a=maybe"),
    ])
  func segmentRequestChecks(field: String, value: String) throws {
    var request = SegmentRequest(name: "x")
    switch field {
    case "k": request.k = value
    case "kRange": request.kRange = value
    case "winsorize": request.winsorize = value
    case "method": request.method = value
    case "weights": request.weights = [value]
    default: request.logFeatures = [value]
    }
    let error = #expect(throws: SegmentaError.self) { try request.workflow() }
    #expect(error?.code == .invalidRequest)
  }

  @Test("a segment request decodes from snake_case JSON with numbers or text, defaults filled in")
  func segmentRequestJSON() throws {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let request = try decoder.decode(
      SegmentRequest.self, from: Data(#"{"name":"v","k":6,"k_range":"2..9","winsorize":"off","groups":3}"#.utf8))
    #expect(request.k == "6" && request.kRange == "2..9" && request.winsorize == "off" && request.groups == 3)
    #expect(request.seed == 42 && request.restarts == 10)
    let workflow = try request.workflow()
    #expect(workflow.options.k == 6 && workflow.options.groups == 3 && workflow.options.preprocessing.winsorize == nil)
  }

  @Test("the job worker runs a request as its user, reports progress, and refuses a role without the permission")
  func jobWorker() throws {
    let directory = TemporaryDirectory()
    let path = directory.file("w.db")
    let context = WorkflowContext(workspacePath: path)
    _ = try CreateWorkspaceWorkflow().run(context)
    _ = context
    var lines = ["customer_id,arpu,minutes"]
    for i in 1...120 { lines.append("C\(i),\(i % 17),\((i * 7) % 23)") }
    let csv = directory.write("c.csv", lines.joined(separator: "\n") + "\n")
    let request = JobRequest.importCustomers(ImportCustomersRequest(path: csv, fileName: "c.csv"))
    let envelope = JobEnvelope(request: request, workspace: path, user: "ana", role: .analyst, command: "POST /x")
    let progress = ProgressLog()
    let message = JobWorker.run(input: try JSONEncoder().encode(envelope)) { progress.add($0) }
    guard case .succeeded(let text) = message else {
      Issue.record("the job failed: \(message)")
      return
    }
    #expect(text.contains("\"inserted\" : 120"))
    #expect(!progress.all.isEmpty)
    var segment = SegmentRequest(name: "s")
    segment.k = "3"
    let refused = JobEnvelope(request: .segment(segment), workspace: path, user: "v", role: .viewer, command: "x")
    guard case .failed(let error) = JobWorker.run(input: try JSONEncoder().encode(refused), emit: { _ in }) else {
      Issue.record("a viewer's segmentation job ran")
      return
    }
    #expect(error.code == .forbidden)
    guard case .failed(let bad) = JobWorker.run(input: Data("{".utf8), emit: { _ in }) else {
      Issue.record("an unreadable job ran")
      return
    }
    #expect(bad.code == .invalidRequest)
  }

  @Test("customer cards hold segments, tags, masked contacts and attributes; search finds ids by prefix")
  func customerCards() throws {
    let directory = TemporaryDirectory()
    let context = try CampaignFixtures.context(directory)
    var request = SegmentRequest(name: "s")
    request.k = "3"
    request.features = "arpu"
    let segmented = try request.workflow().run(context)
    let big = TagDefinition(
      name: "big", category: .business, label: FeatureLabel(zh: "大", en: "Big"), description: "", rule: "arpu > 150")
    _ = try DefineTagsWorkflow(source: .definitions([big], source: "test")).run(context)
    _ = try ApplyTagsWorkflow().run(context)
    let cards = try CustomerCardsWorkflow().run(context)
    #expect(cards.count == 200)
    let card = try #require(cards.card(id: "C180"))
    #expect(
      card.segments.count == 1 && card.segments[0].segmentation == "s" && card.segments[0].version == segmented.version)
    #expect(card.tags.map(\.name) == ["big"])
    #expect(try #require(cards.card(id: "C3")).tags.isEmpty)
    #expect(card.contacts.contains(CustomerCard.Contact(column: "phone", value: "138****0180", masked: true)))
    #expect(card.contacts.contains(CustomerCard.Contact(column: "email", value: "c***@example.com", masked: true)))
    #expect(card.attributes.contains(CustomerCard.Attribute(name: "arpu", value: "180")))
    #expect(!card.attributes.contains { $0.name == "phone" || $0.name == "email" })
    #expect(cards.card(id: "C999") == nil)
    #expect(cards.search(prefix: "C19", limit: 5) == ["C19", "C190", "C191", "C192", "C193"])
    #expect(cards.search(prefix: "X", limit: 5).isEmpty)
    #expect(cards.search(prefix: "", limit: 2) == ["C1", "C10"])
  }
}

/// Collects job messages from the worker's callback.
final class ProgressLog: @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [JobMessage] = []

  func add(_ message: JobMessage) { lock.withLock { messages.append(message) } }
  var all: [JobMessage] { lock.withLock { messages } }
}
