import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta segments …`: stored segmentations.
struct SegmentsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "segments",
    abstract: "List stored segmentations, name their segments and show how customers moved between versions.",
    subcommands: [List.self, Rename.self, Members.self, Migration.self, Stability.self, Compare.self, Assess.self])

  /// `segmenta segments list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the stored segmentations with every version; commands read the latest (marked *).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only the latest version of each segmentation.")
    var latest = false

    func run() async throws {
      let list = try ListSegmentationsWorkflow(latestOnly: latest).run(global.context())
      if global.json { return try Console.json(list) }
      if !list.isEmpty {
        Console.out(
          Format.table(
            ["name", "version", "customers", "k", "segments", "silhouette", "period", "refreshes", "made"],
            list.map {
              [
                $0.name, String($0.version) + ($0.latest ? " *" : ""), Format.count($0.customers), String($0.k),
                String($0.segments), Format.fixed($0.silhouette, 3), $0.period ?? "–",
                $0.refreshes.map { "v\($0)" } ?? "–", $0.createdAt,
              ]
            }, rightAligned: [1, 2, 3, 4, 5]))
      }
      let names = Set(list.map(\.name)).count
      Console.out(
        "\(names) segmentation\(names == 1 ? "" : "s") stored"
          + (latest
            ? "." : " in \(list.count) version\(list.count == 1 ? "" : "s"); * marks the latest, which commands read."))
    }
  }

  /// `segmenta segments rename`.
  struct Rename: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename", abstract: "Give a segment a name of your own, replacing the automatic one.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The segmentation.")
    var name: String

    @Argument(help: "The segment id (1 = the largest).")
    var segment: Int

    @Argument(help: "The new name.")
    var label: String

    @Option(help: "Which name to set: zh, en or both.")
    var lang: SegmentNameLanguage = .both

    @Option(help: "Version (default: the latest).")
    var version: Int?

    func validate() throws {
      guard !label.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("the new name is empty") }
    }

    func run() async throws {
      let output = try RenameSegmentWorkflow(
        name: name, segment: segment, label: label, language: lang, version: version
      )
      .run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        "Segment \(segment) of \(name) version \(output.version) is now named \(output.name.zh) / \(output.name.en).")
    }
  }
}
