import GRDB
import GRDBSQLite
import SegmentaCore

extension Workspace {
  /// Imports (upserts) customers from a delimited file.
  ///
  /// The file is read twice. The first pass checks every row — field count, customer id present and
  /// unique in the file, values of typed columns — and infers the types of new columns from all
  /// their values; nothing is written. The second pass writes the good rows in one transaction:
  /// new customers are inserted, existing ones get the file's columns updated (an empty field sets
  /// the value to missing), and new columns extend the table. With `onError: .fail` the first bad
  /// row stops the import before anything is written; with `.skip` each bad row is passed to
  /// `reject` and left out.
  ///
  /// - Parameters:
  ///   - open: opens the file afresh; called once per pass.
  ///   - reject: receives each rejected row (in `.skip` mode).
  ///   - progress: receives the phase, bytes done and bytes in all.
  package func importCustomers(
    open: () throws(DataFileError) -> any RecordSource, options: CustomerImportOptions,
    reject: (RejectedRecord) throws -> Void = { _ in }, progress: (ImportPhase, Int, Int) -> Void = { _, _, _ in }
  ) throws(SegmentaError) -> CustomerImportSummary {
    try Self.converting {
      let check = try checkCustomerFile(open: open, options: options, reject: reject, progress: progress)
      return try writeCustomers(check, open: open, progress: progress)
    }
  }

  /// The outcome of the checking pass.
  struct CustomerFileCheck {
    var path: String
    var header: [String]
    var idIndex: Int
    var columns: [PlannedColumn]
    var recordCount: Int
    var fileSize: Int
    var rejectedRecords: Set<Int>
    var rejectedByReason: [RejectionReason: Int]
    /// The personal-data shape most customer ids have, if any.
    var idShape: PersonalDataShape?
  }

  struct PlannedColumn {
    var fileIndex: Int
    var name: String
    var type: ColumnType
    var typeSource: String
    var personal: Bool
    var existing: CustomerColumn?
  }

