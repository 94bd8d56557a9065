import Foundation
import SegmentaCore
import SegmentaIO

/// `segmenta basket`: association rules for bundles from a holdings file (FP-Growth), by lift.
package struct BasketWorkflow: Workflow {
  /// One association rule.
  package struct Rule: Sendable, Codable {
    package var antecedents: [String]
    package var consequents: [String]
    package var antecedentSupport: Double
    package var consequentSupport: Double
    package var support: Double
    package var confidence: Double
    package var lift: Double
    package var leverage: Double
    /// Nil when infinite (the rule always holds).
    package var conviction: Double?
  }

  /// A frequent itemset and its support.
  package struct Itemset: Sendable, Codable {
    package var items: [String]
    package var support: Double
  }

  package struct Output: Sendable, Codable {
    /// Customers (baskets) in the file.
    package var customers: Int
    /// Distinct items.
    package var items: Int
    package var itemsets: [Itemset]
    /// The rules, highest lift first (ties: higher confidence first).
    package var rules: [Rule]
    /// The CSV the rules were written to, if any (not part of the JSON).
    package var file: String?
    /// Wall time in seconds (not part of the JSON).
    package var seconds: Double = 0

    private enum CodingKeys: String, CodingKey {
      case customers, items, itemsets, rules
    }
  }

  /// Holdings CSV: customer_id and item (or product).
  package var input: String
  /// The item column (default: item, product or product_id).
  package var itemColumn: String?
  /// Smallest share of customers holding an itemset.
  package var minimumSupport: Double
  /// Smallest confidence of a rule.
  package var minimumConfidence: Double
  /// Longest itemset.
  package var maximumLength: Int?
  /// Write every rule to this CSV file.
  package var out: String?

  package init(
    input: String, itemColumn: String? = nil, minimumSupport: Double = 0.01, minimumConfidence: Double = 0.5,
    maximumLength: Int? = nil, out: String? = nil
  ) {
    self.input = input
    self.itemColumn = itemColumn
    self.minimumSupport = minimumSupport
    self.minimumConfidence = minimumConfidence
    self.maximumLength = maximumLength
    self.out = out
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard minimumSupport > 0 && minimumSupport <= 1 else {
      throw SegmentaError(
        .invalidRequest, "the minimum support is a share in (0, 1], such as 0.01", field: "min_support")
    }
    guard minimumConfidence >= 0 && minimumConfidence <= 1 else {
      throw SegmentaError(
        .invalidRequest, "the minimum confidence is a share in [0, 1], such as 0.5", field: "min_confidence")
    }
    if let maximumLength, maximumLength < 1 {
      throw SegmentaError(.invalidRequest, "the longest itemset has at least 1 item", field: "max_length")
    }
    let target = try out.map { out throws(SegmentaError) in
      try context.checkOutput(out, option: "--out", inputs: [input])
    }
    return try SegmentaError.catching { try analyse(to: target) }
  }

  private func analyse(to target: OutputTarget?) throws -> Output {
    let started = Date()
    let baskets = try BasketFileReader.read(path: input, itemColumn: itemColumn)
    let n = baskets.transactions.count
    let itemsets = FPGrowth.frequentItemsets(
      baskets.transactions, minimumSupport: minimumSupport, maximumLength: maximumLength ?? .max)
    let rules = FPGrowth.rules(itemsets, transactions: n, minimumConfidence: minimumConfidence).sorted {
      $0.lift != $1.lift ? $0.lift > $1.lift : $0.confidence > $1.confidence
    }
    func names(_ ids: [Int32]) -> [String] { ids.map { baskets.items[Int($0)] } }
    let ruleOutputs = rules.map { rule in
      Rule(
        antecedents: names(rule.antecedent), consequents: names(rule.consequent),
        antecedentSupport: rule.antecedentSupport, consequentSupport: rule.consequentSupport, support: rule.support,
        confidence: rule.confidence, lift: rule.lift, leverage: rule.leverage,
        conviction: rule.conviction.isFinite ? rule.conviction : nil)
    }
    if let target {
      let writer = try CSVWriter(
        target: target,
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
    return Output(
      customers: n, items: baskets.items.count,
      itemsets: itemsets.map { Itemset(items: names($0.items), support: Double($0.count) / Double(max(n, 1))) },
      rules: ruleOutputs, file: out, seconds: Date().timeIntervalSince(started))
  }
}
