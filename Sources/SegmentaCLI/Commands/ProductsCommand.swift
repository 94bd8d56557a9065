import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaFormats
import SegmentaStore

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

    func run() async throws {
      let workspace = try global.openWorkspace()
      let products = try ProductCatalogParser.load(path: catalog)
      try RecommendPipeline.define(products, workspace: workspace)
      if global.json { return try Console.json(products) }
      Console.out("Stored \(products.count) product\(products.count == 1 ? "" : "s") from \(catalog).")
    }
  }

  /// `segmenta products list`.
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the catalogue.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
      let products = try global.openWorkspace().products()
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

/// `segmenta recommend`: products per customer for front-line channels.
struct RecommendCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommend",
    abstract: "For every customer, the eligible products whose target rule matches, by priority and rule strength.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "Products per customer at most.")
  var top: Int = 3

  @Option(help: "The CSV file to write.")
  var out: String

  @Option(help: "Wide-table period the rules read (default: the latest).")
  var period: String?

  func validate() throws {
    guard top >= 1 else { throw ValidationError("--top must be at least 1") }
  }

  func run() async throws {
    let started = Date()
    let workspace = try global.openWorkspace()
    let report = try RecommendPipeline.recommend(workspace: workspace, top: top, path: out, period: period)
    if global.json { return try Console.json(report) }
    Console.out(
      Format.table(
        ["product", "customers"],
        report.byProduct.sorted { $0.value > $1.value }.map { [$0.key, Format.count($0.value)] },
        rightAligned: [1]))
    Console.out(
      "Recommended products to \(Format.count(report.recommended)) of \(Format.count(report.customers)) customers "
        + "(\(Format.count(report.rows)) rows, \(Format.count(report.doNotContact)) do-not-contact customers left out) "
        + "in \(out), in \(Format.seconds(Date().timeIntervalSince(started))).")
  }
}