  private func checkCustomerFile(
    open: () throws(DataFileError) -> any RecordSource, options: CustomerImportOptions,
    reject: (RejectedRecord) throws -> Void, progress: (ImportPhase, Int, Int) -> Void
  ) throws -> CustomerFileCheck {
    let source = try open()
    let header = source.header
    let path = source.path
    let idColumn = options.schema.idColumn ?? options.idColumn
    guard let idIndex = header.firstIndex(of: idColumn) else {
      throw DataFileError(
        file: path, line: 1,
        message:
          "no column '\(idColumn)' holds the customer id; name the id column with --id-column (the columns are: \(header.joined(separator: ", ")))"
      )
    }
    let catalogue = try customerColumns()
    let existingByName = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.name, $0) })

    // Per column: the type it must have (schema or workspace), or nil to infer it.
    let columnIndices = header.indices.filter { $0 != idIndex }
    var declared: [ColumnType?] = Array(repeating: nil, count: header.count)
    var mayWiden = Array(repeating: false, count: header.count)
    var personal = Array(repeating: false, count: header.count)
    for index in columnIndices {
      let name = header[index]
      let schemaColumn = options.schema.columns[name]
      let existing = existingByName[name]
      if let type = schemaColumn?.type {
        if let existing, existing.type != type && !(existing.type == .integer && type == .decimal) {
          throw DataFileError(
            file: path, line: 1, column: index + 1, columnName: name,
            message: "the schema says \(type), but the workspace already holds this column as \(existing.type)")
        }
        declared[index] = type
      } else if let existing {
        declared[index] = existing.type
        mayWiden[index] = existing.type == .integer
      }
      personal[index] = schemaColumn?.personal ?? existing?.personal ?? CustomerColumn.looksPersonal(name)
    }

    var inference = Array(repeating: TypeInference(), count: header.count)
    // Columns whose personal flag is not fixed by the schema or the workspace are also judged by their
    // values' shapes; so is the id column, which every export shows.
    var shapes = Array(repeating: PersonalDataDetector(), count: header.count)
    let shapeColumns = header.indices.filter { index in
      index == idIndex
        || (options.schema.columns[header[index]]?.personal == nil && existingByName[header[index]] == nil)
    }
    var widened = Array(repeating: false, count: header.count)
    var fileIDs = ByteStringTable(capacity: max(1024, source.fileSize / 64))
    var firstLines: [Int] = []
    var rejectedRecords = Set<Int>()
    var rejectedByReason: [RejectionReason: Int] = [:]
    var ordinal = 0
    var lastProgress = 0

    func refuse(_ error: DataFileError, kind: RejectionReason, text: String) throws {
      if options.onError == .fail { throw error }
      rejectedRecords.insert(ordinal)
      rejectedByReason[kind, default: 0] += 1
      try reject(
        RejectedRecord(
          line: error.line ?? source.line, column: error.column, columnName: error.columnName,
          reason: error.message, text: text))
    }

    reading: while true {
      let step = try source.step()
      switch step {
      case .end:
        break reading
      case .malformed(let error):
        ordinal += 1
        try refuse(
          error, kind: error.message.hasPrefix("invalid UTF-8") ? .invalidUTF8 : .malformedCSV,
          text: source.recordText)
        continue reading
      case .record:
        ordinal += 1
      }
      if source.bytesRead - lastProgress > 1 << 22 {
        lastProgress = source.bytesRead
        progress(.checking, source.bytesRead, source.fileSize)
      }
      let line = source.line
      let problem: (DataFileError, RejectionReason)? = source.withFields { base, fields in
        if fields.count != header.count {
          return (
            DataFileError(
              file: path, line: line, message: "expected \(header.count) fields as in the header, found \(fields.count)"
            ),
            RejectionReason.wrongFieldCount
          )
        }
        let id = ValueParser.trimmed(fields[idIndex].bytes(in: base))
        if id.isEmpty {
          return (
            DataFileError(
              file: path, line: line, column: idIndex + 1, columnName: idColumn, message: "the customer id is empty"),
            RejectionReason.missingCustomerID
          )
        }
        for index in columnIndices {
          guard let type = declared[index], type != .text else { continue }
          let bytes = fields[index].bytes(in: base)
          if CellValue.parse(bytes, as: type) != nil { continue }
          if mayWiden[index] && ValueParser.parseDecimal(bytes) != nil {
            widened[index] = true
            continue
          }
          let shown = personal[index] ? "a value (hidden: personal data)" : "'\(Self.excerpt(bytes))'"
          return (
            DataFileError(
              file: path, line: line, column: index + 1, columnName: header[index],
              message: "expected \(type.expectation), found \(shown)"),
            RejectionReason.wrongType
          )
        }
        let (slot, inserted) = fileIDs.insert(id)
        if !inserted {
          return (
            DataFileError(
              file: path, line: line, column: idIndex + 1, columnName: idColumn,
              message: "duplicate customer id: the same id is on line \(firstLines[slot])"),
            RejectionReason.duplicateCustomerID
          )
        }
        firstLines.append(line)
        for index in columnIndices where declared[index] == nil {
          inference[index].observe(fields[index].bytes(in: base))
        }
        for index in shapeColumns { shapes[index].observe(fields[index].bytes(in: base)) }
        return nil
      }
      if let (error, kind) = problem {
        try refuse(error, kind: kind, text: source.recordText)
      }
    }
    progress(.checking, source.fileSize, source.fileSize)
    if ordinal == 0 {
      throw DataFileError(file: path, message: "the file has a header but no customer rows")
    }

    let columns = columnIndices.map { index -> PlannedColumn in
      let name = header[index]
      let existing = existingByName[name]
      var type = declared[index] ?? inference[index].inferredType
      if widened[index] { type = .decimal }
      // A column named like a personal-data column holds personal data when its values are digits
      // or text (not, say, the yes/no of `email_opt_out`); so does any column whose values mostly
      // look like mobile numbers, e-mail addresses or identity numbers. Personal columns stay text.
      var isPersonal = personal[index]
      if options.schema.columns[name]?.personal == nil && existing == nil {
        isPersonal = CustomerColumn.inferredPersonal(name: name, type: type, shape: shapes[index].shape)
      }
      if declared[index] == nil && isPersonal { type = .text }
      let source =
        options.schema.columns[name]?.type != nil ? "schema" : existing != nil ? "workspace" : "inferred"
      return PlannedColumn(
        fileIndex: index, name: name, type: type, typeSource: source, personal: isPersonal, existing: existing)
    }
    return CustomerFileCheck(
      path: path, header: header, idIndex: idIndex, columns: columns, recordCount: ordinal,
      fileSize: source.fileSize, rejectedRecords: rejectedRecords, rejectedByReason: rejectedByReason,
      idShape: shapes[idIndex].shape)
  }

  private func writeCustomers(
    _ check: CustomerFileCheck, open: () throws(DataFileError) -> any RecordSource,
    progress: (ImportPhase, Int, Int) -> Void
  ) throws -> CustomerImportSummary {
    let source = try open()
    guard source.header == check.header, source.fileSize == check.fileSize else {
      throw DataFileError(
        file: check.path, message: "the file changed while it was being imported; nothing was imported")
    }
    var inserted = 0
    var updated = 0
    let now = Timestamp.now()
    try database.inTransaction(.immediate) { db in
      // The catalogue is read again inside the write transaction: another import may have added one
      // of this file's new columns since the checking pass, and is then joined rather than clashed with.
      let catalogue = try Self.customerColumns(db)
      var nextPosition = (catalogue.map(\.position).max() ?? 0) + 1
      var storages: [String] = []
      for column in check.columns {
        if let existing = column.existing ?? catalogue.first(where: { $0.name == column.name }) {
          if existing.type != column.type {
            guard existing.type.isNumeric && column.type.isNumeric else {
              throw SegmentaError(
                .conflict,
                "column '\(column.name)' was added as \(existing.type) by another import while this one ran; "
                  + "nothing was imported, import the file again")
            }
            if column.type == .decimal {
              try db.execute(
                sql: "UPDATE customer_column SET type = ? WHERE position = ?",
                arguments: [column.type.rawValue, existing.position])
            }
          }
          storages.append(existing.storage)
        } else {
          let storage = "c\(nextPosition)"
          try db.execute(sql: "ALTER TABLE customer ADD COLUMN \(storage) \(Self.sqlType(column.type))")
          try db.execute(
            sql:
              "INSERT INTO customer_column(position, name, storage, type, personal, added_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [nextPosition, column.name, storage, column.type.rawValue, column.personal, now])
          storages.append(storage)
          nextPosition += 1
        }
      }
      // One upsert: a customer that another import added meanwhile is updated rather than refused.
      let upsert = try db.makeStatement(
        sql:
          "INSERT INTO customer(id\(storages.map { ", " + $0 }.joined())) VALUES (?\(String(repeating: ", ?", count: storages.count)))"
          + " ON CONFLICT(id) DO UPDATE SET "
          + (storages.isEmpty ? "id = excluded.id" : storages.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")))
      let connection = db.sqliteConnection
      let statement = upsert.sqliteStatement
      let fileIndices = check.columns.map(\.fileIndex)
      let types = check.columns.map(\.type)
      let columnCount = check.columns.count
      let headerCount = check.header.count
      let idIndex = check.idIndex
      var ordinal = 0
      var lastProgress = 0
      reading: while true {
        switch try source.step() {
        case .end:
          break reading
        case .malformed:
          ordinal += 1
          guard check.rejectedRecords.contains(ordinal) else { throw Self.fileChanged(check.path) }
          continue reading
        case .record:
          ordinal += 1
          if check.rejectedRecords.contains(ordinal) { continue reading }
        }
        if source.bytesRead - lastProgress > 1 << 22 {
          lastProgress = source.bytesRead
          progress(.writing, source.bytesRead, source.fileSize)
        }
        try source.withFields { base, fields in
          guard fields.count == headerCount else { throw Self.fileChanged(check.path) }
          let id = ValueParser.trimmed(fields[idIndex].bytes(in: base))
          sqlite3_reset(statement)
          Self.bindText(statement, 1, id)
          let firstValue: Int32 = 2
          for offset in 0..<columnCount {
            let bytes = fields[fileIndices[offset]].bytes(in: base)
            guard
              CellValueBytes.bind(bytes, as: types[offset], statement: statement, parameter: firstValue + Int32(offset))
            else { throw Self.fileChanged(check.path) }
          }
          // An insert sets the last inserted row id (customer keys start at 1); an update of a
          // known customer leaves the 0 set here.
          sqlite3_set_last_insert_rowid(connection, 0)
          let code = sqlite3_step(statement)
          guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw SegmentaError(
              .database, "workspace database error: \(String(cString: sqlite3_errmsg(connection)))", sqliteCode: code)
          }
          if sqlite3_last_insert_rowid(connection) != 0 { inserted += 1 } else { updated += 1 }
        }
      }
      guard ordinal == check.recordCount else { throw Self.fileChanged(check.path) }
      try db.execute(
        sql: """
          INSERT INTO import_run(kind, file, finished_at, rows_read, inserted, updated, rejected, columns_added)
          VALUES ('customers', ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          check.path, Timestamp.now(), check.recordCount, inserted, updated, check.rejectedRecords.count,
          check.columns.filter { $0.existing == nil }.map(\.name).joined(separator: ","),
        ])
      return .commit
    }
    progress(.writing, check.fileSize, check.fileSize)
    _ = try? database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    return CustomerImportSummary(
      file: check.path, rowsRead: check.recordCount, inserted: inserted, updated: updated,
      rejected: check.rejectedRecords.count, rejectedByReason: check.rejectedByReason,
      columns: check.columns.map {
        .init(name: $0.name, type: $0.type, typeSource: $0.typeSource, added: $0.existing == nil, personal: $0.personal)
      },
      customersInWorkspace: try customerCount(),
      notes: check.idShape.map { shape in
        [
          "the customer ids look like \(shape.words) (personal data), and every export and list shows them; "
            + "consider pseudonymous ids"
        ]
      } ?? [])
  }

  static func fileChanged(_ path: String) -> DataFileError {
    DataFileError(file: path, message: "the file changed while it was being imported; nothing was imported")
  }

  static func sqlType(_ type: ColumnType) -> String {
    switch type {
    case .integer, .boolean: return "INTEGER"
    case .decimal: return "REAL"
    case .date, .timestamp, .text: return "TEXT"
    }
  }

  static func bindText(_ statement: OpaquePointer, _ parameter: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
    bytes.withMemoryRebound(to: CChar.self) { chars in
      // SQLITE_STATIC: the bytes stay valid until the statement has been stepped.
      if let base = chars.baseAddress {
        _ = sqlite3_bind_text(statement, parameter, base, Int32(chars.count), nil)
      } else {
        _ = sqlite3_bind_text(statement, parameter, "", 0, nil)
      }
    }
  }

  static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.count > 40 ? String(text.prefix(40)) + "…" : text
  }
}
