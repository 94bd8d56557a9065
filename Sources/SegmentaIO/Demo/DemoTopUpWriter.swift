import Foundation
import SegmentaCore

/// Writes the demo customers' top-ups and bill payments (`topups.csv`: customer_id, date, amount), the
/// transaction file the demo's value analysis reads.
package enum DemoTopUpWriter {
  /// The file's name.
  package static let fileName = "topups.csv"

  /// What was written.
  package struct Report: Sendable, Equatable {
    /// The file's path.
    package var path: String
    /// Rows written.
    package var rows: Int
  }

  /// Generates every customer's top-ups in parallel blocks (each customer has its own random stream)
  /// and writes them in customer order into `directory`.
  package static func write(_ generator: DemoGenerator, to directory: String) throws -> Report {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = (directory as NSString).appendingPathComponent(fileName)
    let writer = try CSVWriter(path: path, header: ["customer_id", "date", "amount"])
    let block = 8192
    var index = 0
    while index < generator.customerCount {
      let count = min(block, generator.customerCount - index)
      let start = index
      let generated = ParallelBlocks.map(count: count) { offset -> [DemoGenerator.TopUp] in
        var topUps: [DemoGenerator.TopUp] = []
        generator.topUps(of: start + offset, into: &topUps)
        return topUps
      }
      for (offset, topUps) in generated.enumerated() {
        let id = DemoGenerator.id(start + offset)
        for topUp in topUps {
          writer.field(id)
          writer.field(CivilDate.isoString(days: topUp.day))
          writer.field(topUp.amount, decimals: 2)
          try writer.endRecord()
        }
      }
      index += count
    }
    let rows = writer.rowCount
    try writer.close()
    return Report(path: path, rows: rows)
  }
}
