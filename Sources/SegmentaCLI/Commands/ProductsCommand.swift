import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta products`: the product catalogue.
struct ProductsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "products",
    abstract: "Define and list the product catalogue: product tags, eligibility and target rules, priority.",
    subcommands: [Define.self, List.self])

  /// `segmenta products define`.
  struct Define: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "define", abstract: "Replace the catalogue from a YAML file; every rule is checked first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The catalogue (YAML).")
    var catalog: String

    @Option(help: "Wide-table period whose features the rules are checked against (default: the latest).")
    var period: String?

    func run() async throws {
      let output = try DefineProductsWorkflow(source: .catalog(path: catalog), period: period).run(global.context())
      if global.json { return try Console.json(output) }
      let count = output.products.count
      Console.out(
        "Stored \(count) product\(count == 1 ? "" : "s") from \(catalog) (rules checked against "
          + "\(Format.period(output.period))).")
    }
  }

  /// `segmenta products list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalogue.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let products = try ListProductsWorkflow().run(global.context())
      if global.json { return try Console.json(products) }
      Console.out(
        Format.table(
          ["product", "name", "tags", "priority", "eligibility", "target"],
          products.map { product in
            [
              product.id, "\(product.name.zh) / \(product.name.en)", product.tags.joined(separator: ", "),
              "\(product.priority)", product.eligibility ?? "everyone", product.target,
            ]
          }, rightAligned: [3]))
      Console.out("\(products.count) product\(products.count == 1 ? "" : "s").")
    }
  }
}
