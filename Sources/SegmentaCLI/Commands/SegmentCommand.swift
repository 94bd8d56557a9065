import ArgumentParser
import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaWorkflows

/// `segmenta segment [fit]`: automatic segmentation of the wide table (the default of `segment`).
struct SegmentCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract:
      "Find customer segments with k-means (fixed or automatic k), a self-organising map or k-prototypes "
      + "(numeric and categorical columns), optionally merged into groups.",
    discussion: """
      Features are wide-table features of the period or numeric customer columns (--features all: every \
      feature of the period, or every numeric customer column without a wide table). Each feature is \
      filled (median), winsorised (p1/p99), log1p-transformed when skewed (skewness > 1, non-negative) \
      and z-scored; the choices are stored with the model. With --k auto every k in --k-range is fitted \
      and scored (silhouette on a 10,000-row sample, Calinski–Harabasz and Davies–Bouldin on all rows); \
      among the k whose silhouette is within 10 % of the highest, the largest inertia drop ratio wins. \
      --groups merges the clusters into that many groups by Ward linkage (automatic k never ends below \
      it). --method som trains a batch self-organising map on a --grid of units (seeded, 20 epochs with \
      a shrinking Gaussian neighbourhood, 5 more to fine-tune) and merges the units by Ward linkage \
      into --groups, or into the number of groups in --k-range chosen by the same rule; it reports the \
      quantisation and topographic errors. --method kprototypes clusters the prepared numeric features \
      together with --categorical columns (customer columns or band features): the cost is the squared \
      Euclidean distance plus --gamma times the number of categorical mismatches with the prototype's \
      modes (γ defaults to half the mean standard deviation of the prepared numeric features, as the \
      kmodes package). \
      --method cube crosses --dimensions (text customer columns or \
      features with categories): every combination of values is a cell, cells below --min-size (default \
      1 % of the customers) are folded into one 'other' segment, a missing value is 'unknown'. See \
      docs/segments.md and docs/b2b.md.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "Name of the segmentation; running again with a name stores a new version.")
  var name: String

  @Option(
    help: ArgumentHelp(
      "Method: kmeans, som (a self-organising map whose units are merged into groups), kprototypes (numeric "
        + "features and categorical columns) or cube (cells of --dimensions)."))
  var method = "kmeans"

  @Option(
    help: "Comma-separated categorical columns for --method kprototypes (customer columns or band features).")
  var categorical: String?

  @Option(
    help: ArgumentHelp(
      "Weight of a categorical mismatch for --method kprototypes (default: half the mean standard deviation "
        + "of the prepared numeric features)."))
  var gamma: String?

  @Option(help: "Comma-separated columns crossed by --method cube, such as industry,it_level,purchase_factor.")
  var dimensions: String?

  @Option(
    name: .customLong("min-size"),
    help: "With --method cube, fold cells with fewer customers into 'other' (default: 1 %).")
  var minSize: Int?

  @Option(help: "The map's grid for --method som, as ROWSxCOLUMNS (2 to 100 each; default 10x10).")
  var grid: String?

  @Option(help: "Number of clusters (2 or more), or 'auto'.")
  var k = "auto"

  @Option(name: .customLong("k-range"), help: "The k values tried with --k auto, as MIN..MAX.")
  var kRange = "2..15"

  @Option(help: "Comma-separated features, or 'all'.")
  var features = "all"

  @Option(help: "Wide-table period (default: the latest).")
  var period: String?

  @Option(help: "Merge the clusters into this many groups (Ward linkage on the centres, weighted by size).")
  var groups: Int?

  @Option(help: "Random seed.")
  var seed: UInt64 = 42

  @Option(help: "k-means++ starts per k (on a sample for large data; the best is refined on all rows).")
  var restarts = 10

  @Option(help: "Scaling: zscore, minmax or none.")
  var scale: PreprocessingOptions.Scaling = .zscore

  @Option(help: "log1p: auto (skewed non-negative features), on or off.")
  var log: PreprocessingOptions.LogMode = .auto

  @Option(name: .customLong("log-feature"), help: "Force log1p for one feature: NAME=on or NAME=off (repeatable).")
  var logFeatures: [String] = []

  @Option(help: "Winsorise at quantile P and 1 − P, or 'off'.")
  var winsorize = "0.01"

  @Option(help: "Missing values: median, mean or zero.")
  var impute: PreprocessingOptions.Imputation = .median

  @Option(help: "Feature weight after scaling: NAME=W (repeatable).")
  var weight: [String] = []

  @Option(name: .customLong("max-iter"), help: "Lloyd iterations at most.")
  var maxIter = 300

  @Option(help: "Convergence tolerance (relative to the mean feature variance).")
  var tol = 1e-4

  @Option(name: .customLong("silhouette-sample"), help: "Rows scored for the silhouette.")
  var silhouetteSample = 10_000

  @Option(
    name: .customLong("sample-limit"), help: "Above this many customers, fit on a sample and refine with mini-batches.")
  var sampleLimit = 2_000_000

  /// The request the flags describe (checked by the workflow layer, as the server's form is).
  func request() -> SegmentRequest {
    var request = SegmentRequest(name: name)
    request.method = method
    request.grid = grid
    request.categorical = categorical
    request.gamma = gamma
    request.k = k
    request.kRange = kRange
    request.features = features
    request.period = period
    request.groups = groups
    request.seed = seed
    request.restarts = restarts
    request.scale = scale
    request.log = log
    request.logFeatures = logFeatures
    request.winsorize = winsorize
    request.impute = impute
    request.weights = weight
    request.maxIterations = maxIter
    request.tolerance = tol
    request.silhouetteSample = silhouetteSample
    request.sampleLimit = sampleLimit
    request.dimensions = dimensions
    request.minSize = minSize
    return request
  }

  func validate() throws {
    do {
      _ = try request().workflow()
    } catch {
      // The workflow's messages start with the option's name.
      throw ValidationError("--" + error.message)
    }
  }

  func run() async throws {
    let output = try request().workflow().run(global.context())
    if global.json { return try Console.json(output) }
    Self.printSummary(output)
  }

  /// Prints a segmentation: the k table (when several k were tried), the segments, notes and a summary line.
  static func printSummary(_ summary: SegmentWorkflow.Output) {
    if let cube = summary.cube { return printCube(summary, cube) }
    // A map's table is of numbers of groups; k-means' of numbers of clusters.
    let chosen = summary.grid == nil ? summary.k : summary.segments
    if summary.kTable.count > 1 {
      Console.out(
        Format.table(
          [
            summary.grid == nil ? "k" : "groups", "silhouette", "drop ratio", "Calinski–Harabasz", "Davies–Bouldin",
            "inertia", "smallest",
          ],
          summary.kTable.map { row in
            [
              (row.k == chosen ? "→ " : "") + String(row.k), String(format: "%.4f", row.silhouette),
              row.dropRatio.map { String(format: "%.2f", $0) } ?? "–",
              Format.number(row.calinskiHarabasz), String(format: "%.4f", row.daviesBouldin),
              Format.number(row.inertia),
              Format.count(row.smallestCluster),
            ]
          }, rightAligned: [0, 1, 2, 3, 4, 5, 6]))
      Console.out()
    }
    Console.out(
      Format.table(
        ["segment", "name", "customers", "share"],
        summary.sizes.enumerated().map { index, size in
          [
            String(index + 1), SegmentNames.combined(summary.names[index]),
            Format.count(size), String(format: "%.1f %%", Double(size) * 100 / Double(max(summary.customers, 1))),
          ]
        }, rightAligned: [0, 2, 3]))
    for note in summary.notes { Console.out("Note: \(note)") }
    if let grid = summary.grid, let quantization = summary.quantizationError, let topographic = summary.topographicError
    {
      Console.out(
        "Map \(grid) (\(summary.k) units): quantisation error \(String(format: "%.4f", quantization)), "
          + "topographic error \(String(format: "%.4f", topographic)); groups: \(summary.kRule).")
      Console.out(
        "Segmented \(Format.count(summary.customers)) customers into \(summary.segments) segments "
          + (summary.period.map { "on period \($0) " } ?? "on customer columns ")
          + "with a self-organising map; silhouette \(String(format: "%.3f", summary.silhouette)) is "
          + "\(summary.rating.rawValue); stored as \(summary.name) version \(summary.version) "
          + "(\(Format.seconds(summary.seconds))).")
      return
    }
    if let gamma = summary.gamma, let cost = summary.cost, let categorical = summary.categorical,
      let modes = summary.modes
    {
      Console.out(
        Format.table(
          ["cluster", "customers"] + categorical,
          modes.enumerated().map { index, values in
            [String(index + 1), Format.count(summary.clusterSizes[index])] + values
          }, rightAligned: [0, 1]))
      Console.out(
        "k-prototypes: γ = \(Format.number(gamma)) per categorical mismatch, cost \(Format.number(cost)).")
    }
    Console.out(
      "Segmented \(Format.count(summary.customers)) customers into \(summary.segments) segments "
        + (summary.period.map { "on period \($0) " } ?? "on customer columns ")
        + (summary.gamma == nil ? "" : "with k-prototypes ")
        + "(k = \(summary.k): \(summary.kRule)); silhouette \(String(format: "%.3f", summary.silhouette)) is \(summary.rating.rawValue); "
        + "stored as \(summary.name) version \(summary.version) (\(Format.seconds(summary.seconds))).")
  }

  /// Prints a cube segmentation: its cells with sizes, shares and a few KPIs, then the summary line.
  static func printCube(_ summary: SegmentWorkflow.Output, _ cube: SegmentWorkflow.CubeResult) {
    let kpis = Array((cube.cells.first?.kpis.keys.sorted() ?? []).prefix(3))
    Console.out(
      Format.table(
        ["segment", "customers", "share"] + kpis,
        cube.cells.map { cell in
          [
            "\(cell.id). \(SegmentNames.combined(cell.name))", Format.count(cell.customers),
            ReportText.percent(cell.share),
          ]
            + kpis.map { key in (cell.kpis[key] ?? nil).map { Format.number($0) } ?? "–" }
        }, rightAligned: Set(1..<(3 + kpis.count))))
    for note in summary.notes { Console.out("Note: \(note)") }
    Console.out(
      "\(summary.name) v\(summary.version): \(summary.segments) segments of \(Format.count(summary.customers)) "
        + "customers by \(cube.dimensions.joined(separator: " × ")) (\(Format.seconds(summary.seconds))).")
  }
}
