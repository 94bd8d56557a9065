import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta basket`: association analysis for bundles.
struct BasketCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "basket",
    abstract: "Association rules from holdings (FP-Growth): support, confidence, lift, leverage, conviction.",
    discussion: """
      The input has one row per customer and item held (customer_id, item or product). Every customer \
      in the file is one basket. Example: segmenta basket --input holdings.csv --min-support 0.02 \
      --min-confidence 0.5
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "Holdings CSV: customer_id and item (or product).")
  var input: String

  @Option(help: "Name of the item column (default: item, product or product_id).")
  var itemColumn: String?

  @Option(help: "Smallest share of customers holding an itemset.")
  var minSupport: Double = 0.01

  @Option(help: "Smallest confidence of a rule.")
  var minConfidence: Double = 0.5

  @Option(help: "Longest itemset.")
  var maxLen: Int?

  @Option(help: "Write every rule to this CSV file (- for standard output).")
  var out: String?

  @Option(help: "Rules listed at most, by lift (the JSON and --out have all).")
  var top: Int = 20

  func validate() throws {
    guard minSupport > 0 && minSupport <= 1 else { throw ValidationError("--min-support takes a share in (0, 1]") }
    guard minConfidence >= 0 && minConfidence <= 1 else {
      throw ValidationError("--min-confidence takes a share in [0, 1]")
    }
    if let maxLen, maxLen < 1 { throw ValidationError("--max-len must be at least 1") }
    try Console.checkStandardOutput(out, json: global.json)
  }

  func run() async throws {
    let output = try BasketWorkflow(
      input: input, itemColumn: itemColumn, minimumSupport: minSupport, minimumConfidence: minConfidence,
      maximumLength: maxLen, out: out
    ).run(global.context())
    if global.json { return try Console.json(output) }
    if !output.rules.isEmpty {
      Console.summary(
        Format.table(
          ["if a customer holds", "they also hold", "support", "confidence", "lift", "leverage"],
          output.rules.prefix(top).map { rule in
            [
              rule.antecedents.joined(separator: " + "), rule.consequents.joined(separator: " + "),
              String(format: "%.1f %%", rule.support * 100), String(format: "%.1f %%", rule.confidence * 100),
              String(format: "%.2f", rule.lift), String(format: "%+.4f", rule.leverage),
            ]
          }, rightAligned: [2, 3, 4, 5]), dataTo: out)
    }
    Console.summary(
      "\(Format.count(output.customers)) customers, \(output.items) items: \(Format.count(output.itemsets.count)) frequent itemsets "
        + "(support ≥ \(minSupport)) and \(Format.count(output.rules.count)) rules (confidence ≥ \(minConfidence)) in "
        + "\(Format.seconds(output.seconds))" + (out.map { "; rules written to \($0)." } ?? "."), dataTo: out)
  }
}
