import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

/// `segmenta campaign`: the closed campaign loop.
struct CampaignCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "campaign",
    abstract: "Evaluate campaigns and experiments against their random control groups (see docs/campaigns.md).",
    subcommands: [Evaluate.self])

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

    @Option(help: "CSV file with the experiment's outcomes, one row per customer.")
    var input: String

    @Option(help: "Confidence level of the intervals.")
    var confidence: Double = 0.95

    @Option(help: "Cost of contacting one target, for cost and ROI.")
    var costPerContact: Double?

    @Option(help: "The campaign's budget, shown beside the cost.")
    var budget: Double?

    @Option(help: "Expected value of one conversion, used for ROI when the file has no revenue.")
    var valuePerConversion: Double?

    func run() async throws {
      let arms = try ExperimentFileReader.read(path: input)
      let evaluation: ExperimentEvaluation
      do {
        evaluation = try ExperimentEvaluation(
          target: arms.target, control: arms.control, confidence: confidence, costPerContact: costPerContact,
          budget: budget, valuePerConversion: valuePerConversion)
      } catch {
        throw CommandError("\(input): \(error.description)")
      }
      if global.json { return try Console.json(EvaluationOutput(evaluation)) }
      for line in EvaluationText.lines(evaluation, title: "Evaluation of \(input)") { Console.out(line) }
    }
  }
}
