import Foundation
import SegmentaCore
import SegmentaIO

/// How and where every `segmenta spark` command runs Spark.
package struct SparkOptions: Sendable, Codable, Equatable {
  /// Spark's master: `local[*]` (default), `local[N]`, `spark://host:port`, `yarn`, `k8s://…`; passed through.
  package var master: String
  /// Spark's folder (`bin/spark-sql` inside); default `SPARK_HOME`, then `spark-sql` on `PATH`.
  package var sparkHome: String?
  /// Further Spark settings, each `key=value`, passed as `--conf` after Segmenta's own (so they win).
  package var conf: [String]
  /// The driver's memory, such as `4g`.
  package var driverMemory: String?
  /// How the command's tables are held: Parquet or CSV files at a path, or catalogue tables.
  package var format: SparkTableFormat
  /// Where the scripts, event logs, Spark's catalogue (metastore and warehouse) and copies brought back go;
  /// default `spark-work` beside the workspace.
  package var workDirectory: String?
  /// Write over an output folder or table that exists.
  package var replace: Bool

  package init(
    master: String = "local[*]", sparkHome: String? = nil, conf: [String] = [], driverMemory: String? = nil,
    format: SparkTableFormat = .parquet, workDirectory: String? = nil, replace: Bool = false
  ) {
    self.master = master
    self.sparkHome = sparkHome
    self.conf = conf
    self.driverMemory = driverMemory
    self.format = format
    self.workDirectory = workDirectory
    self.replace = replace
  }

  /// A table argument held as `format` says; a local path is made absolute, since Spark runs in the work folder.
  package func table(_ location: String) -> SparkTable {
    let table = SparkTable(location, format: format)
    guard table.isPath, !location.contains("://"), !location.isEmpty else { return table }
    return SparkTable(URL(fileURLWithPath: location).standardizedFileURL.path, format: format)
  }

  /// The tables of `--segments NAME=TABLE`, held as `format` says, each checked.
  ///
  /// - Throws: `invalidRequest` naming `segments` when a name is not a segmentation's or a table is not valid.
  package func segmentTables(_ segments: [String: String]) throws(SegmentaError) -> [String: SparkTable] {
    let tables = segments.mapValues(table)
    for (name, table) in tables.sorted(by: { $0.key < $1.key }) {
      guard SQLDialect.isIdentifier(name) else {
        throw SegmentaError(
          .invalidRequest, "--segments '\(name)=…' does not name a segmentation; give NAME=TABLE", field: "segments")
      }
      try table.check(option: "--segments")
    }
    return tables
  }

  /// Throws `invalidRequest` naming the option when a setting is not `key=value` or the master is empty.
  package func check() throws(SegmentaError) {
    guard !master.trimmingCharacters(in: .whitespaces).isEmpty else {
      throw SegmentaError(
        .invalidRequest, "--master is empty; give local[*], local[N], spark://HOST:PORT, yarn or k8s://…",
        field: "master")
    }
    for setting in conf {
      guard let equals = setting.firstIndex(of: "="), equals != setting.startIndex else {
        throw SegmentaError(
          .invalidRequest, "--conf '\(setting)' is not KEY=VALUE, such as spark.sql.shuffle.partitions=64",
          field: "conf")
      }
    }
  }
}
