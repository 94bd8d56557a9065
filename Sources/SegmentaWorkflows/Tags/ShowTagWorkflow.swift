import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta tags show`: who carries a tag, against everyone (see ``TagReport``).
package struct ShowTagWorkflow: Workflow {
  package var tag: String
  /// The apply version to show (default: the latest).
  package var version: Int?
  /// The wide-table period whose features are profiled (default: the latest).
  package var period: String?
  /// A profile spec (YAML) for KPI lines and categorical columns.
  package var specPath: String?

  package init(tag: String, version: Int? = nil, period: String? = nil, specPath: String? = nil) {
    self.tag = tag
    self.version = version
    self.period = period
    self.specPath = specPath
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> TagReport {
    let workspace = try context.workspace(for: .read)
    return try SegmentaError.catching {
      let spec =
        try specPath.map { path throws(SpecFileError) in try ProfileSpecParser.load(path: path) }
        ?? ProfileSpec(playbook: Playbook(rules: []))
      return try Self.report(workspace: workspace, name: tag, version: version, period: period, spec: spec)
    }
  }

  /// Profiles the latest apply of tag `name` (or `version`) over the features of `period` (default
  /// the latest) and the numeric customer columns.
  static func report(workspace: Workspace, name: String, version: Int?, period: String?, spec: ProfileSpec) throws
    -> TagReport
  {
    guard let stored = try workspace.tags().first(where: { $0.definition.name == name }) else {
      _ = try workspace.tagMembers(name)  // throws the "no tag" message listing the tags
      throw SegmentaError(.notFound, "no tag '\(name)'")
    }
    let members = try workspace.tagMembers(name, version: version)
    let shown = try workspace.tagVersions(name).first { $0.version == (version ?? stored.latest?.version) }
    let keys = try workspace.customerKeys()
    let tagged = WorkspaceRuleData.membership(of: members, in: keys)
    let segments = tagged.map { $0 ? Int32(0) : Int32(1) }

    let table = try workspace.wideTableIfBuilt(period: period)
    var columns = try workspace.numericColumns(table: table, keys: keys)
    columns.removeAll { column in !column.values.contains { !$0.isNaN } }
    let preprocessing = try PreprocessingModel.fit(
      columns.map { ($0.name, $0.values) }, options: PreprocessingOptions(winsorize: nil, log: .off))

    let asked = PersonalData.columns(of: spec)
    let catalogue = try workspace.customerColumns()
    try PersonalData.refuse(asked.categories, in: catalogue, as: "a profile category")
    try PersonalData.refuse(asked.kpis, in: catalogue, as: "read by a KPI")
    let categoryNames = try spec.categories ?? workspace.categoricalColumns()
    var shareColumns: [String] = []
    var numbers: [String: [Double]] = [:]
    for kpi in spec.kpis {
      switch kpi.measure {
      case .share(let column, _): shareColumns.append(column)
      case .mean(let column), .median(let column):
        if let values = columns.first(where: { $0.name == column })?.values { numbers[column] = values }
      }
    }
    let texts = try workspace.customerText(columns: Array(Set(categoryNames + shareColumns)), keys: keys)
    let profile = SegmentProfiler.profile(
      segments: segments, segmentCount: 2, clusterGroups: [0, 1], features: columns, preprocessing: preprocessing,
      categories: categoryNames.compactMap { name in texts[name].map { (name, $0) } }, texts: texts, numbers: numbers,
      kpis: spec.kpis.filter { kpi in
        switch kpi.measure {
        case .share(let column, _): texts[column] != nil
        case .mean(let column), .median(let column): numbers[column] != nil
        }
      }, playbook: Playbook(rules: []))
    let taggedProfile = profile.segments[0]
    let features = profile.features.enumerated().map { f, feature in
      let taggedMean = taggedProfile.means[f]
      let index = taggedMean.flatMap { mean in
        feature.overallMean.flatMap { $0 != 0 ? mean / $0 * 100 : nil }
      }
      return TagReport.Feature(
        name: feature.name, label: feature.label, taggedMean: taggedMean, overallMean: feature.overallMean,
        index: index, etaSquared: feature.etaSquared, importance: feature.importance)
    }
    .sorted { $0.etaSquared > $1.etaSquared }
    let categories = taggedProfile.categories.map { top in
      let values = texts[top.column] ?? []
      return TagReport.Category(
        column: top.column,
        top: top.top.map { share in
          let overall = values.filter { $0 == share.value }.count
          return TagReport.Value(
            value: share.value, taggedShare: share.share,
            overallShare: values.isEmpty ? 0 : Double(overall) / Double(values.count))
        })
    }
    return TagReport(
      name: name, label: stored.definition.label, category: stored.definition.category.rawValue,
      description: stored.definition.description, rule: shown?.rule ?? stored.definition.rule,
      version: shown?.version ?? 0, appliedAt: shown?.appliedAt ?? "", period: table?.period.label,
      count: members.count, customers: keys.count,
      coverage: keys.isEmpty ? 0 : Double(members.count) / Double(keys.count), features: features,
      categories: categories, kpis: taggedProfile.kpis)
  }
}
