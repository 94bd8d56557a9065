import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta products define`: replaces the product catalogue; every product's rules are checked
/// against the workspace first, and nothing is stored when one fails.
package struct DefineProductsWorkflow: Workflow {
  /// Where the catalogue comes from.
  package enum Source: Sendable {
    /// A catalogue file (YAML, docs/products.md).
    case catalog(path: String)
    /// Products already parsed.
    case products([ProductDefinition])
  }

  /// The stored catalogue and the period its rules were checked against.
  package struct Output: Sendable, Codable {
    package var products: [ProductDefinition]
    /// The wide-table period whose features the rules were checked against; nil when none was built.
    package var period: String?
  }

  package var source: Source
  /// The wide-table period whose features the rules are checked against (default: the latest).
  package var period: String?

  package init(source: Source, period: String? = nil) {
    self.source = source
    self.period = period
  }

  /// Checks every product's rules against the workspace and stores the catalogue.
  ///
  /// - Throws: naming the product and the rule's problem; nothing is stored then.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let products: [ProductDefinition]
    switch source {
    case .catalog(let path): products = try SegmentaError.catching { try ProductCatalogParser.load(path: path) }
    case .products(let given): products = given
    }
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    for product in products {
      for (what, rule) in [("eligibility", product.eligibility), ("target", product.target)] {
        guard let rule else { continue }
        do {
          _ = try CompiledRule(rule, schema: data.schema)
        } catch {
          throw SegmentaError(
            .invalidRule, "the \(what) rule of product '\(product.id)' \(error.description)", field: product.id,
            position: error.position)
        }
      }
    }
    try workspace.saveProducts(products)
    return Output(products: products, period: data.period)
  }
}
