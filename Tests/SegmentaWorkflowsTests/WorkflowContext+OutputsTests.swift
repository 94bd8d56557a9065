import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaTestSupport
import SegmentaWorkflows
import Testing

@testable import SegmentaStore

@Suite("Outputs never destroy data: every command's output is checked before any work")
struct WorkflowContextOutputsTests {
  /// A command that writes a file, run with its output at `out`.
  struct Command: Sendable, CustomStringConvertible {
    var description: String
    var input: String?
    var run: @Sendable (_ context: WorkflowContext, _ out: String, _ input: String) throws -> Void
  }

  static let commands: [Command] = [
    Command(description: "features export", input: nil) { context, out, _ in
      _ = try ExportFeaturesWorkflow(out: out).run(context)
    },
    Command(description: "export", input: nil) { context, out, _ in
      _ = try ExportSegmentsWorkflow(name: "usage", out: out).run(context)
    },
    Command(description: "assign", input: "calls,sms,data") { context, out, input in
      _ = try AssignSegmentsWorkflow(name: "usage", input: input, out: out).run(context)
    },
    Command(description: "profile --out", input: nil) { context, out, _ in
      _ = try ProfileWorkflow(name: "usage", format: .html, out: out).run(context)
    },
    Command(description: "recommend", input: nil) { context, out, _ in
      _ = try RecommendWorkflow(out: out).run(context)
    },
    Command(description: "basket --out", input: "item") { context, out, input in
      _ = try BasketWorkflow(input: input, minimumSupport: 0.1, out: out).run(context)
    },
    Command(description: "campaign export", input: nil) { context, out, _ in
      _ = try ExportCampaignWorkflow(name: "c1", out: out).run(context)
    },
    Command(description: "import customers --rejects", input: "customers") { context, out, input in
      _ = try ImportCustomersWorkflow(path: input, options: CustomerImportOptions(onError: .skip), rejectsPath: out)
        .run(context)
    },
  ]

  /// Writes the input a command reads, returning its path.
  static func input(for command: Command, in directory: TemporaryDirectory) -> String {
    switch command.input {
    case "calls,sms,data": return directory.write("in.csv", "customer_id,calls,sms,data\nN1,10,200,5\n")
    case "item": return directory.write("in.csv", "customer_id,item\nA,x\nA,y\nB,x\n")
    case "customers": return directory.write("in.csv", "customer_id,calls\nC0,1\nC1,x,2\n")
    default: return directory.write("in.csv", "unused\n")
    }
  }

  @Test(
    "the workspace, its -wal and -shm, an input, and links to them are refused; the workspace is unchanged",
    arguments: commands)
  func refusesProtectedPaths(command: Command) throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory, file: true)
    _ = try DefineProductsWorkflow(
      source: .products([ProductDefinition(id: "p", name: FeatureLabel(zh: "p", en: "p"), target: "calls > 0")])
    ).run(context)
    let workspace = context.workspacePath
    let input = Self.input(for: command, in: directory)
    let before = try Workspace.open(at: workspace, for: .read).contentDump()
    let inputBefore = try String(contentsOfFile: input, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: directory.file("link.db"), withDestinationPath: workspace)
    var targets = [workspace, workspace + "-wal", workspace + "-shm", directory.file("link.db")]
    if command.input != nil { targets.append(input) }
    for target in targets {
      let error = #expect(throws: SegmentaError.self, "\(command) --out \(target)") {
        try command.run(context, target, input)
      }
      #expect(error?.code == .invalidRequest)
      #expect(error?.message.contains("writing there would destroy it") == true, "\(error?.message ?? "")")
    }
    #expect(try Workspace.open(at: workspace, for: .read).contentDump() == before)
    #expect(try Workspace.open(at: workspace, for: .read).integrityCheck() == "ok")
    #expect(try String(contentsOfFile: input, encoding: .utf8) == inputBefore)
  }

  @Test("directories, devices and links are refused as outputs; a new file is written", arguments: commands)
  func refusesSpecialFiles(command: Command) throws {
    let directory = TemporaryDirectory()
    let context = try makeSegmentedContext(directory, file: true)
    _ = try DefineProductsWorkflow(
      source: .products([ProductDefinition(id: "p", name: FeatureLabel(zh: "p", en: "p"), target: "calls > 0")])
    ).run(context)
    let input = Self.input(for: command, in: directory)
    try FileManager.default.createDirectory(atPath: directory.file("folder"), withIntermediateDirectories: false)
    let elsewhere = directory.write("elsewhere.csv", "keep me\n")
    try FileManager.default.createSymbolicLink(atPath: directory.file("link.csv"), withDestinationPath: elsewhere)
    for (target, words) in [
      (directory.file("folder"), "is a directory"), ("/dev/null", "is not a regular file"),
      (directory.file("link.csv"), "is a symbolic link"),
    ] {
      let error = #expect(throws: SegmentaError.self, "\(command) --out \(target)") {
        try command.run(context, target, input)
      }
      #expect(error?.message.contains(words) == true, "\(error?.message ?? "")")
    }
    #expect(try String(contentsOfFile: elsewhere, encoding: .utf8) == "keep me\n")
    let fresh = directory.file("fresh.out")
    try command.run(context, fresh, input)
    #expect(FileManager.default.fileExists(atPath: fresh))
  }
}
