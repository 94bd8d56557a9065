import Dispatch
import GRDB
import GRDBSQLite
import SegmentaCore

extension Workspace {
  /// Imports (upserts) customers from a file read in parts (on all cores, for a CSV file).
  ///
  /// Every row is checked first — field count, customer id present and unique in the file, values
  /// of typed columns — and the types of new columns are inferred from all their values
  /// (``CustomerFileCheck``); nothing is written until then. The good rows are then written in one
  /// transaction: new customers get the next keys in file order, existing ones get the file's
  /// columns updated (an empty field sets the value to missing), and new columns join the catalogue.
  /// With `onError: .fail` the first bad row stops the import before anything is written; with
  /// `.skip` each bad row is passed to `reject` and left out.
  ///
  /// - Parameters:
  ///   - units: the file, read in parts.
  ///   - sampleRecords: the records read first to guess the types of new columns.
  ///   - reject: receives each rejected row (in `.skip` mode), in file order.
  ///   - progress: receives the phase, the amount done and the amount in all (bytes of the file while
  ///     checking, columns while writing).
  package func importCustomers(
    units: any CustomerRecordUnits, options: CustomerImportOptions,
    sampleRecords: Int = CustomerFileCheck.sampleRecords, reject: (RejectedRecord) throws -> Void = { _ in },
    progress: (ImportPhase, Int, Int) -> Void = { _, _, _ in }
  ) throws(SegmentaError) -> CustomerImportSummary {
    try Self.converting {
      let plan = try CustomerImportPlan(
        path: units.path, header: units.header, catalogue: try customerColumns(), options: options)
      let file = try CustomerFileCheck.run(units, plan: plan, sampleRecords: sampleRecords, reject: reject) {
        progress(.checking, $0, $1)
      }
      return try writeCustomers(file, progress: progress)
    }
  }

  /// KiB of database pages kept in memory while an import writes.
  static let importCacheKiB = 16_384

  /// Imports customers from the records `open` gives (afresh on each call), read one after the other.
  package func importCustomers(
    open: @escaping () throws(DataFileError) -> any RecordSource, options: CustomerImportOptions,
    reject: (RejectedRecord) throws -> Void = { _ in }, progress: (ImportPhase, Int, Int) -> Void = { _, _, _ in }
  ) throws(SegmentaError) -> CustomerImportSummary {
    let units = try SegmentaError.catching { try RecordSourceUnits(open: open) }
    return try importCustomers(units: units, options: options, reject: reject, progress: progress)
  }

