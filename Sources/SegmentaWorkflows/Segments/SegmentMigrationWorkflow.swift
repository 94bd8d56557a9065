import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta segments migration`: how customers moved between two versions of a segmentation — the flow
/// matrix, the stayers, the entries and exits — and, with an output file, the movers.
///
/// By default the later version is the latest and the earlier one the version it refreshes (else the
/// version before it). The movers file holds customer ids, so writing it is recorded in the export audit,
/// as every export of customers is.
package struct SegmentMigrationWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// The earlier version (default: the one `to` refreshes, else the version before it).
  package var from: Int?
  /// The later version (default: the latest).
  package var to: Int?
  /// Write the movers here (`customer_id, from_segment, from_name, to_segment, to_name`; `-` for standard output).
  package var out: String?
  /// The language of the segment names written.
  package var language: SegmentNameLanguage

  package init(
    name: String, from: Int? = nil, to: Int? = nil, out: String? = nil, language: SegmentNameLanguage = .both
  ) {
    self.name = name
    self.from = from
    self.to = to
    self.out = out
    self.language = language
  }

  /// One version as the migration shows it.
  package struct Version: Sendable, Codable, Equatable {
    package var version: Int
    package var period: String?
    /// Customers the version segments.
    package var customers: Int
    /// The version this one refreshes, if it is a refresh.
    package var refreshes: Int?
    package var createdAt: String
  }

  /// A segment and its size in each version.
  package struct Segment: Sendable, Codable, Equatable {
    /// The 1-based segment id.
    package var id: Int
    /// The name in the later version (the earlier one's when the later has no such segment).
    package var name: FeatureLabel
    /// Customers in the earlier version (nil when it has no such segment).
    package var fromSize: Int?
    /// Customers in the later version (nil when it has no such segment).
    package var toSize: Int?
  }

  /// What `segments migration --json` prints.
  package struct Output: Sendable, Codable {
    package var name: String
    package var from: Version
    package var to: Version
    /// Whether `to` refreshes `from` (same model, so segment numbers mean the same segments).
    package var linked: Bool
    /// Every segment of either version.
    package var segments: [Segment]
    /// Flows, row shares, stayers, movers, entries and exits.
    package var migration: SegmentMigration
    /// The movers file, when one was written.
    package var file: String?
    /// Segment sizes of every version of the segmentation, oldest first.
    package var history: [HistoryVersion]
    /// Wall time in seconds.
    package var seconds: Double
  }

  /// The segment sizes of one version.
  package struct HistoryVersion: Sendable, Codable, Equatable {
    package var version: Int
    package var period: String?
    package var refreshes: Int?
    /// Customers per segment, segment 1 first.
    package var sizes: [Int]
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let started = Date()
    let target = try out.map { out throws(SegmentaError) in try context.checkOutput(out, option: "--out") }
    // The movers file is written for the export audit.
    let workspace = try context.workspace(for: out == nil ? .read : .write)
    context.progress.report(.status("migration of \(name)", "reading the versions"))
    let (earlier, later) = try Self.versions(of: name, from: from, to: to, workspace: workspace)
    let migration = SegmentMigration(
      fromKeys: earlier.customerKeys, fromGroups: earlier.groups, fromSegments: earlier.model.segmentCount,
      toKeys: later.customerKeys, toGroups: later.groups, toSegments: later.model.segmentCount)
    let fromNames = earlier.displayNames
    let toNames = later.displayNames
    let segments = (0..<max(fromNames.count, toNames.count)).map { index in
      Segment(
        id: index + 1, name: index < toNames.count ? toNames[index] : fromNames[index],
        fromSize: index < fromNames.count ? migration.fromSizes[index] : nil,
        toSize: index < toNames.count ? migration.toSizes[index] : nil)
    }
    var file: String?
    if let target, let out {
      context.progress.report(.status("migration of \(name)", "writing \(migration.movers) movers"))
      let ids = try workspace.customerIDs(keys: migration.moverKeys)
      let language = language
      try SegmentaError.catching {
        let writer = try CSVWriter(
          target: target, header: ["customer_id", "from_segment", "from_name", "to_segment", "to_name"])
        for (index, id) in ids.enumerated() {
          let before = Int(migration.moverFrom[index])
          let after = Int(migration.moverTo[index])
          writer.field(id)
          writer.field(Int64(before + 1))
          writer.field(language.text(fromNames[before]))
          writer.field(Int64(after + 1))
          writer.field(language.text(toNames[after]))
          try writer.endRecord()
        }
        try writer.close()
      }
      try context.audit(
        .segments, subject: "\(name) v\(earlier.version)→v\(later.version) movers", file: out, rows: ids.count)
      file = out
    }
    var history: [HistoryVersion] = []
    for summary in try workspace.segmentationVersions() where summary.name == name {
      let model = try workspace.segmentation(named: name, version: summary.version, customers: false).model
      history.append(
        HistoryVersion(
          version: summary.version, period: summary.period, refreshes: summary.refreshes, sizes: model.groupSizes))
    }
    return Output(
      name: name, from: Self.describe(earlier), to: Self.describe(later), linked: later.refreshes == earlier.version,
      segments: segments, migration: migration, file: file, history: history,
      seconds: Date().timeIntervalSince(started))
  }

  static func describe(_ stored: StoredSegmentation) -> Version {
    Version(
      version: stored.version, period: stored.period, customers: stored.customerKeys.count,
      refreshes: stored.refreshes, createdAt: stored.createdAt)
  }

  /// The two versions compared: `to` (default the latest) and `from` (default the version `to`
  /// refreshes, else the one before it).
  static func versions(of name: String, from: Int?, to: Int?, workspace: Workspace) throws(SegmentaError) -> (
    StoredSegmentation, StoredSegmentation
  ) {
    let later = try workspace.segmentation(named: name, version: to)
    let versions = try workspace.segmentationVersions().filter { $0.name == name }.map(\.version)
    guard let earlier = from ?? later.refreshes ?? versions.last(where: { $0 < later.version }) else {
      throw SegmentaError(
        .missingPrerequisite,
        "segmentation '\(name)' has no version before version \(later.version) to compare with; refresh it on a new "
          + "period first with `segmenta segment refresh \(name) --period LABEL`")
    }
    guard earlier != later.version else {
      throw SegmentaError(
        .invalidRequest, "--from and --to are both version \(earlier); compare two different versions", field: "from")
    }
    guard versions.contains(earlier) else {
      throw SegmentaError(
        .notFound,
        "segmentation '\(name)' has no version \(earlier); its versions are "
          + versions.map(String.init).joined(separator: ", "), field: "from")
    }
    return (try workspace.segmentation(named: name, version: earlier), later)
  }
}
