import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta export`: every customer of the workspace with their cluster and segment.
package struct ExportSegmentsWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  /// The CSV written: `customer_id, cluster_id, segment_id, segment_name`.
  package var out: String
  package var language: SegmentNameLanguage

  package init(name: String, version: Int? = nil, out: String, language: SegmentNameLanguage = .both) {
    self.name = name
    self.version = version
    self.out = out
    self.language = language
  }

  /// Writes every customer of the workspace with its cluster and segment (`customer_id, cluster_id,
  /// segment_id, segment_name`); customers added after the segmentation have empty ids.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> SegmentFileReport {
    let target = try context.checkOutput(out, option: "--out")
    // Written for the export audit.
    let workspace = try context.workspace(for: .write)
    let segmentation = try workspace.segmentation(named: name, version: version)
    let keys = try workspace.customerKeys()
    let ids = try workspace.customerIDs(keys: keys)
    let report = try SegmentaError.catching { try write(segmentation, keys: keys, ids: ids, to: target) }
    try context.audit(.segments, subject: "\(segmentation.name) v\(segmentation.version)", file: out, rows: keys.count)
    return report
  }

  private func write(_ segmentation: StoredSegmentation, keys: [Int64], ids: [String], to target: OutputTarget)
    throws -> SegmentFileReport
  {
    let output = out
    var position: [Int64: Int] = [:]
    for (index, key) in segmentation.customerKeys.enumerated() { position[key] = index }
    let names = segmentation.displayNames
    let writer = try CSVWriter(target: target, header: ["customer_id", "cluster_id", "segment_id", "segment_name"])
    var counts: [Int: Int] = [:]
    var unsegmented = 0
    for (row, key) in keys.enumerated() {
      writer.field(ids[row])
      if let index = position[key] {
        let segment = Int(segmentation.groups[index])
        counts[segment + 1, default: 0] += 1
        writer.field(Int64(segmentation.clusters[index]) + 1)
        writer.field(Int64(segment + 1))
        writer.field(language.text(names[segment]))
      } else {
        unsegmented += 1
        writer.emptyField()
        writer.emptyField()
        writer.emptyField()
      }
      try writer.endRecord()
    }
    try writer.close()
    return SegmentFileReport(
      segmentation: segmentation.name, version: segmentation.version, rows: keys.count, segmentCounts: counts,
      unsegmented: unsegmented, file: output, segments: segmentation.model.segmentCount)
  }
}
