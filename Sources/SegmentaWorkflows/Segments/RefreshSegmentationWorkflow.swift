import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta segment refresh`: a stored k-means segmentation applied to a new period, stored as a new
/// version linked to the one it refreshes.
///
/// Nothing is fitted again: every customer of the period is prepared with the stored preprocessing (fill
/// values, winsorising bounds, log1p, centre, scale, weight) and given the nearest stored centre (the
/// lowest among equals, as training's final assignment), then its cluster's segment. On the training
/// period this reproduces the stored clusters and segments exactly.
package struct RefreshSegmentationWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// The version whose model is applied (default: the latest).
  package var version: Int?
  /// The wide-table period scored (default: the latest).
  package var period: String?
  /// Score only the customers for whom this rule holds in the period (for example the active ones);
  /// the others leave the segmentation.
  package var rule: String?

  package init(name: String, version: Int? = nil, period: String? = nil, rule: String? = nil) {
    self.name = name
    self.version = version
    self.period = period
    self.rule = rule
  }

  /// What `segment refresh --json` prints.
  package struct Output: Sendable, Codable {
    package var name: String
    /// The version stored.
    package var version: Int
    /// The version whose model was applied.
    package var refreshes: Int
    /// The period scored.
    package var period: String?
    /// The period the refreshed version was scored on.
    package var previousPeriod: String?
    /// Customers scored.
    package var customers: Int
    /// Customers of the period the rule left out.
    package var leftOut: Int
    /// Customers per segment, segment 1 first.
    package var sizes: [Int]
    /// Mean squared distance to the nearest centre in the scaled space, on the new period.
    package var meanSquaredDistance: Double
    /// The same on the customers the model was fitted on (its inertia over its customers), for comparison.
    package var fitMeanSquaredDistance: Double
    /// From the refreshed version to the new one: flows, stayers, entries and exits.
    package var migration: SegmentMigration
    /// Wall time in seconds.
    package var seconds: Double
    /// Each segment's name (not part of the JSON).
    package var names: [FeatureLabel] = []

    private enum CodingKeys: String, CodingKey {
      case name, version, refreshes, period, previousPeriod, customers, leftOut, sizes, meanSquaredDistance
      case fitMeanSquaredDistance, migration, seconds
    }
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let workspace = try context.workspace(for: .write)
    func progress(_ detail: String) { context.progress.report(.status("refreshing \(name)", detail)) }
    progress("reading the model")
    let stored = try workspace.segmentation(named: name, version: version)
    let model = stored.model
    guard ["kmeans", "som", "kprototypes"].contains(model.method) && !model.centres.isEmpty || model.cube != nil else {
      throw SegmentaError(
        .invalidRequest,
        "segmentation '\(name)' version \(stored.version) was made by \(model.method), whose segments are assigned "
          + "by their own command; only segmentations made by `segmenta segment` are refreshed "
          + "(run that command on the new data instead)")
    }
    let needsTable = model.features.contains { $0.source == "feature" }
    let table: StoredWideTable?
    do {
      table = needsTable ? try workspace.wideTable(period: period) : try workspace.wideTableIfBuilt(period: period)
    } catch  where error.code == .notFound || error.code == .missingPrerequisite {
      throw SegmentaError(
        error.code,
        error.message
          + "; build the period's wide table first with `segmenta features build --spec SPEC --events FILE "
          + "--period \(period ?? "LABEL")`", field: "period")
    }
    let keys: [Int64]
    if let table { keys = table.customerKeys } else { keys = try workspace.customerKeys() }
    guard !keys.isEmpty else {
      throw SegmentaError(.missingPrerequisite, "the workspace has no customers to score; import customers first")
    }
    let catalogue = try workspace.customerColumns()
    let missing = model.features.filter { feature in
      feature.source == "feature"
        ? table?.feature(named: feature.name) == nil
        : !catalogue.contains { $0.name == feature.name && $0.type.isNumeric && !$0.personal }
    }.map(\.name)
    guard missing.isEmpty else {
      let place = table.map { "period \($0.period.label)" } ?? "the workspace"
      throw SegmentaError(
        .missingPrerequisite,
        "\(place) lacks feature\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) of segmentation "
          + "'\(name)' version \(stored.version); build the period with the spec the segmentation was made from",
        field: "period")
    }

    var rows = Array(keys.indices)
    if let rule {
      progress("selecting customers: \(rule)")
      rows = try Self.rows(of: keys, matching: rule, workspace: workspace, period: table?.period.label)
    }
    guard !rows.isEmpty else {
      throw SegmentaError(
        .insufficientData, "the rule '\(rule ?? "")' selects no customer of the period; nothing was stored",
        field: "where")
    }
    if let cube = model.cube {
      return try refreshCube(
        cube, stored: stored, keys: rows.count == keys.count ? keys : rows.map { keys[$0] },
        leftOut: keys.count - rows.count,
        table: table, workspace: workspace, started: started)
    }
    progress("preparing \(model.features.count) features of \(rows.count) customers")
    var columns = try SegmentationFeatureColumns.read(model, keys: keys, table: table, workspace: workspace)
    if rows.count != keys.count { columns = columns.map { values in rows.map { values[$0] } } }
    let scoredKeys = rows.count == keys.count ? keys : rows.map { keys[$0] }
    progress("assigning \(scoredKeys.count) customers to the nearest of \(model.k) centres")
    var categorical = try SegmentationFeatureColumns.categorical(
      model.prototypes?.columns.map(\.name) ?? [], keys: keys, table: table, workspace: workspace)
    if rows.count != keys.count { categorical = categorical.map { values in rows.map { values[$0] } } }
    let (clusters, distances) = model.assign(columns, categorical: categorical)
    columns = []
    let groups = clusters.map { Int32(model.clusterGroups[Int($0)]) }
    var refreshed = model
    refreshed.clusterSizes = [Int](repeating: 0, count: model.k)
    refreshed.groupSizes = [Int](repeating: 0, count: model.segmentCount)
    for (cluster, group) in zip(clusters, groups) {
      refreshed.clusterSizes[Int(cluster)] += 1
      refreshed.groupSizes[Int(group)] += 1
    }
    let periodLabel = table?.period.label
    refreshed.notes =
      model.notes + [
        "refresh of version \(stored.version)\(stored.period.map { " (period \($0))" } ?? "") on "
          + "\(periodLabel.map { "period \($0)" } ?? "the customer columns"): its preprocessing and centres, "
          + "nothing fitted again; k, silhouette and the other quality figures are those of the fit"
      ]
    progress("saving")
    let version = try workspace.saveSegmentation(
      name: name, period: periodLabel, model: refreshed, customerKeys: scoredKeys, clusters: clusters, groups: groups,
      refreshes: stored.version)
    let migration = SegmentMigration(
      fromKeys: stored.customerKeys, fromGroups: stored.groups, fromSegments: model.segmentCount, toKeys: scoredKeys,
      toGroups: groups, toSegments: model.segmentCount)
    let squared = distances.reduce(0) { $0 + $1 * $1 }
    let fitted = model.clusterSizes.reduce(0, +)
    return Output(
      name: name, version: version, refreshes: stored.version, period: periodLabel, previousPeriod: stored.period,
      customers: scoredKeys.count, leftOut: keys.count - scoredKeys.count, sizes: refreshed.groupSizes,
      meanSquaredDistance: squared / Double(scoredKeys.count),
      fitMeanSquaredDistance: fitted > 0 ? model.chosen.inertia / Double(fitted) : .nan, migration: migration,
      seconds: Date().timeIntervalSince(started), names: stored.displayNames)
  }

  /// The rows of `keys` (customers of the period) for whom `rule` holds.
  static func rows(of keys: [Int64], matching rule: String, workspace: Workspace, period: String?)
    throws(SegmentaError) -> [Int]
  {
    let data = try WorkspaceRuleData(workspace: workspace, period: period)
    let compiled: CompiledRule
    do {
      compiled = try CompiledRule(rule, schema: data.schema)
    } catch {
      throw SegmentaError(error).prefixed("--where: ")
    }
    var evaluator = RuleEvaluator(data: data)
    let selected = try SegmentaError.catching { try evaluator.matches(compiled) }
    var chosen = Set<Int64>()
    for (index, key) in data.keys.enumerated() where selected[index] { chosen.insert(key) }
    return keys.indices.filter { chosen.contains(keys[$0]) }
  }

  /// A cube segmentation refreshed: each customer goes to the stored cell of its values, a cell folded or
  /// not seen before to "other"; refused when such a cell appears and nothing was folded.
  func refreshCube(
    _ cube: CubeModel, stored: StoredSegmentation, keys: [Int64], leftOut: Int, table: StoredWideTable?,
    workspace: Workspace, started: Date
  ) throws(SegmentaError) -> Output {
    let columns = try CubeDimensions.read(cube.dimensions, keys: keys, workspace: workspace, table: table)
    let assigned = cube.assign(columns)
    let unseen = assigned.filter { $0 == nil }.count
    guard unseen == 0 else {
      throw SegmentaError(
        .insufficientData,
        "\(unseen) customers fall in cells that version \(stored.version) of '\(name)' does not have, and it has no "
          + "'other' segment to hold them; make a new cube segmentation with `segmenta segment --method cube`",
        field: "period")
    }
    let groups = assigned.map { $0 ?? 0 }
    var refreshed = stored.model
    refreshed.groupSizes = [Int](repeating: 0, count: refreshed.segmentCount)
    for group in groups { refreshed.groupSizes[Int(group)] += 1 }
    refreshed.clusterSizes = refreshed.groupSizes
    let periodLabel = table?.period.label
    refreshed.notes =
      stored.model.notes + [
        "refresh of version \(stored.version): every customer in the stored cell of its values, cells folded or "
          + "not seen before in 'other'"
      ]
    let version = try workspace.saveSegmentation(
      name: name, period: periodLabel, model: refreshed, customerKeys: keys, clusters: groups, groups: groups,
      refreshes: stored.version)
    let migration = SegmentMigration(
      fromKeys: stored.customerKeys, fromGroups: stored.groups, fromSegments: stored.model.segmentCount, toKeys: keys,
      toGroups: groups, toSegments: refreshed.segmentCount)
    return Output(
      name: name, version: version, refreshes: stored.version, period: periodLabel, previousPeriod: stored.period,
      customers: keys.count, leftOut: leftOut, sizes: refreshed.groupSizes, meanSquaredDistance: .nan,
      fitMeanSquaredDistance: .nan, migration: migration, seconds: Date().timeIntervalSince(started),
      names: stored.displayNames)
  }
}
