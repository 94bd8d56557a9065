import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

extension ProfileWorkflow {
  /// What the profile of `segmentation` with `spec` reads, as the statistics query ``ProfileSQL`` compiles
  /// and ``ProfileStatistics`` reads back: the categories (the spec's, else the workspace's categorical
  /// columns) and KPIs, personal columns refused, each numeric KPI column found among the period's features
  /// or the numeric customer columns.
  package static func statisticsPlan(
    workspace: Workspace, segmentation: StoredSegmentation, spec: ProfileSpec
  ) throws(SegmentaError) -> ProfileSQL {
    let model = segmentation.model
    guard ModelSQL.compiles(model) else {
      throw SegmentaError(
        .invalidRequest,
        "segmentation '\(segmentation.name)' was made by \(model.method), which does not assign customers to the "
          + "nearest centre; profile a segmentation made by k-means or a self-organising map from statistics")
    }
    let available = try workspace.customerColumns()
    let asked = PersonalData.columns(of: spec)
    try PersonalData.refuse(asked.categories, in: available, as: "a profile category")
    try PersonalData.refuse(asked.kpis, in: available, as: "read by a KPI")
    var categories = spec.categories ?? []
    if spec.categories == nil { categories = try workspace.categoricalColumns() }
    for name in categories where !available.contains(where: { $0.name == name }) {
      throw SegmentaError(.notFound, "the profile spec lists category '\(name)', which is not a customer column")
    }
    let modelFeatures = Set(model.features.map(\.name))
    var featureColumns: Set<String> = []
    var periodFeatures: Set<String>?
    for kpi in spec.kpis {
      switch kpi.measure {
      case .share(let column, _):
        guard available.contains(where: { $0.name == column }) else {
          throw SegmentaError(.notFound, "a KPI counts shares of '\(column)', which is not a customer column")
        }
      case .mean(let column), .median(let column):
        if modelFeatures.contains(column) { continue }
        if periodFeatures == nil {
          periodFeatures = Set(
            (segmentation.period.map { try? workspace.wideTable(period: $0) } ?? nil)?.features.map(\.name) ?? [])
        }
        if periodFeatures?.contains(column) == true {
          featureColumns.insert(column)
        } else if !available.contains(where: { $0.name == column && [.integer, .decimal].contains($0.type) }) {
          throw SegmentaError(
            .notFound,
            "a KPI reads '\(column)', which is neither a feature of the period nor a numeric customer column")
        }
      }
    }
    return ProfileSQL(
      name: segmentation.name, version: segmentation.version, model: model, categories: categories,
      kpis: spec.kpis, featureColumns: featureColumns)
  }

  /// The report of `segmentation` from the statistics file at `path` (the result of the query `segmenta
  /// compile profile` wrote, as CSV), built and named as from the workspace's customers.
  static func report(
    workspace: Workspace, segmentation: StoredSegmentation, spec: ProfileSpec, statistics path: String
  ) throws -> SegmentationReport {
    let plan = try statisticsPlan(workspace: workspace, segmentation: segmentation, spec: spec)
    let aggregates = try ProfileStatistics.read(path: path, profile: plan)
    let model = segmentation.model
    let profile = SegmentProfiler.profile(
      aggregates: aggregates, clusterGroups: model.clusterGroups,
      features: model.features.map { ($0.name, $0.label) }, kpis: spec.kpis, playbook: spec.playbook)
    return try report(
      profile: profile, workspace: workspace, segmentation: segmentation, customers: aggregates.sizes.reduce(0, +),
      flows: false)
  }
}
