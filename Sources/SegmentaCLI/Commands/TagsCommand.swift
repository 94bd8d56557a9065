import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

/// `segmenta tags`: customer tags from rules ("3 + X").
struct TagsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tags",
    abstract: "Define customer tags from rules, apply them to all customers, list and profile them (docs/tags.md).",
    subcommands: [Define.self, Apply.self, List.self, Show.self])

  /// `segmenta tags define`.
  struct Define: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "define",
      abstract: "Add or change tags from a YAML spec; every rule is checked before anything is stored.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The tag spec (YAML).")
    var spec: String

    struct Output: Codable {
      var defined: [String]
      var changed: [String]
      var tags: Int
    }

    func run() async throws {
      let workspace = try global.openWorkspace()
      let definitions = try TagSpecParser.load(path: spec)
      let changed: [String]
      do {
        changed = try TagPipeline.define(definitions, workspace: workspace)
      } catch let error as TagDefinitionError {
        throw CommandError("\(spec): \(error.description)")
      }
      let total = try workspace.tags().count
      if global.json {
        return try Console.json(Output(defined: definitions.map(\.name), changed: changed, tags: total))
      }
      Console.out(
        "Defined \(definitions.count) tag\(definitions.count == 1 ? "" : "s") from \(spec) "
          + "(\(changed.count) new or changed); the workspace has \(total). Run `segmenta tags apply` to compute them.")
    }
  }

  /// `segmenta tags apply`.
  struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "apply",
      abstract: "Compute every tag for all customers and store the result as a new version.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Wide-table period whose features the rules read (default: the latest).")
    var period: String?

    struct Output: Codable {
      var customers: Int
      var tags: [TagApplyResult]
    }

    func run() async throws {
      let workspace = try global.openWorkspace()
      let progress = Progress("Applying tags")
      let started = Date()
      let outcome: (results: [TagApplyResult], customers: Int)
      do {
        outcome = try TagPipeline.apply(workspace: workspace, period: period) { done, total, name in
          progress.update(done, of: total, detail: name, bytes: false)
        }
      } catch let error as TagDefinitionError {
        throw CommandError(error.description)
      }
      Progress.clear()
      if global.json { return try Console.json(Output(customers: outcome.customers, tags: outcome.results)) }
      let rows = outcome.results.map { result in
        [
          result.name, result.label.zh + " / " + result.label.en, result.category, "v\(result.version)",
          Format.count(result.count), String(format: "%.1f %%", result.coverage * 100),
          "+" + Format.count(result.gained),
          "−" + Format.count(result.lost),
        ]
      }
      Console.out(
        Format.table(
          ["tag", "label", "category", "version", "customers", "coverage", "gained", "lost"], rows,
          rightAligned: [4, 5, 6, 7]))
      Console.out(
        "Applied \(outcome.results.count) tags to \(Format.count(outcome.customers)) customers in "
          + "\(Format.seconds(Date().timeIntervalSince(started))).")
    }
  }

  /// `segmenta tags list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the tags and their latest apply.")

    @OptionGroup var global: GlobalOptions

    struct Entry: Codable {
      var name: String
      var family: String?
      var category: String
      var label: FeatureLabel
      var description: String
      var rule: String
      var revision: Int
      var version: Int?
      var appliedAt: String?
      var count: Int?
      var coverage: Double?
      var stale: Bool
    }

    func run() async throws {
      let workspace = try global.openWorkspace()
      let entries = try workspace.tags().map { tag in
        Entry(
          name: tag.definition.name, family: tag.definition.family, category: tag.definition.category.rawValue,
          label: tag.definition.label, description: tag.definition.description, rule: tag.definition.rule,
          revision: tag.revision, version: tag.latest?.version, appliedAt: tag.latest?.appliedAt,
          count: tag.latest?.change.count,
          coverage: tag.latest.map { $0.customers > 0 ? Double($0.change.count) / Double($0.customers) : 0 },
          stale: tag.latest.map { $0.rule != tag.definition.rule } ?? true)
      }
      if global.json { return try Console.json(entries) }
      guard !entries.isEmpty else {
        Console.out("No tags yet; define them with `segmenta tags define --spec tags.yaml`.")
        return
      }
      Console.out(
        Format.table(
          ["tag", "label", "category", "version", "customers", "coverage", "rule"],
          entries.map { entry in
            [
              entry.name, entry.label.zh + " / " + entry.label.en, entry.category,
              entry.version.map { "v\($0)" + (entry.stale ? " (stale)" : "") } ?? "not applied",
              entry.count.map(Format.count) ?? "–", entry.coverage.map { String(format: "%.1f %%", $0 * 100) } ?? "–",
              entry.rule.count > 60 ? String(entry.rule.prefix(57)) + "…" : entry.rule,
            ]
          }, rightAligned: [4, 5]))
      let stale = entries.filter(\.stale).count
      Console.out(
        "\(entries.count) tags" + (stale > 0 ? "; \(stale) changed or never applied since the last apply." : "."))
    }
  }

  /// `segmenta tags show`.
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Profile the customers carrying a tag against everyone.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The tag.")
    var tag: String

    @Option(help: "Show this apply version instead of the latest.")
    var version: Int?

    @Option(help: "Wide-table period whose features are profiled (default: the latest).")
    var period: String?

    @Option(help: "A profile spec (YAML) for KPI lines and categorical columns.")
    var spec: String?

    @Option(help: "Features listed at most (the JSON has all).")
    var top: Int = 12

    func run() async throws {
      let workspace = try global.openWorkspace()
      let profileSpec =
        try spec.map { path throws(SpecFileError) in try ProfileSpecParser.load(path: path) }
        ?? ProfileSpec(playbook: Playbook(rules: []))
      let report = try TagReport.build(
        workspace: workspace, name: tag, version: version, period: period, spec: profileSpec)
      if global.json { return try Console.json(report) }
      Console.out(
        "\(report.label.zh) / \(report.label.en) (\(report.name), \(report.category)), version \(report.version)")
      if !report.description.isEmpty { Console.out(report.description) }
      Console.out("Rule: \(report.rule)")
      Console.out()
      func number(_ value: Double?) -> String { Format.number(value) }
      Console.out(
        Format.table(
          ["feature", "tagged", "everyone", "index", "importance"],
          report.features.prefix(top).map { feature in
            [
              feature.label.zh + " / " + feature.label.en, number(feature.taggedMean), number(feature.overallMean),
              feature.index.map { String(format: "%.0f", $0) } ?? "–", String(format: "%.2f", feature.importance),
            ]
          }, rightAligned: [1, 2, 3, 4]))
      for category in report.categories where !category.top.isEmpty {
        let values = category.top.map { value in
          "\(value.value) \(String(format: "%.0f %%", value.taggedShare * 100)) "
            + "(all \(String(format: "%.0f %%", value.overallShare * 100)))"
        }
        Console.out("\(category.column): \(values.joined(separator: ", "))")
      }
      for kpi in report.kpis { Console.out("\(kpi.label.zh) / \(kpi.label.en): \(number(kpi.value))") }
      Console.out(
        "\(Format.count(report.count)) of \(Format.count(report.customers)) customers carry \(report.name) "
          + "(\(String(format: "%.1f %%", report.coverage * 100))), applied \(report.appliedAt).")
    }
  }
}
