/// What `segmenta assign` or `segmenta export` wrote.
package struct SegmentFileReport: Sendable, Encodable, Equatable {
  /// The segmentation used.
  package var segmentation: String
  package var version: Int
  /// Rows written.
  package var rows: Int
  /// Rows per 1-based segment id.
  package var segmentCounts: [Int: Int]
  /// Rows without a segment (export: customers added after the segmentation).
  package var unsegmented: Int
  /// The output file.
  package var file: String
  /// The number of segments of the segmentation (not part of the JSON).
  package var segments: Int

  private enum CodingKeys: String, CodingKey {
    case segmentation, version, rows, segmentCounts, unsegmented, file
  }

  init(
    segmentation: String, version: Int, rows: Int, segmentCounts: [Int: Int], unsegmented: Int, file: String,
    segments: Int
  ) {
    self.segmentation = segmentation
    self.version = version
    self.rows = rows
    self.segmentCounts = segmentCounts
    self.unsegmented = unsegmented
    self.file = file
    self.segments = segments
  }
}
