import SegmentaCore
import SegmentaIO
import SegmentaStore

/// A look at a CSV file before it is imported: its header, its first rows and each column's type and
/// personal-data flag as the customer import would decide them.
///
/// Types come from the import's own ``TypeInference`` over the first ``sampleRows`` rows; a column the
/// workspace already holds keeps the workspace's type and flag, as the import keeps them. Values of
/// columns that hold (or look like they hold) personal data are masked in the rows shown.
package struct PreviewFileWorkflow: Workflow {
  /// One column of the file.
  package struct Column: Sendable, Codable, Equatable {
    package var name: String
    /// The type the import would give it.
    package var type: ColumnType
    /// Whether it holds personal data (its values are masked in the preview).
    package var personal: Bool
    /// `inferred` from the values, or `workspace` when the workspace already has the column.
    package var source: String
    /// Whether this is the customer id column.
    package var id: Bool
    /// The personal-data shape most of its values have, if any.
    package var shape: PersonalDataShape?
  }

  package struct Output: Sendable, Codable, Equatable {
    /// The header, in file order.
    package var header: [String]
    package var columns: [Column]
    /// The first rows, personal values (and fields beyond the header) masked (`***`); a row has as many
    /// fields as the file's line.
    package var rows: [[String]]
    /// Data rows the types were inferred from.
    package var rowsSampled: Int
    /// Whether the file has more rows than were sampled.
    package var truncated: Bool
  }

  /// The CSV file (an upload).
  package var path: String
  /// One character, or tab, comma, semicolon, pipe.
  package var delimiter: String
  /// The column holding customer ids (nil: `customer_id`, when the file has one).
  ///
  /// A named column the file lacks is refused, as the import would refuse it.
  package var idColumn: String?
  /// Rows shown.
  package var rows: Int
  /// Rows the types are inferred from.
  package var sampleRows: Int

  /// What a masked value shows.
  package static let mask = "***"

  package init(
    path: String, delimiter: String = ",", idColumn: String? = nil, rows: Int = 20,
    sampleRows: Int = PersonalDataDetector.sampleSize
  ) {
    self.path = path
    self.delimiter = delimiter
    self.idColumn = idColumn
    self.rows = rows
    self.sampleRows = sampleRows
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    guard let dialect = CSVDialect(delimiterName: delimiter) else {
      throw SegmentaError(
        .invalidRequest, "delimiter takes one character (or tab, comma, semicolon, pipe), not '\(delimiter)'",
        field: "delimiter")
    }
    guard rows >= 0, sampleRows >= rows else {
      throw SegmentaError(.invalidRequest, "rows must be between 0 and the sample size", field: "rows")
    }
    let existing = try context.workspace(for: .read).customerColumns()
    return try SegmentaError.catching { try preview(dialect: dialect, existing: existing) }
  }

  private func preview(dialect: CSVDialect, existing: [CustomerColumn]) throws -> Output {
    let reader = try CSVReader(path: path, dialect: dialect, bufferSize: 1 << 16)
    let header = reader.header
    if let idColumn, !header.contains(idColumn) {
      throw SegmentaError(
        .notFound, "no column '\(idColumn)' holds the customer id (columns: \(header.joined(separator: ", ")))",
        field: "id_column")
    }
    let idColumn = idColumn ?? "customer_id"
    var inference = [TypeInference](repeating: TypeInference(), count: header.count)
    var shapes = [PersonalDataDetector](repeating: PersonalDataDetector(), count: header.count)
    var shown: [[String]] = []
    var sampled = 0
    var truncated = false
    while try reader.next() {
      guard sampled < sampleRows else {
        truncated = true
        break
      }
      sampled += 1
      let count = min(reader.fieldCount, header.count)
      for index in 0..<count {
        let bytes = reader.bytes(at: index)
        inference[index].observe(bytes)
        shapes[index].observe(bytes)
      }
      if shown.count < rows { shown.append(reader.strings) }
    }
    let byName = Dictionary(existing.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let columns = header.enumerated().map { index, name -> Column in
      let shape = shapes[index].shape
      if name == idColumn {
        return Column(name: name, type: .text, personal: false, source: "inferred", id: true, shape: shape)
      }
      if let known = byName[name] {
        return Column(
          name: name, type: known.type, personal: known.personal, source: "workspace", id: false, shape: shape)
      }
      var type = inference[index].inferredType
      let personal = CustomerColumn.inferredPersonal(name: name, type: type, shape: shape)
      // The import stores personal columns as text.
      if personal { type = .text }
      return Column(name: name, type: type, personal: personal, source: "inferred", id: false, shape: shape)
    }
    let masked = shown.map { row in
      row.enumerated().map { index, value in
        (index >= columns.count || columns[index].personal) && !value.isEmpty ? Self.mask : value
      }
    }
    return Output(header: header, columns: columns, rows: masked, rowsSampled: sampled, truncated: truncated)
  }
}
