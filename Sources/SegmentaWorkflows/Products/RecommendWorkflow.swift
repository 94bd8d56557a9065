import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta recommend`: for every customer, the eligible products whose target rule matches, by
/// priority and rule strength, written as a CSV for the front line.
package struct RecommendWorkflow: Workflow {
  package struct Output: Sendable, Codable {
    /// Customers in the workspace.
    package var customers: Int
    /// The wide-table period whose features the rules read; nil when no wide table was built.
    package var period: String?
    /// Customers with at least one recommendation.
    package var recommended: Int
    /// Rows written.
    package var rows: Int
    /// Customers left out because they must not be contacted (`do_not_contact`).
    package var doNotContact: Int
    /// Customers recommended each product (first choice or not), by product id.
    package var byProduct: [String: Int]
    /// The file written.
    package var file: String
    /// Wall time in seconds (not part of the JSON).
    package var seconds: Double = 0

    private enum CodingKeys: String, CodingKey {
      case customers, period, recommended, rows, doNotContact, byProduct, file
    }
  }

  /// Products per customer at most.
  package var top: Int
  /// The CSV written: customer_id, rank, product_id, product_zh, product_en, product_tags, priority, strength.
  package var out: String
  /// The wide-table period the rules read (default: the latest).
  package var period: String?

  package init(top: Int = 3, out: String, period: String? = nil) {
    self.top = top
    self.out = out
    self.period = period
  }

  /// Writes every customer's top products to `path` (customer_id, rank, product_id, product_zh,
  /// product_en, product_tags, priority, strength), leaving out customers marked do-not-contact.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let target = try context.checkOutput(out, option: "--out")
    // Written for the export audit.
    let workspace = try context.workspace(for: .write)
    let products = try workspace.products()
    guard !products.isEmpty else {
      throw SegmentaError(
        .missingPrerequisite,
        "the workspace has no product catalogue; define one with `segmenta products define --catalog products.yaml`")
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let output = try SegmentaError.catching {
      try recommend(products, data: data, workspace: workspace, target: target, started: started)
    }
    try context.audit(.recommendations, subject: output.period ?? "", file: out, rows: output.recommended)
    return output
  }

  /// Each customer's top `top` products (in `data`'s customer order) and whether they are marked
  /// do-not-contact: the ranking `recommend` and the customer cards share.
  static func rank(_ products: [ProductDefinition], data: WorkspaceRuleData, workspace: Workspace, top: Int) throws
    -> (picks: [[Recommender.Pick]], blocked: [Bool])
  {
    var evaluator = RuleEvaluator(data: data)
    var eligible: [[Bool]] = []
    var matched: [[Bool]] = []
    var strength: [[Double]] = []
    for product in products {
      if let rule = product.eligibility {
        eligible.append(try evaluator.matches(CompiledRule(rule, schema: data.schema)))
      } else {
        eligible.append([Bool](repeating: true, count: data.rowCount))
      }
      let target = try CompiledRule(product.target, schema: data.schema)
      matched.append(try evaluator.matches(target))
      strength.append(try evaluator.strength(target))
    }
    let keys = data.keys
    let blocked = try workspace.anyFlag([try workspace.doNotContactColumn()].compactMap { $0 }, keys: keys)
    let picks = Recommender.rank(
      priorities: products.map(\.priority), eligible: eligible, matched: matched, strength: strength,
      customers: keys.count, top: top)
    return (picks, blocked)
  }

  private func recommend(
    _ products: [ProductDefinition], data: WorkspaceRuleData, workspace: Workspace, target: OutputTarget, started: Date
  ) throws -> Output {
    let path = out
    let keys = data.keys
    let (picks, blocked) = try Self.rank(products, data: data, workspace: workspace, top: top)
    let ids = try workspace.customerIDs(keys: keys)
    let writer = try CSVWriter(
      target: target,
      header: ["customer_id", "rank", "product_id", "product_zh", "product_en", "product_tags", "priority", "strength"])
    var recommended = 0
    var byProduct: [String: Int] = [:]
    for row in keys.indices where !blocked[row] && !picks[row].isEmpty {
      recommended += 1
      for (rank, pick) in picks[row].enumerated() {
        let product = products[pick.product]
        byProduct[product.id, default: 0] += 1
        try writer.write(
          [
            ids[row], "\(rank + 1)", product.id, product.name.zh, product.name.en,
            product.tags.joined(separator: ";"), "\(product.priority)", String(format: "%.3f", pick.strength),
          ])
      }
    }
    let rows = writer.rowCount
    try writer.close()
    return Output(
      customers: keys.count, period: data.period, recommended: recommended, rows: rows,
      doNotContact: blocked.filter { $0 }.count,
      byProduct: byProduct, file: path, seconds: Date().timeIntervalSince(started))
  }
}
