import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta profile`: the profile report of a stored segmentation (strong and weak traits, names,
/// KPIs, categories, playbook) as Markdown, self-contained HTML or JSON.
package struct ProfileWorkflow: Workflow {
  /// The report's formats.
  package enum Format: String, Sendable, CaseIterable {
    case md, html, json
  }

  package struct Output: Sendable {
    package var report: SegmentationReport
    /// The report rendered in the requested format.
    package var text: String
    /// The file written, when one was requested.
    package var file: String?
    package var format: Format
  }

  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  /// A profile spec (YAML): KPIs, categories, playbook; without one the built-in playbook is used.
  package var specPath: String?
  package var format: Format
  /// Write the report to this file instead of returning it only.
  package var out: String?
  /// Profile from the statistics an SQL engine computed with `segmenta compile profile` (CSV) instead of the
  /// workspace's customers.
  package var statistics: String?

  package init(
    name: String, version: Int? = nil, specPath: String? = nil, format: Format = .md, out: String? = nil,
    statistics: String? = nil
  ) {
    self.name = name
    self.version = version
    self.specPath = specPath
    self.format = format
    self.out = out
    self.statistics = statistics
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let target = try out.map { out throws(SegmentaError) in
      try context.checkOutput(out, option: "--out", inputs: [specPath, statistics])
    }
    let workspace = try context.workspace(for: .read)
    let stored = try workspace.segmentation(named: name, version: version, customers: statistics == nil)
    return try SegmentaError.catching {
      let spec =
        try specPath.map { path throws(SpecFileError) in try ProfileSpecParser.load(path: path) }
        ?? ProfileSpec(playbook: ProfileSpecParser.defaultPlaybook())
      let report: SegmentationReport
      if let statistics {
        report = try Self.report(workspace: workspace, segmentation: stored, spec: spec, statistics: statistics)
      } else {
        report = try Self.report(workspace: workspace, segmentation: stored, spec: spec)
      }
      let text: String
      switch format {
      case .md: text = MarkdownReport.render(report)
      case .html: text = HTMLReport.render(report)
      case .json: text = try ReportJSON.encode(report)
      }
      if let target { try TextOutput.write(text, to: target) }
      return Output(report: report, text: text, file: out, format: format)
    }
  }

  /// Profiles `segmentation` with `spec`'s KPIs, categories and playbook.
  static func report(workspace: Workspace, segmentation: StoredSegmentation, spec: ProfileSpec) throws
    -> SegmentationReport
  {
    let model = segmentation.model
    let keys = segmentation.customerKeys
    let table = segmentation.period.map { try? workspace.wideTable(period: $0) } ?? nil
    let customerFeatures = model.features.filter { $0.source == "customer" }.map(\.name)
    let customerValues = try workspace.customerValues(columns: customerFeatures, keys: keys)
    var tableRow: [Int64: Int] = [:]
    if let table, table.customerKeys != keys {
      for (index, key) in table.customerKeys.enumerated() { tableRow[key] = index }
    }
    let valueFeatures = model.features.filter { $0.source == "value" }.map(\.name)
    let valueTable = valueFeatures.isEmpty ? nil : try workspace.valueTableIfBuilt(columns: Set(valueFeatures))
    func featureValues(_ name: String) -> [Double]? {
      if let values = customerValues[name]?.values { return values }
      if valueFeatures.contains(name), let valueTable, let values = valueTable.columns[name] {
        return StoredWideTable.align(values, from: valueTable.customerKeys, to: keys)
      }
      guard let feature = table?.feature(named: name) else { return nil }
      if tableRow.isEmpty { return feature.values }
      return keys.map { key in tableRow[key].map { feature.values[$0] } ?? .nan }
    }
    var columns: [ProfileColumn] = []
    for feature in model.features {
      guard let values = featureValues(feature.name) else {
        throw SegmentaError(
          .notFound,
          "the data of feature '\(feature.name)' is no longer in the workspace (period \(segmentation.period ?? "–"))")
      }
      columns.append(ProfileColumn(name: feature.name, label: feature.label, values: values))
    }

    let available = try workspace.customerColumns()
    let asked = PersonalData.columns(of: spec)
    try PersonalData.refuse(asked.categories, in: available, as: "a profile category")
    try PersonalData.refuse(asked.kpis, in: available, as: "read by a KPI")
    let categoryNames = try spec.categories ?? workspace.categoricalColumns()
    for name in categoryNames where !available.contains(where: { $0.name == name }) {
      throw SegmentaError(
        .notFound, "the profile spec lists category '\(name)', which is not a customer column")
    }
    // A k-prototypes segmentation's categorical columns are always profiled; band features among them
    // are read from the period's table.
    let modelCategories = model.prototypes?.columns.map(\.name) ?? []
    let addedCategories = modelCategories.filter { !categoryNames.contains($0) }
    var shareColumns: [String] = []
    var numbers: [String: [Double]] = [:]
    var numericKPIColumns: [String] = []
    for kpi in spec.kpis {
      switch kpi.measure {
      case .share(let column, _):
        shareColumns.append(column)
      case .mean(let column), .median(let column):
        if let values = featureValues(column) {
          numbers[column] = values
        } else {
          numericKPIColumns.append(column)
        }
      }
    }
    let kpiValues = try workspace.customerValues(columns: numericKPIColumns, keys: keys)
    for column in numericKPIColumns {
      guard let values = kpiValues[column] else {
        throw SegmentaError(
          .notFound,
          "a KPI reads '\(column)', which is neither a feature of the period nor a numeric customer column")
      }
      numbers[column] = values.values
    }
    var texts = try workspace.customerText(columns: Array(Set(categoryNames + shareColumns)), keys: keys)
    let modelTexts = try SegmentationFeatureColumns.categorical(
      addedCategories, keys: keys, table: table, workspace: workspace)
    for (name, values) in zip(addedCategories, modelTexts) { texts[name] = values }
    for column in shareColumns where texts[column] == nil {
      throw SegmentaError(
        .notFound, "a KPI counts shares of '\(column)', which is not a customer column")
    }
    let profile = SegmentProfiler.profile(
      segments: segmentation.groups, segmentCount: model.segmentCount, clusterGroups: model.clusterGroups,
      features: columns, preprocessing: model.preprocessing,
      categories: (modelCategories + categoryNames.filter { !modelCategories.contains($0) }).map {
        ($0, texts[$0] ?? [])
      },
      texts: texts, numbers: numbers,
      kpis: spec.kpis, playbook: spec.playbook)
    return try Self.report(
      profile: profile, workspace: workspace, segmentation: segmentation, customers: keys.count, flows: true)
  }

  /// The report of `segmentation` from `profile`: cards named as the workspace names them, the model's
  /// quality, notes, versions and assessment; the flows from the previous version only with `flows` (they
  /// read both versions' customers).
  static func report(
    profile: SegmentationProfile, workspace: Workspace, segmentation: StoredSegmentation, customers: Int,
    flows withFlows: Bool
  ) throws -> SegmentationReport {
    let model = segmentation.model
    // A cube's segments are named after their cells' values, not their traits.
    let cellNames = model.cube == nil ? nil : segmentation.displayNames
    let cards = profile.segments.map { segment in
      let name =
        cellNames.map { $0[segment.id - 1] }
        ?? SegmentNames.display(
          automatic: [segment.automaticName], custom: [1: segmentation.customNames[segment.id]].compactMapValues { $0 },
          count: 1)[0]
      return SegmentationReport.Card(
        name: name, renamed: segmentation.customNames[segment.id] != nil, profile: segment)
    }
    let chosen = model.chosen
    let (flows, history) = try Self.versionFlows(
      workspace: workspace, segmentation: segmentation, customers: withFlows)
    var report = SegmentationReport(
      name: segmentation.name, version: segmentation.version, createdAt: segmentation.createdAt,
      period: segmentation.period, method: model.method, customers: customers, k: model.k, kRule: model.kRule,
      segments: model.segmentCount, inertia: chosen.inertia, silhouette: chosen.silhouette, rating: model.rating,
      calinskiHarabasz: chosen.calinskiHarabasz, daviesBouldin: chosen.daviesBouldin, kTable: model.kTable,
      preprocessing: model.preprocessing.transforms, features: profile.features, cards: cards,
      notes: model.notes + (try Self.stabilityNotes(workspace: workspace, segmentation: segmentation, cards: cards)),
      flows: flows, history: history)
    report.map = model.map.map { mapView(model, $0) }
    report.prototypes = model.prototypes.map {
      SegmentationReport.PrototypesView($0, clusterSizes: model.clusterSizes, clusterGroups: model.clusterGroups)
    }
    report.cube = model.cube
    report.assessment = try AssessSegmentsWorkflow.stored(
      name: segmentation.name, version: segmentation.version, in: workspace)
    return report
  }

  /// What `segments stability` measured for this version, as notes: the unstable segments flagged
  /// with their mean Jaccard, or that every segment held.
  static func stabilityNotes(
    workspace: Workspace, segmentation: StoredSegmentation, cards: [SegmentationReport.Card]
  ) throws(SegmentaError) -> [String] {
    guard
      let stability = try SegmentStabilityWorkflow.stored(
        name: segmentation.name, version: segmentation.version, in: workspace)
    else { return [] }
    let how = "over \(stability.resamples) bootstrap resamples (`segmenta segments stability`)"
    let unstable = stability.segments.filter { stability.unstable.contains($0.id) }
    var notes: [String] = []
    if unstable.isEmpty {
      notes.append("Stable: every segment keeps a mean Jaccard of 0.75 or more \(how).")
    }
    for segment in unstable {
      let name = segment.id <= cards.count ? SegmentNames.combined(cards[segment.id - 1].name) : "\(segment.id)"
      let jaccard = segment.jaccard.map { ReportText.number(($0 * 1000).rounded() / 1000) } ?? "–"
      notes.append(
        "Unstable: segment \(segment.id) (\(name)) has a mean Jaccard of \(jaccard) \(how), "
          + (segment.rating == .dissolved
            ? "so it dissolves when the customers are resampled; do not act on it alone."
            : "below 0.75: its members change when the customers are resampled; act on it with care."))
    }
    if let agreement = stability.meanSeedAgreement {
      notes.append(
        "Agreement with \(stability.seedAgreement.count) other seeds: adjusted Rand index "
          + "\(ReportText.number((agreement * 1000).rounded() / 1000)).")
    }
    return notes
  }

  /// The flows from the version `segmentation` refreshes (else the one before it), and the segment sizes of
  /// every version up to it.
  static func versionFlows(
    workspace: Workspace, segmentation: StoredSegmentation, customers: Bool = true
  ) throws(SegmentaError) -> (
    SegmentationReport.Flows?, [SegmentationReport.VersionSizes]
  ) {
    let versions = try workspace.segmentationVersions().filter {
      $0.name == segmentation.name && $0.version <= segmentation.version
    }
    var history: [SegmentationReport.VersionSizes] = []
    for summary in versions {
      let sizes =
        summary.version == segmentation.version
        ? segmentation.model.groupSizes
        : try workspace.segmentation(named: summary.name, version: summary.version, customers: false).model.groupSizes
      history.append(
        SegmentationReport.VersionSizes(
          version: summary.version, period: summary.period, refreshes: summary.refreshes, sizes: sizes))
    }
    let before = versions.last { $0.version < segmentation.version }?.version
    guard customers, let previous = segmentation.refreshes ?? before else { return (nil, history) }
    let earlier = try workspace.segmentation(named: segmentation.name, version: previous)
    let migration = SegmentMigration(
      fromKeys: earlier.customerKeys, fromGroups: earlier.groups, fromSegments: earlier.model.segmentCount,
      toKeys: segmentation.customerKeys, toGroups: segmentation.groups, toSegments: segmentation.model.segmentCount)
    let flows = SegmentationReport.Flows(
      fromVersion: previous, fromPeriod: earlier.period, linked: segmentation.refreshes == previous,
      fromNames: earlier.displayNames, migration: migration)
    return (flows, history)
  }

  /// What the report draws of a self-organising map: the U-matrix, each unit's segment and hits, and
  /// every feature's component plane in original and prepared units.
  static func mapView(_ model: SegmentationModel, _ map: SelfOrganizingMapSummary) -> SegmentationReport.MapView {
    let units = model.k
    let stride = model.stride
    let transforms = model.preprocessing.transforms
    let components = model.features.enumerated().map { index, feature in
      let prepared = (0..<units).map { Double(model.centres[$0 * stride + index]) }
      return SegmentationReport.MapView.Component(
        name: feature.name, label: feature.label,
        values: index < transforms.count ? prepared.map { transforms[index].original($0) } : prepared,
        prepared: prepared)
    }
    return SegmentationReport.MapView(
      rows: map.rows, columns: map.columns, quantizationError: map.quantizationError,
      topographicError: map.topographicError, hits: model.clusterSizes, segments: model.clusterGroups.map { $0 + 1 },
      unifiedDistances: SelfOrganizingMap.unifiedDistances(
        weights: model.centres, rows: map.rows, columns: map.columns, stride: stride, features: model.features.count),
      components: components)
  }
}
