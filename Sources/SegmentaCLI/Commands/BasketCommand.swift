import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats

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

  @Option(help: "Write every rule to this CSV file.")
  var out: String?

  @Option(help: "Rules listed at most, by lift (the JSON and --out have all).")
  var top: Int = 20

  struct RuleOutput: Codable {
    var antecedents: [String]
    var consequents: [String]
    var antecedentSupport: Double
    var consequentSupport: Double
    var support: Double
    var confidence: Double
    var lift: Double
    var leverage: Double
    var conviction: Double?
  }

  struct Output: Codable {
    var customers: Int
    var items: Int
    var itemsets: [ItemsetOutput]
    var rules: [RuleOutput]
  }

  struct ItemsetOutput: Codable {
    var items: [String]
    var support: Double
  }

  func validate() throws {
    guard minSupport > 0 && minSupport <= 1 else { throw ValidationError("--min-support takes a share in (0, 1]") }
    guard minConfidence >= 0 && minConfidence <= 1 else {
      throw ValidationError("--min-confidence takes a share in [0, 1]")
    }
    if let maxLen, maxLen < 1 { throw ValidationError("--max-len must be at least 1") }
  }

  func run() async throws {
    let started = Date()
    let baskets = try BasketFileReader.read(path: input, itemColumn: itemColumn)
    let n = baskets.transactions.count
    let itemsets = FPGrowth.frequentItemsets(
      baskets.transactions, minimumSupport: minSupport, maximumLength: maxLen ?? .max)
    let rules = FPGrowth.rules(itemsets, transactions: n, minimumConfidence: minConfidence).sorted {
      $0.lift != $1.lift ? $0.lift > $1.lift : $0.confidence > $1.confidence
    }
    func names(_ ids: [Int32]) -> [String] { ids.map { baskets.items[Int($0)] } }
    let ruleOutputs = rules.map { rule in
      RuleOutput(
        antecedents: names(rule.antecedent), consequents: names(rule.consequent),
        antecedentSupport: rule.antecedentSupport, consequentSupport: rule.consequentSupport, support: rule.support,
        confidence: rule.confidence, lift: rule.lift, leverage: rule.leverage,
        conviction: rule.conviction.isFinite ? rule.conviction : nil)
    }
    if let out {
      let writer = try CSVWriter(
        path: out,
        header: [
          "antecedents", "consequents", "antecedent_support", "consequent_support", "support", "confidence", "lift",
          "leverage", "conviction",
        ])
      for rule in ruleOutputs {
        try writer.write(
          [rule.antecedents.joined(separator: "+"), rule.consequents.joined(separator: "+")]
            + [rule.antecedentSupport, rule.consequentSupport, rule.support, rule.confidence, rule.lift, rule.leverage]
            .map { String($0) } + [rule.conviction.map { String($0) } ?? "inf"])
      }
      try writer.close()
    }
    if global.json {
      return try Console.json(
        Output(
          customers: n, items: baskets.items.count,
          itemsets: itemsets.map {
            ItemsetOutput(items: names($0.items), support: Double($0.count) / Double(max(n, 1)))
          }, rules: ruleOutputs))
    }
    if !ruleOutputs.isEmpty {
      Console.out(
        Format.table(
          ["if a customer holds", "they also hold", "support", "confidence", "lift", "leverage"],
          ruleOutputs.prefix(top).map { rule in
            [
              rule.antecedents.joined(separator: " + "), rule.consequents.joined(separator: " + "),
              String(format: "%.1f %%", rule.support * 100), String(format: "%.1f %%", rule.confidence * 100),
              String(format: "%.2f", rule.lift), String(format: "%+.4f", rule.leverage),
            ]
          }, rightAligned: [2, 3, 4, 5]))
    }
    Console.out(
      "\(Format.count(n)) customers, \(baskets.items.count) items: \(Format.count(itemsets.count)) frequent itemsets "
        + "(support ≥ \(minSupport)) and \(Format.count(rules.count)) rules (confidence ≥ \(minConfidence)) in "
        + "\(Format.seconds(Date().timeIntervalSince(started)))" + (out.map { "; rules written to \($0)." } ?? "."))
  }
}
