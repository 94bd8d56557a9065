import Foundation
import HTTPTypes
import SegmentaCore
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaServer

/// docs/server.md lists the permission table and every route; both are generated from the server's
/// own tables, so the documentation cannot drift from what the server enforces.
@Suite("docs/server.md matches the server")
struct ServerDocsTests {
  static let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("docs/server.md")

  @Test("the permission table and the route list of docs/server.md are the server's")
  func documentMatches() async throws {
    let directory = TemporaryDirectory()
    let path = directory.file("docs.db")
    _ = try CreateWorkspaceWorkflow().run(WorkflowContext(workspacePath: path))
    let (_, state) = try await SegmentaServer.router(ServerConfiguration(workspacePath: path))
    var text = try String(contentsOf: Self.document, encoding: .utf8)
    let expected = Self.replace(
      "permissions", in: Self.replace("routes", in: text, with: Self.routes(state.routes.all)),
      with: Self.permissions())
    if ProcessInfo.processInfo.environment["SEGMENTA_RECORD_GOLDEN"] == "1" {
      try expected.write(to: Self.document, atomically: true, encoding: .utf8)
      text = expected
    }
    #expect(
      text == expected, "docs/server.md is out of date: run SEGMENTA_RECORD_GOLDEN=1 swift test --filter ServerDocs")
  }

  /// `text` with the lines between `<!-- name:begin -->` and `<!-- name:end -->` replaced.
  static func replace(_ name: String, in text: String, with body: String) -> String {
    guard let start = text.range(of: "<!-- \(name):begin -->\n"), let end = text.range(of: "<!-- \(name):end -->")
    else { return text }
    return String(text[..<start.upperBound]) + body + String(text[end.lowerBound...])
  }

  static func permissions() -> String {
    var lines = [
      "| permission | " + Role.allCases.map(\.rawValue).joined(separator: " | ") + " |",
      "|---|" + Role.allCases.map { _ in ":-:" }.joined(separator: "|") + "|",
    ]
    for permission in Permission.allCases {
      lines.append(
        "| `\(permission.rawValue)`: \(permission.summary) | "
          + Role.allCases.map { $0.allows(permission) ? "✓" : "" }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func routes(_ specs: [RouteSpec]) -> String {
    var text = ""
    for (kind, title) in [(RouteSpec.Kind.api, "API"), (.page, "Pages")] {
      let list = specs.filter { $0.kind == kind }
      guard !list.isEmpty else { continue }
      text += "\n**\(title)**\n\n| method | path | who | what |\n|---|---|---|---|\n"
      for spec in list {
        let who: String
        switch spec.access {
        case .open: who = "anyone"
        case .signedIn: who = "signed in"
        case .permission(let permission): who = "`\(permission.rawValue)`"
        }
        text +=
          "| \(spec.method.rawValue) | `\(spec.path)` | \(who) | \(spec.summary.replacingOccurrences(of: "|", with: "\\|")) |\n"
      }
    }
    return text + "\n"
  }
}
