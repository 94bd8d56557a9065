import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta tags show TAG`: who carries a tag, against everyone.
///
/// Built with the segment profiler on two segments (tagged, not tagged): each feature's mean among
/// the tagged and among everyone, the index (tagged ÷ everyone × 100), and how strongly the
/// feature separates tagged from untagged customers (η², normalised to the strongest); the top
/// values of the categorical customer columns among the tagged with their share among everyone;
/// KPI lines from a profile spec.
public struct TagReport: Codable, Sendable {
  /// One feature's line.
  public struct Feature: Codable, Sendable {
    /// Name.
    public var name: String
    /// Display labels.
    public var label: FeatureLabel
    /// Mean among the tagged.
    public var taggedMean: Double?
    /// Mean among all customers.
    public var overallMean: Double?
    /// Tagged mean ÷ overall mean × 100.
    public var index: Double?
    /// Share of the feature's variance explained by tagged / untagged.
    public var etaSquared: Double
    /// η² ÷ the largest η².
    public var importance: Double
  }
  /// A value's share among the tagged and among everyone.
  public struct Value: Codable, Sendable {
    /// The value.
    public var value: String
    /// Share among the tagged.
    public var taggedShare: Double
    /// Share among everyone.
    public var overallShare: Double
  }
  /// A categorical column's top values.
  public struct Category: Codable, Sendable {
    /// The column.
    public var column: String
    /// Its top three values among the tagged.
    public var top: [Value]
  }
  /// The tag.
  public var name: String
  /// Display labels.
  public var label: FeatureLabel
  /// Category.
  public var category: String
  /// Description.
  public var description: String
  /// The rule of the shown version.
  public var rule: String
  /// The version shown.
  public var version: Int
  /// When it was applied.
  public var appliedAt: String
  /// Tagged customers.
  public var count: Int
  /// All customers.
  public var customers: Int
  /// Tagged ÷ all.
  public var coverage: Double
  /// Features, most separating first.
  public var features: [Feature]
  /// Categorical columns.
  public var categories: [Category]
  /// KPI lines among the tagged.
  public var kpis: [KPIValue]

  /// Profiles the latest apply of tag `name` (or `version`) over the features of `period` (default
  /// the latest) and the numeric customer columns.
  public static func build(
    workspace: Workspace, name: String, version: Int? = nil, period: String? = nil, spec: ProfileSpec
  ) throws -> TagReport {
    guard let stored = try workspace.tags().first(where: { $0.definition.name == name }) else {
      _ = try workspace.tagMembers(name)  // throws the "no tag" message listing the tags
      throw WorkspaceError.invalidRequest("no tag '\(name)'")
    }
    let members = try workspace.tagMembers(name, version: version)
    let shown = try workspace.tagVersions(name).first { $0.version == (version ?? stored.latest?.version) }
    let keys = try workspace.customerKeys()
    let tagged = WorkspaceRuleData.membership(of: members, in: keys)
    let segments = tagged.map { $0 ? Int32(0) : Int32(1) }

    let hasPeriods = !(try workspace.periods()).isEmpty
    let table = hasPeriods || period != nil ? try workspace.wideTable(period: period) : nil
    var columns = try workspace.numericColumns(table: table, keys: keys)
    columns.removeAll { column in !column.values.contains { !$0.isNaN } }
    let preprocessing = try PreprocessingModel.fit(
      columns.map { ($0.name, $0.values) }, options: PreprocessingOptions(winsorize: nil, log: .off))

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
      return Feature(
        name: feature.name, label: feature.label, taggedMean: taggedMean, overallMean: feature.overallMean,
        index: index, etaSquared: feature.etaSquared, importance: feature.importance)
    }
    .sorted { $0.etaSquared > $1.etaSquared }
    let categories = taggedProfile.categories.map { top in
      let values = texts[top.column] ?? []
      return Category(
        column: top.column,
        top: top.top.map { share in
          let overall = values.filter { $0 == share.value }.count
          return Value(
            value: share.value, taggedShare: share.share,
            overallShare: values.isEmpty ? 0 : Double(overall) / Double(values.count))
        })
    }
    return TagReport(
      name: name, label: stored.definition.label, category: stored.definition.category.rawValue,
      description: stored.definition.description, rule: shown?.rule ?? stored.definition.rule,
      version: shown?.version ?? 0, appliedAt: shown?.appliedAt ?? "", count: members.count, customers: keys.count,
      coverage: keys.isEmpty ? 0 : Double(members.count) / Double(keys.count), features: features,
      categories: categories, kpis: taggedProfile.kpis)
  }
}