  private func writeCustomers(_ file: CheckedCustomerFile, progress: (ImportPhase, Int, Int) -> Void) throws
    -> CustomerImportSummary
  {
    var inserted = 0
    var updated = 0
    let now = Timestamp.now()
    try database.inTransaction(.immediate) { db in
      // A small page cache makes SQLite write the log while chunks are still being encoded, rather
      // than all of it at the commit.
      try db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKiB)")
      defer { try? db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)") }
      let targets = try Self.catalogueColumns(for: file, db, now: now)
      // Keys: the file's known customers keep theirs, new ones get the next keys in file order.
      let known = try Self.customerIndex(db)
      var nextKey = (known.keys.last ?? 0) + 1
      var keys = [Int64](repeating: 0, count: file.rowCount)
      var newIDs = TypedColumn(.text)
      var newRows: [Int] = []
      var row = 0
      for piece in file.ids {
        for local in 0..<piece.count {
          if known.keys.count > 0, let index = piece.withText(local, { known.ids.index(of: $0) }) {
            keys[row] = known.keys[index]
            updated += 1
          } else {
            keys[row] = nextKey
            nextKey += 1
            newRows.append(row)
            if known.keys.count > 0 { piece.withText(local) { newIDs.append(text: $0) } }
          }
          row += 1
        }
      }
      inserted = newRows.count
      // Into a workspace without customers every row is new: the ids are the file's, as read.
      let idPieces = known.keys.isEmpty ? file.ids : [newIDs]
      var jobs = [
        (
          position: 0, type: ColumnType.text, pieces: idPieces,
          placement: ChunkPlacement(keys: newRows.map { keys[$0] })
        )
      ]
      let placement = ChunkPlacement(keys: keys)
      for (index, target) in targets.enumerated() {
        let pieces = file.values[index].map { $0.storage == target.type.storage ? $0 : $0.asDecimals() }
        jobs.append((target.position, target.type, pieces, placement))
      }
      // Each column is encoded on all cores while the one before it is stored.
      var previous: (position: Int, placement: ChunkPlacement, chunks: PendingChunks)?
      for (index, job) in jobs.enumerated() {
        progress(.writing, index, jobs.count)
        let kept = try Self.keptChunks(db, position: job.position, type: job.type, placement: job.placement)
        let chunks = PendingChunks {
          Self.encodeChunks(type: job.type, pieces: job.pieces, placement: job.placement, kept: kept)
        }
        if let previous {
          try Self.storeChunks(db, position: previous.position, placement: previous.placement, previous.chunks.wait())
        }
        previous = (job.position, job.placement, chunks)
      }
      if let previous {
        try Self.storeChunks(db, position: previous.position, placement: previous.placement, previous.chunks.wait())
      }
      try db.execute(
        sql: """
          INSERT INTO import_run(kind, file, finished_at, rows_read, inserted, updated, rejected, columns_added)
          VALUES ('customers', ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          file.path, Timestamp.now(), file.rowsRead, inserted, updated, file.rejected,
          file.columns.filter { $0.existing == nil }.map(\.name).joined(separator: ","),
        ])
      return .commit
    }
    progress(.writing, file.columns.count + 1, file.columns.count + 1)
    _ = try? database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    return CustomerImportSummary(
      file: file.path, rowsRead: file.rowsRead, inserted: inserted, updated: updated,
      rejected: file.rejected, rejectedByReason: file.rejectedByReason,
      columns: file.columns.map {
        .init(name: $0.name, type: $0.type, typeSource: $0.typeSource, added: $0.existing == nil, personal: $0.personal)
      },
      customersInWorkspace: try customerCount(),
      notes: file.idShape.map { shape in
        [
          "the customer ids look like \(shape.words) (personal data), and every export and list shows them; "
            + "consider pseudonymous ids"
        ]
      } ?? [])
  }

  /// The catalogue entry each column of `file` is stored under, adding new columns and widening
  /// whole-number columns that met decimals.
  ///
  /// The catalogue is read again inside the write transaction: another import may have added one of
  /// this file's new columns since the check, and is then joined rather than clashed with.
  static func catalogueColumns(for file: CheckedCustomerFile, _ db: Database, now: String) throws -> [CustomerColumn] {
    let catalogue = try customerColumns(db)
    var nextPosition = (catalogue.map(\.position).max() ?? 0) + 1
    var targets: [CustomerColumn] = []
    for column in file.columns {
      if var existing = column.existing ?? catalogue.first(where: { $0.name == column.name }) {
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
            existing.type = .decimal
          }
        }
        targets.append(existing)
      } else {
        let storage = "c\(nextPosition)"
        try db.execute(
          sql:
            "INSERT INTO customer_column(position, name, storage, type, personal, added_at) VALUES (?, ?, ?, ?, ?, ?)",
          arguments: [nextPosition, column.name, storage, column.type.rawValue, column.personal, now])
        targets.append(
          CustomerColumn(
            position: nextPosition, name: column.name, storage: storage, type: column.type, personal: column.personal))
        nextPosition += 1
      }
    }
    return targets
  }

  /// Where rows go in the chunks: for each chunk, its rows (in row order) and the chunk row of each.
  struct ChunkPlacement {
    /// A chunk's share of the rows.
    struct Group: Sendable {
      /// The chunk.
      var chunk: Int
      /// Rows `rows.lowerBound…` go to chunk rows `firstOffset…` one after the other, or, when
      /// `scattered` is set, row `scattered[i].row` goes to chunk row `scattered[i].offset`.
      var rows: Range<Int>
      var firstOffset: Int
      var scattered: [(row: Int, offset: Int)]?
      /// The chunk rows the group reaches: up to the highest offset + 1.
      var end: Int
    }

    var groups: [Group] = []

    init(keys: [Int64]) {
      guard !keys.isEmpty else { return }
      let ascending = zip(keys, keys.dropFirst()).allSatisfy { $0 + 1 == $1 }
      if ascending {
        // New customers, or an update in key order: each chunk takes a run of rows.
        var row = 0
        while row < keys.count {
          let index = Int(keys[row] - 1)
          let chunk = index / ColumnChunk.rows
          let offset = index % ColumnChunk.rows
          let count = min(ColumnChunk.rows - offset, keys.count - row)
          groups.append(Group(chunk: chunk, rows: row..<(row + count), firstOffset: offset, end: offset + count))
          row += count
        }
        return
      }
      var byChunk: [Int: [(row: Int, offset: Int)]] = [:]
      for (row, key) in keys.enumerated() {
        let index = Int(key - 1)
        byChunk[index / ColumnChunk.rows, default: []].append((row, index % ColumnChunk.rows))
      }
      groups = byChunk.keys.sorted().map { chunk in
        let rows = byChunk[chunk] ?? []
        return Group(
          chunk: chunk, rows: 0..<0, firstOffset: 0, scattered: rows, end: (rows.map(\.offset).max() ?? -1) + 1)
      }
    }
  }

  /// The stored chunks of the column at catalogue `position` that the rows `placement` places share
  /// with other customers, decoded: their values must be kept. (Rows that replace every stored row of
  /// a chunk need none.)
  static func keptChunks(_ db: Database, position: Int, type: ColumnType, placement: ChunkPlacement) throws
    -> [Int: TypedColumn]
  {
    guard !placement.groups.isEmpty else { return [:] }
    let storedRows = Dictionary(
      uniqueKeysWithValues: try Row.fetchAll(
        db, sql: "SELECT chunk, row_count FROM customer_chunk WHERE column_position = ?", arguments: [position]
      ).map { (row: Row) -> (Int, Int) in (row[0], row[1]) })
    let kept = placement.groups.filter { group in
      guard let rows = storedRows[group.chunk] else { return false }
      return group.scattered != nil || group.firstOffset > 0 || group.rows.count < rows
    }.map(\.chunk)
    var decoded: [Int: TypedColumn] = [:]
    if !kept.isEmpty {
      let wanted = Set(kept)
      try forEachChunk(db, position: position, chunks: kept.count <= 64 ? kept : nil) { chunk, bytes in
        guard wanted.contains(chunk) else { return }
        decoded[chunk] = try ColumnChunk.decode(bytes, type: type, count: try ColumnChunk.Header(bytes).count)
      }
    }
    return decoded
  }

  /// An encoded chunk: its rows, how many hold a value, and its bytes.
  typealias EncodedChunk = (rows: Int, values: Int, data: [UInt8])

  /// The chunks of one column holding the rows `placement` places (`pieces` hold their values in row
  /// order) merged into the `kept` stored chunks, encoded on all cores.
  static func encodeChunks(
    type: ColumnType, pieces: [TypedColumn], placement: ChunkPlacement, kept stored: [Int: TypedColumn]
  ) -> [EncodedChunk] {
    let starts = PieceStarts(counts: pieces.map(\.count))
    return ParallelBlocks.map(count: placement.groups.count) { index -> EncodedChunk in
      let group = placement.groups[index]
      var chunk = stored[group.chunk] ?? TypedColumn(type.storage)
      if group.scattered == nil && chunk.count == 0 && group.firstOffset == 0 {
        // A fresh chunk whose rows lie in one piece is encoded from the piece.
        let piece = starts.piece(of: group.rows.lowerBound)
        if group.rows.upperBound <= starts.starts[piece + 1] {
          let rows = (group.rows.lowerBound - starts.starts[piece])..<(group.rows.upperBound - starts.starts[piece])
          let values = pieces[piece].presentCount(in: rows)
          return (rows.count, values, ColumnChunk.encode(pieces[piece], rows))
        }
      }
      if group.scattered == nil && chunk.count <= group.firstOffset {
        // A run of rows after every stored row: appended.
        chunk.padMissing(to: group.firstOffset)
        var row = group.rows.lowerBound
        while row < group.rows.upperBound {
          let piece = starts.piece(of: row)
          let upper = min(group.rows.upperBound, starts.starts[piece + 1])
          chunk.append(contentsOf: pieces[piece], (row - starts.starts[piece])..<(upper - starts.starts[piece]))
          row = upper
        }
      } else {
        chunk.padMissing(to: group.end)
        let rows = group.scattered ?? group.rows.map { ($0, group.firstOffset + $0 - group.rows.lowerBound) }
        for (row, offset) in rows {
          let piece = starts.piece(of: row)
          chunk.set(offset, from: pieces[piece], at: row - starts.starts[piece])
        }
      }
      return (chunk.count, chunk.presentCount, ColumnChunk.encode(chunk, 0..<chunk.count))
    }
  }

  /// Stores the `encoded` chunks of the column at catalogue `position`.
  static func storeChunks(_ db: Database, position: Int, placement: ChunkPlacement, _ encoded: [EncodedChunk]) throws {
    for (group, chunk) in zip(placement.groups, encoded) {
      try storeChunk(
        db, position: position, chunk: group.chunk, rows: chunk.rows, values: chunk.values, data: chunk.data)
    }
  }

  /// Stores the encoded chunk `chunk` of the column at catalogue `position`, replacing any stored one.
  static func storeChunk(_ db: Database, position: Int, chunk: Int, rows: Int, values: Int, data: [UInt8]) throws {
    let statement = try db.cachedStatement(
      sql:
        "INSERT OR REPLACE INTO customer_chunk(column_position, chunk, row_count, value_count, data) VALUES (?, ?, ?, ?, ?)"
    ).sqliteStatement
    defer { sqlite3_reset(statement) }
    sqlite3_reset(statement)
    sqlite3_bind_int64(statement, 1, Int64(position))
    sqlite3_bind_int64(statement, 2, Int64(chunk))
    sqlite3_bind_int64(statement, 3, Int64(rows))
    sqlite3_bind_int64(statement, 4, Int64(values))
    let code = data.withUnsafeBytes { bytes in
      // SQLITE_STATIC: the bytes outlive the step.
      sqlite3_bind_blob(statement, 5, bytes.baseAddress, Int32(bytes.count), nil)
      return sqlite3_step(statement)
    }
    guard code == SQLITE_DONE else { throw stepFailure(db, code) }
  }

  /// Chunks being encoded on other threads, waited for by the thread that stores them.
  final class PendingChunks: @unchecked Sendable {
    private var chunks: [EncodedChunk] = []
    private let done = DispatchSemaphore(value: 0)

    /// Starts `encode` on another thread.
    init(_ encode: @escaping @Sendable () -> [EncodedChunk]) {
      DispatchQueue.global().async {
        self.chunks = encode()
        self.done.signal()
      }
    }

    /// The chunks, once encoded.
    func wait() -> [EncodedChunk] {
      done.wait()
      return chunks
    }
  }

}
