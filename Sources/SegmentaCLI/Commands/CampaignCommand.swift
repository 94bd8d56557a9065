import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta campaign`: the closed campaign loop.
struct CampaignCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "campaign",
    abstract: "Evaluate campaigns and experiments against their random control groups (see docs/campaigns.md).",
    subcommands: [
      Create.self, Select.self, Export.self, Responses.self, Evaluate.self, Learn.self, List.self, Audit.self,
    ])

  /// `segmenta campaign create`.
  struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "create",
      abstract:
        "Store a campaign from a YAML spec: product, offer, target rule or segments, channel, costs, control share.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The campaign spec (YAML).")
    var spec: String

    @Option(help: "Wide-table period whose features the target rule is checked against (default: the latest).")
    var period: String?

    func run() async throws {
      let output = try CreateCampaignWorkflow(source: .spec(path: spec), period: period).run(global.context())
      if global.json { return try Console.json(output) }
      let campaign = output.campaign
      Console.out(
        "Created campaign \(campaign.name): \(campaign.product) by \(campaign.channel.rawValue) to `\(campaign.target)`, "
          + "control share \(String(format: "%.0f %%", campaign.controlShare * 100)); rule checked against "
          + "\(Format.period(output.period)). Next: segmenta campaign select \(campaign.name)")
    }
  }

  /// `segmenta campaign select`.
  struct Select: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "select",
      abstract: "Build the target list and the random control group, suppressing opt-outs and capped customers first.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign.")
    var name: String

    @Option(help: "Wide-table period whose features the target rule reads (default: the latest).")
    var period: String?

    @Option(help: "The time the frequency cap counts back from, YYYY-MM-DDTHH:MM:SS (default: now).")
    var now: String?

    func run() async throws {
      let seconds = try SelectCampaignWorkflow.seconds(now)
      let report = try SelectCampaignWorkflow(
        name: name, period: period, now: Date(timeIntervalSince1970: TimeInterval(seconds))
      ).run(global.context())
      if global.json { return try Console.json(report) }
      let selection = report.selection
      let excludedTotal = selection.excluded.values.reduce(0, +)
      Console.out(
        "The target rule selects \(Format.count(selection.candidates)) of \(Format.count(report.customers)) customers "
          + "(\(Format.period(report.period))).")
      if excludedTotal > 0 {
        Console.out("Excluded before the split:")
        Console.out(
          Format.table(
            ["reason", "customers"],
            ExclusionReason.allCases.compactMap { reason in
              selection.excluded[reason].map {
                [reason.rawValue.replacingOccurrences(of: "_", with: " "), Format.count($0)]
              }
            }, rightAligned: [1]))
      }
      if let strata = report.strata {
        Console.out("By segment:")
        Console.out(
          Format.table(
            ["segment", "targets", "controls"],
            strata.keys.sorted().map { key in
              [String(key), Format.count(strata[key]?.targets ?? 0), Format.count(strata[key]?.controls ?? 0)]
            }, rightAligned: [1, 2]))
      }
      Console.out(
        "Selected \(Format.count(selection.targets)) targets and \(Format.count(selection.controls)) controls for \(name); "
          + "\(Format.count(excludedTotal)) excluded.")
    }
  }

  /// `segmenta campaign export`.
  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract:
        "Write the target list for the channel (contacts masked unless --reveal-contact); every export is audited.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign.")
    var name: String

    @Option(help: "The CSV file to write, or - for standard output.")
    var out: String

    @Flag(help: "Write phone numbers and e-mail addresses unmasked (recorded in the audit).")
    var revealContact = false

    @Option(help: "Assign contacts to sales staff from this CSV (staff_id, name, region, customer_types, capacity).")
    var staff: String?

    @Option(help: "Customer column matched against the staff's region.")
    var regionColumn: String?

    @Option(help: "Customer column matched against the customer types a staff member serves.")
    var typeColumn: String?

    func validate() throws { try Console.checkStandardOutput(out, json: global.json) }

    func run() async throws {
      let workflow = ExportCampaignWorkflow(
        name: name, out: out, reveal: revealContact,
        staff: staff.map { ExportCampaignWorkflow.Staff(path: $0, regionColumn: regionColumn, typeColumn: typeColumn) })
      let result = try workflow.run(global.context())
      if global.json { return try Console.json(result) }
      if let loads = result.staff {
        Console.summary(
          Format.table(
            ["staff", "name", "assigned", "capacity", "load"],
            loads.map { load in
              [
                load.id, load.name, Format.count(load.assigned), Format.count(load.capacity),
                load.capacity > 0
                  ? String(format: "%.0f %%", Double(load.assigned) * 100 / Double(load.capacity)) : "–",
              ]
            }, rightAligned: [2, 3, 4]), dataTo: out)
        for (reason, count) in (result.unassigned ?? [:]).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
          Console.summary(
            "Unassigned: \(Format.count(count)) (\(reason.rawValue.replacingOccurrences(of: "_", with: " "))).",
            dataTo: out)
        }
      }
      let shown = result.record.revealed ? "revealed" : "masked"
      let rows = Format.count(result.record.rows)
      Console.summary(
        "Wrote \(rows) contacts of \(name) to \(out) (contacts \(shown)); recorded in the export audit.", dataTo: out)
    }
  }

  /// `segmenta campaign responses`.
  struct Responses: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "responses",
      abstract: "Import a campaign's outcomes: customer_id, contacted_at, reached, converted, revenue.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign.")
    var name: String

    @Option(help: "The response file (CSV).")
    var input: String

    @Option(help: "fail: the first bad row stops the import and nothing is stored; skip: leave bad rows out.")
    var onError: BadRowPolicy = .fail

    func run() async throws {
      let report = try ImportResponsesWorkflow(name: name, path: input, onError: onError).run(global.context())
      if global.json { return try Console.json(report) }
      Console.printSkipped(report.skipped, firstLines: report.firstSkippedLine)
      Console.out(
        "Stored \(Format.count(report.stored)) responses for \(name) (\(Format.count(report.targets)) targets, "
          + "\(Format.count(report.controls)) controls) from \(Format.count(report.rowsRead)) rows.")
    }
  }

  /// `segmenta campaign learn`.
  struct Learn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "learn",
      abstract: "Compare converters with the other targets and suggest the tag refinement that raises conversion most.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign.")
    var name: String

    @Option(help: "Wide-table period of the features (default: the latest).")
    var period: String?

    @Option(help: "The share of converters a refinement must keep.")
    var minKept: Double = 0.5

    @Option(help: "Store the refined rule as (a new version of) this tag; run `segmenta tags apply` afterwards.")
    var applyTag: String?

    @Option(help: "Features and tags listed at most (the JSON has all).")
    var top: Int = 10

    func validate() throws {
      guard minKept > 0 && minKept <= 1 else {
        throw ValidationError("--min-kept takes a share in (0, 1], such as 0.5")
      }
    }

    func run() async throws {
      let output = try LearnCampaignWorkflow(name: name, period: period, minimumKept: minKept, applyTag: applyTag)
        .run(global.context())
      let learning = output.learning
      let refined = output.refinedRule
      if global.json { return try Console.json(output) }
      let base = learning.targets > 0 ? Double(learning.converters) / Double(learning.targets) : 0
      Console.out(
        "\(Format.count(learning.converters)) of \(Format.count(learning.targets)) targets converted "
          + "(\(String(format: "%.1f %%", base * 100))); compared on \(Format.period(output.period)).")
      Console.out("Features that separate converters from the other targets:")
      Console.out(
        Format.table(
          ["feature", "converters", "others", "d", "conversion by quartile"],
          learning.features.prefix(top).map { feature in
            [
              feature.label.zh == feature.label.en ? feature.name : "\(feature.label.zh) / \(feature.label.en)",
              Format.number(feature.convertedMean), Format.number(feature.otherMean),
              String(format: "%+.2f", feature.standardizedDifference),
              feature.quartileRates.map { $0.isNaN ? "–" : String(format: "%.0f%%", $0 * 100) }.joined(separator: " "),
            ]
          }, rightAligned: [1, 2, 3]))
      if !learning.tags.isEmpty {
        Console.out("Tags:")
        Console.out(
          Format.table(
            ["tag", "targets with it", "conversion with", "without"],
            learning.tags.prefix(top).map { tag in
              [
                tag.name, Format.count(tag.tagged),
                tag.taggedRate.isNaN ? "–" : String(format: "%.1f %%", tag.taggedRate * 100),
                tag.otherRate.isNaN ? "–" : String(format: "%.1f %%", tag.otherRate * 100),
              ]
            }, rightAligned: [1, 2, 3]))
      }
      if let refinement = learning.refinement, let refined {
        Console.out(
          "Suggested refinement: add `\(refinement.condition)`: conversion \(String(format: "%.1f %%", base * 100)) → "
            + "\(String(format: "%.1f %%", refinement.rate * 100)), keeping \(String(format: "%.0f %%", refinement.convertersKept * 100)) "
            + "of converters and \(String(format: "%.0f %%", refinement.targetsKept * 100)) of targets.")
        Console.out("Refined rule: \(refined)")
        if let applyTag {
          Console.out("Stored as tag \(applyTag); run `segmenta tags apply` to compute its new version.")
        } else {
          Console.out("Apply it as a tag with --apply-tag NAME.")
        }
      } else {
        Console.out(
          "No single condition raises conversion while keeping \(String(format: "%.0f %%", minKept * 100)) of converters."
        )
      }
    }
  }

  /// `segmenta campaign list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the campaigns.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let entries = try ListCampaignsWorkflow().run(global.context())
      if global.json { return try Console.json(entries) }
      Console.out(
        Format.table(
          ["campaign", "product", "channel", "targets", "controls", "exports", "responses"],
          entries.map { entry in
            [
              entry.name, entry.product, entry.channel, entry.selection.map { Format.count($0.targets) } ?? "–",
              entry.selection.map { Format.count($0.controls) } ?? "–", "\(entry.exports)",
              Format.count(entry.responses),
            ]
          }, rightAligned: [3, 4, 5, 6]))
      Console.out("\(entries.count) campaign\(entries.count == 1 ? "" : "s").")
    }
  }

  /// `segmenta campaign audit`.
  struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "audit", abstract: "Show the export audit: who exported which campaign, when, how many rows.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Only this campaign.")
    var name: String?

    func run() async throws {
      let records = try CampaignAuditWorkflow(campaign: name).run(global.context())
      if global.json { return try Console.json(records) }
      Console.out(
        Format.table(
          ["exported at", "campaign", "user", "rows", "contacts", "file"],
          records.map {
            [$0.exportedAt, $0.campaign, $0.user, Format.count($0.rows), $0.revealed ? "revealed" : "masked", $0.file]
          },
          rightAligned: [3]))
      Console.out("\(records.count) export\(records.count == 1 ? "" : "s").")
    }
  }

  /// `segmenta campaign evaluate`.
  struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "evaluate",
      abstract: "Compare targets with the control group: contact and conversion rates, lifts, p-values, ROI.",
      discussion: """
        --input reads an experiment from a CSV file with columns customer_id, group (target|control), \
        reached, converted and optionally revenue.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The campaign (or give --input).")
    var name: String?

    @Option(help: "CSV file with an experiment's outcomes, one row per customer.")
    var input: String?

    @Option(help: "Confidence level of the intervals.")
    var confidence: Double = 0.95

    @Option(help: "Cost of contacting one target, for cost and ROI.")
    var costPerContact: Double?

    @Option(help: "The campaign's budget, shown beside the cost.")
    var budget: Double?

    @Option(help: "Expected value of one conversion, used for ROI when the file has no revenue.")
    var valuePerConversion: Double?

    func validate() throws {
      guard (name == nil) != (input == nil) else {
        throw ValidationError("give a campaign name or --input FILE (one of them)")
      }
    }

    func run() async throws {
      let source: EvaluateCampaignWorkflow.Source = input.map { .file($0) } ?? .campaign(name ?? "")
      let output = try EvaluateCampaignWorkflow(
        source: source, confidence: confidence, costPerContact: costPerContact, budget: budget,
        valuePerConversion: valuePerConversion
      ).run(global.context())
      if global.json { return try Console.json(EvaluationOutput(output.evaluation, campaign: output.campaign)) }
      for line in EvaluationText.lines(output.evaluation, title: output.title) { Console.out(line) }
    }
  }
}
