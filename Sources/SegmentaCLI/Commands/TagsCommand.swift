import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta tags`: customer tags from rules ("3 + X").
struct TagsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tags",
    abstract: "Define customer tags from rules, apply them to all customers, list and profile them (docs/tags.md).",
    subcommands: [Define.self, Apply.self, List.self, Show.self, Members.self])

  /// `segmenta tags define`.
  struct Define: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "define",
      abstract: "Add or change tags from a YAML spec; every rule is checked before anything is stored.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The tag spec (YAML).")
    var spec: String

    @Option(help: "Wide-table period whose features the rules are checked against (default: the latest).")
    var period: String?

    func run() async throws {
      let output = try DefineTagsWorkflow(source: .spec(path: spec), period: period).run(global.context())
      if global.json { return try Console.json(output) }
      Console.out(
        "Defined \(output.defined.count) tag\(output.defined.count == 1 ? "" : "s") from \(spec) "
          + "(\(output.changed.count) new or changed; rules checked against \(Format.period(output.period))); "
          + "the workspace has \(output.tags). "
          + "Run `segmenta tags apply` to compute them.")
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

    func run() async throws {
      let started = Date()
      let output = try ApplyTagsWorkflow(period: period).run(global.context())
      if global.json { return try Console.json(output) }
      let rows = output.tags.map { result in
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
        "Applied \(output.tags.count) tags to \(Format.count(output.customers)) customers "
          + "(\(Format.period(output.period))) in \(Format.seconds(Date().timeIntervalSince(started))).")
    }
  }

  /// `segmenta tags list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the tags and their latest apply.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let entries = try ListTagsWorkflow().run(global.context())
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
      let report = try ShowTagWorkflow(tag: tag, version: version, period: period, specPath: spec)
        .run(global.context())
      if global.json { return try Console.json(report) }
      Console.out(
        "\(report.label.zh) / \(report.label.en) (\(report.name), \(report.category)), version \(report.version)")
      if !report.description.isEmpty { Console.out(report.description) }
      Console.out("Rule: \(report.rule)")
      Console.out("Profiled on \(Format.period(report.period)).")
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
