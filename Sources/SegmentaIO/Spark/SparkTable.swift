import SegmentaCore

/// How a table given to a `segmenta spark` command is held.
package enum SparkTableFormat: String, Sendable, Codable, CaseIterable {
  /// A Parquet file or folder of files.
  case parquet
  /// A CSV file or folder of files with a header line.
  case csv
  /// A table of Spark's catalogue (`name` or `database.name`).
  case table
}

/// A table a Spark script reads or writes: a path (local, `hdfs://`, `s3a://` …) of Parquet or CSV files, or a
/// catalogue table.
package struct SparkTable: Sendable, Codable, Equatable {
  /// The path, or the catalogue table's name.
  package var location: String
  package var format: SparkTableFormat

  package init(_ location: String, format: SparkTableFormat) {
    self.location = location
    self.format = format
  }

  /// Whether the table is files at a path rather than a catalogue table.
  package var isPath: Bool { format != .table }

  /// Whether the path is on this machine (no `scheme://`), so it can be checked before Spark runs.
  package var isLocalPath: Bool { isPath && (!location.contains("://") || location.hasPrefix("file://")) }

  /// Throws `invalidRequest` naming `option` when a catalogue table's name is not identifiers joined by dots, or
  /// a path is empty.
  package func check(option: String) throws(SegmentaError) {
    if format == .table {
      try SQLDialect.checkTableName(location, field: option)
    } else if location.isEmpty {
      throw SegmentaError(.invalidRequest, "\(option) names no path; give a folder or file", field: option)
    }
  }
}
