import Foundation
import SegmentaCore
import SegmentaStore

extension SegmentWorkflow {
  /// A cube segmentation as asked: the dimensions crossed and the smallest cell kept.
  package struct CubeRequest: Sendable, Equatable {
    /// Customer columns or wide-table features with categories, in order.
    package var dimensions: [String]
    /// Cells with fewer customers are folded into "other"; nil for 1 % of the customers (at least 1).
    package var minimumSize: Int?

    package init(dimensions: [String], minimumSize: Int? = nil) {
      self.dimensions = dimensions
      self.minimumSize = minimumSize
    }
  }

  /// One cell of a cube segmentation as `segment --json` reports it.
  package struct CubeCell: Sendable, Codable, Equatable {
    /// The 1-based segment.
    package var id: Int
    package var name: FeatureLabel
    /// One value per dimension (nil: unknown); empty for the "other" segment.
    package var values: [String?]
    package var customers: Int
    package var share: Double
    /// Whether this is the segment of the folded cells.
    package var other: Bool
    /// The mean of every numeric feature and customer column over the cell's customers (nil: no value).
    package var kpis: [String: Double?]
  }

  /// The cells of a cube segmentation.
  package struct CubeResult: Sendable, Codable, Equatable {
    package var dimensions: [String]
    package var minimumSize: Int
    /// The cells folded into "other".
    package var foldedCells: Int
    /// Customers in the folded cells.
    package var foldedCustomers: Int
    package var cells: [CubeCell]
  }

  /// Crosses the dimensions, folds the small cells and stores the cells as a segmentation version whose
  /// profile features are the numeric features of the period and numeric customer columns.
  func runCube(_ cube: CubeRequest, workspace: Workspace, context: WorkflowContext, started: Date)
    throws(SegmentaError) -> Output
  {
    let clock = StageClock()
    func progress(_ status: String) {
      clock.start(status)
      context.progress.report(.status("segmenting", status))
    }
    progress("reading dimensions")
    let table = try workspace.wideTableIfBuilt(period: period)
    let keys: [Int64]
    if let table { keys = table.customerKeys } else { keys = try workspace.customerKeys() }
    guard !keys.isEmpty else {
      throw SegmentaError(.missingPrerequisite, "the workspace has no customers to segment; import customers first")
    }
    let dimensions = try CubeDimensions.resolve(cube.dimensions, workspace: workspace, table: table)
    let columns = try CubeDimensions.read(dimensions, keys: keys, workspace: workspace, table: table)
    let minimumSize = cube.minimumSize ?? CubeModel.defaultMinimumSize(customers: keys.count)
    guard minimumSize >= 1 else {
      throw SegmentaError(.invalidRequest, "min-size must be at least 1 customer", field: "min-size")
    }
    progress("crossing \(dimensions.count) dimensions")
    let (model, segments) = CubeModel.build(dimensions: dimensions, columns: columns, minimumSize: minimumSize)
    guard model.segmentCount >= 2 else {
      throw SegmentaError(
        .insufficientData,
        model.cells.isEmpty
          ? "no cell holds \(minimumSize) customers, so every customer would be 'other'; lower --min-size"
          : "every customer is in one cell; choose dimensions whose values differ between customers",
        field: "dimensions")
    }
    progress("computing the cells' KPIs")
    let catalogue = try workspace.customerColumns()
    let numericColumns = catalogue.filter { $0.type.isNumeric && !$0.personal }.map(\.name)
    // A customer column copied into the wide table is read once, as the table's feature.
    let tableFeatures = table?.features.filter { $0.categories.isEmpty }.map(\.name) ?? []
    let copied = Set(table?.features.map(\.name) ?? [])
    let features = tableFeatures + numericColumns.filter { !copied.contains($0) }
    let inputs = try Self.inputs(workspace: workspace, period: period, features: .named(features))
    var profiled: [(name: String, source: String, label: FeatureLabel, values: [Double])] = []
    for (index, feature) in inputs.features.enumerated() {
      let values = try inputs.column(index)
      guard values.contains(where: { $0.isFinite }) else { continue }
      profiled.append((feature.name, feature.source, feature.label, values))
    }
    let names = model.segmentNames
    let sizes =
      model.cells.map(\.customers) + (model.folded.isEmpty ? [] : [model.folded.reduce(0) { $0 + $1.customers }])
    var sums = [[Double]](repeating: [Double](repeating: 0, count: profiled.count), count: model.segmentCount)
    var counts = [[Int]](repeating: [Int](repeating: 0, count: profiled.count), count: model.segmentCount)
    for (feature, column) in profiled.enumerated() {
      for (row, segment) in segments.enumerated() where column.values[row].isFinite {
        sums[Int(segment)][feature] += column.values[row]
        counts[Int(segment)][feature] += 1
      }
    }
    let cells = (0..<model.segmentCount).map { segment in
      CubeCell(
        id: segment + 1, name: names[segment], values: segment < model.cells.count ? model.cells[segment].values : [],
        customers: sizes[segment], share: Double(sizes[segment]) / Double(keys.count),
        other: segment == model.otherSegment,
        kpis: Dictionary(
          uniqueKeysWithValues: profiled.indices.map { feature in
            (
              profiled[feature].name,
              counts[segment][feature] > 0 ? sums[segment][feature] / Double(counts[segment][feature]) : nil
            )
          }))
    }
    let folded = model.folded.reduce(0) { $0 + $1.customers }
    let note =
      "cube of \(dimensions.map(\.name).joined(separator: " × ")): \(model.cells.count) cells of at least "
      + "\(minimumSize) customers"
      + (model.folded.isEmpty ? "" : ", \(model.folded.count) smaller cells (\(folded) customers) folded into 'other'")
      + "; a missing value is its own value, 'unknown'"
    progress("saving")
    let version = try SegmentaError.catching {
      try ValueSegmentation.save(
        name: name, method: "cube", period: table?.period.label, workspace: workspace, keys: keys, groups: segments,
        labels: names, features: profiled, notes: [note], cube: model)
    }
    clock.finish()
    return Output(
      name: name, version: version, period: table?.period.label, customers: keys.count, method: "cube",
      k: model.segmentCount, kRule: "cube", segments: model.segmentCount, inertia: .nan, silhouette: .nan,
      rating: SilhouetteRating(.nan), calinskiHarabasz: .nan, daviesBouldin: .nan, sizes: sizes, clusterSizes: sizes,
      clusterSegments: Array(1...model.segmentCount), kTable: [], preprocessing: [], notes: [note],
      seconds: Date().timeIntervalSince(started), stages: clock.stages, names: names,
      cube: CubeResult(
        dimensions: dimensions.map(\.name), minimumSize: minimumSize, foldedCells: model.folded.count,
        foldedCustomers: folded, cells: cells))
  }
}
