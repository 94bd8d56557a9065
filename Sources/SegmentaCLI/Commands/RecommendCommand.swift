import ArgumentParser
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta recommend`: products per customer for front-line channels.
struct RecommendCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommend",
    abstract: "For every customer, the eligible products whose target rule matches, by priority and rule strength.")

  @OptionGroup var global: GlobalOptions

  @Option(help: "Products per customer at most.")
  var top: Int = 3

  @Option(help: "The CSV file to write, or - for standard output.")
  var out: String

  @Option(help: "Wide-table period the rules read (default: the latest).")
  var period: String?

  func validate() throws {
    guard top >= 1 else { throw ValidationError("--top must be at least 1") }
    try Console.checkStandardOutput(out, json: global.json)
  }

  func run() async throws {
    let report = try RecommendWorkflow(top: top, out: out, period: period).run(global.context())
    if global.json { return try Console.json(report) }
    Console.summary(
      Format.table(
        ["product", "customers"],
        report.byProduct.sorted { $0.value > $1.value }.map { [$0.key, Format.count($0.value)] },
        rightAligned: [1]), dataTo: out)
    Console.summary(
      "Recommended products to \(Format.count(report.recommended)) of \(Format.count(report.customers)) customers "
        + "(\(Format.count(report.rows)) rows, \(Format.count(report.doNotContact)) do-not-contact customers left out) "
        + "in \(out) (\(Format.period(report.period))), in \(Format.seconds(report.seconds)).", dataTo: out)
  }
}
