import Foundation
import SegmentaCore
import SegmentaStore

/// Product catalogues and recommendation lists over a workspace.
public enum RecommendPipeline {
  /// What `segmenta recommend` wrote.
  public struct Report: Sendable, Codable {
    /// Customers in the workspace.
    public var customers: Int
    /// Customers with at least one recommendation.
    public var recommended: Int
    /// Rows written.
    public var rows: Int
    /// Customers left out because they must not be contacted (`do_not_contact`).
    public var doNotContact: Int
    /// Customers recommended each product (first choice or not), by product id.
    public var byProduct: [String: Int]
    /// The file written.
    public var file: String
  }

  /// Checks every product's rules against the workspace and stores the catalogue.
  ///
  /// - Throws: naming the product and the rule's problem; nothing is stored then.
  public static func define(_ products: [ProductDefinition], workspace: Workspace) throws {
    let data = try WorkspaceRuleData(workspace: workspace)
    for product in products {
      for (what, rule) in [("eligibility", product.eligibility), ("target", product.target)] {
        guard let rule else { continue }
        do {
          _ = try CompiledRule(rule, schema: data.schema)
        } catch {
          throw WorkspaceError.invalidRequest("the \(what) rule of product '\(product.id)' \(error.description)")
        }
      }
    }
    try workspace.saveProducts(products)
  }

  /// Writes every customer's top products to `path` (customer_id, rank, product_id, product_zh,
  /// product_en, product_tags, priority, strength), leaving out customers marked do-not-contact.
  public static func recommend(workspace: Workspace, top: Int, path: String, period: String? = nil) throws -> Report {
    let products = try workspace.products()
    guard !products.isEmpty else {
      throw WorkspaceError.invalidRequest(
        "the workspace has no product catalogue; define one with `segmenta products define --catalog products.yaml`")
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
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
    let ids = try workspace.customerIDs(keys: keys)
    let writer = try CSVWriter(
      path: path,
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
          ].map(ContactSafety.neutralised))
      }
    }
    let rows = writer.rowCount
    try writer.close()
    return Report(
      customers: keys.count, recommended: recommended, rows: rows, doNotContact: blocked.filter { $0 }.count,
      byProduct: byProduct, file: path)
  }
}
