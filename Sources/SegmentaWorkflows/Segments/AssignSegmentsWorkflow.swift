import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta assign`: segments for the customers of a CSV file, with a stored segmentation's
/// preprocessing and nearest centre.
package struct AssignSegmentsWorkflow: Workflow {
  /// The segmentation.
  package var name: String
  /// Its version (default: the latest).
  package var version: Int?
  /// A CSV with the id column and every feature of the segmentation.
  package var input: String
  /// The CSV written: `customer_id, segment_id, segment_name, distance`.
  package var out: String
  package var idColumn: String
  package var dialect: CSVDialect
  package var language: SegmentNameLanguage

  package init(
    name: String, version: Int? = nil, input: String, out: String, idColumn: String = "customer_id",
    dialect: CSVDialect = CSVDialect(), language: SegmentNameLanguage = .both
  ) {
    self.name = name
    self.version = version
    self.input = input
    self.out = out
    self.idColumn = idColumn
    self.dialect = dialect
    self.language = language
  }

  /// Assigns the customers of `input` (a CSV with the id column and every feature of the
  /// segmentation) with the stored preprocessing and nearest centre, and writes `customer_id,
  /// segment_id, segment_name, distance` to `output`.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> SegmentFileReport {
    let target = try context.checkOutput(out, option: "--out", inputs: [input])
    let segmentation = try context.workspace(for: .read).segmentation(named: name, version: version)
    return try SegmentaError.catching { try assign(segmentation, to: target) }
  }

  /// The customers of one part of the input file.
  private struct Part {
    var ids: [String] = []
    var columns: [[Double]]
    var categorical: [[String?]]
  }

  private func assign(_ segmentation: StoredSegmentation, to target: OutputTarget) throws -> SegmentFileReport {
    let output = out
    let model = segmentation.model
    let header = try CSVReader(path: input, dialect: dialect, bufferSize: 1 << 16).header
    guard let idIndex = header.firstIndex(of: idColumn) else {
      throw DataFileError(
        file: input, line: 1,
        message: "no column '\(idColumn)' holds the customer id (columns: \(header.joined(separator: ", ")))")
    }
    var indices: [Int] = []
    var missing: [String] = []
    for feature in model.features {
      if let index = header.firstIndex(of: feature.name) {
        indices.append(index)
      } else {
        missing.append(feature.name)
      }
    }
    var categoricalIndices: [Int] = []
    for column in model.prototypes?.columns ?? [] {
      if let index = header.firstIndex(of: column.name) {
        categoricalIndices.append(index)
      } else {
        missing.append(column.name)
      }
    }
    guard missing.isEmpty else {
      throw DataFileError(
        file: input, line: 1,
        message:
          "the segmentation needs column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")), which the file lacks"
      )
    }
    // The file is read in parts on all cores; each part keeps its customers' ids and values in file order.
    let (numeric, categories, input) = (indices, categoricalIndices, input)
    var parts = try CSVParts.read(
      path: input, dialect: dialect,
      makePart: {
        Part(
          columns: Array(repeating: [], count: numeric.count),
          categorical: Array(repeating: [], count: categories.count))
      }
    ) { (reader: CSVReader, part: inout Part) throws(DataFileError) in
      guard reader.fieldCount == reader.header.count else {
        throw DataFileError(
          file: input, line: reader.line,
          message: "expected \(reader.header.count) fields as in the header, found \(reader.fieldCount)")
      }
      part.ids.append(reader.string(at: idIndex).trimmingASCIISpaces())
      for (slot, index) in categories.enumerated() {
        let text = reader.string(at: index).trimmingASCIISpaces()
        part.categorical[slot].append(text.isEmpty ? nil : text)
      }
      for (slot, index) in numeric.enumerated() {
        let bytes = reader.bytes(at: index)
        if let value = ValueParser.parseDecimal(bytes) {
          part.columns[slot].append(value)
        } else if ValueParser.isMissing(bytes) {
          part.columns[slot].append(.nan)
        } else {
          throw DataFileError(
            file: input, line: reader.line, column: index + 1, columnName: reader.header[index],
            message: "expected a number, found '\(reader.string(at: index))'")
        }
      }
    }.parts
    // Put together in file order, each part released once copied.
    var ids: [String] = []
    var columns = [[Double]](repeating: [], count: numeric.count)
    var categorical = [[String?]](repeating: [], count: categories.count)
    let total = parts.reduce(0) { $0 + $1.ids.count }
    ids.reserveCapacity(total)
    for slot in columns.indices { columns[slot].reserveCapacity(total) }
    for index in parts.indices {
      ids += parts[index].ids
      for slot in columns.indices { columns[slot] += parts[index].columns[slot] }
      for slot in categorical.indices { categorical[slot] += parts[index].categorical[slot] }
      parts[index] = Part(columns: [], categorical: [])
    }
    let (clusters, distances) = model.assign(columns, categorical: categorical)
    let names = segmentation.displayNames
    let writer = try CSVWriter(target: target, header: ["customer_id", "segment_id", "segment_name", "distance"])
    var counts: [Int: Int] = [:]
    for row in ids.indices {
      let segment = model.clusterGroups[Int(clusters[row])]
      counts[segment + 1, default: 0] += 1
      writer.field(ids[row])
      writer.field(Int64(segment + 1))
      writer.field(language.text(names[segment]))
      writer.field(distances[row], decimals: 6)
      try writer.endRecord()
    }
    try writer.close()
    return SegmentFileReport(
      segmentation: segmentation.name, version: segmentation.version, rows: ids.count, segmentCounts: counts,
      unsegmented: 0, file: output, segments: model.segmentCount)
  }
}
