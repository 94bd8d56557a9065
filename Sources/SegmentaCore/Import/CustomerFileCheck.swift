/// A customer file checked from end to end and ready to store: the accepted rows' ids and values,
/// each column's type and personal-data flag, and the counts of the rows left out.
public struct CheckedCustomerFile: Sendable {
  /// A column of the file other than the id, as it will be stored.
  public struct Column: Sendable {
    /// The header name.
    public var name: String
    /// The type its values have.
    public var type: ColumnType
    /// How the type was decided: `schema`, `workspace` or `inferred`.
    public var typeSource: String
    /// Whether it holds personal data.
    public var personal: Bool
    /// The workspace's column of that name when the import began.
    public var existing: CustomerColumn?
  }

  /// The file.
  public var path: String
  /// The columns, in header order.
  public var columns: [Column]
  /// The accepted rows' ids, one piece per part of the file, in file order.
  public var ids: [TypedColumn]
  /// Per column: the accepted rows' values, one piece per part of the file, in file order, kept as
  /// the column's type (``ColumnType/storage``).
  public var values: [[TypedColumn]]
  /// Records read, rejected ones included.
  public var rowsRead: Int
  /// Records left out.
  public var rejected: Int
  /// Records left out, by reason.
  public var rejectedByReason: [RejectionReason: Int]
  /// The personal-data shape most ids have, if any.
  public var idShape: PersonalDataShape?

  /// Number of accepted rows.
  public var rowCount: Int { ids.reduce(0) { $0 + $1.count } }
}

/// Checks a customer file read in parts and puts the parts together.
///
/// The first records are read once to guess each inferred column's type; then every part is checked
/// with those guesses (on all cores when the reader can). Putting the parts together in file order
/// finds repeated ids and the first problem (with `.fail`), settles every inferred type from all
/// values — the same rule as reading the file in one pass — and converts each part's values to it;
/// the rare part whose guess could not be converted (a column that turned out to be text, say) is
/// read again with the settled types. Rows with a repeated id are left out with the line of the
/// first occurrence, and their part is read again without them so that they count for nothing.
public enum CustomerFileCheck {
  /// Records read to guess the types of inferred columns.
  public static let sampleRecords = 2_000

  /// Checks the file `units` reads under `plan`, guessing types from the first `sampleRecords`
  /// records (and taking the personal-data sample from at most `maximumSample` first records);
  /// `reject` receives each rejected row in file order (with `.skip`) and `progress` the bytes read
  /// and the file size.
  public static func run(
    _ units: any CustomerRecordUnits, plan: CustomerImportPlan, sampleRecords: Int = sampleRecords,
    maximumSample: Int = maximumSampleRecords, reject: (RejectedRecord) throws -> Void,
    progress: (Int, Int) -> Void
  ) throws -> CheckedCustomerFile {
    let declared = plan.columns.map(\.declared)
    let (sample, sampleIsWhole) = try firstRecords(
      units, plan: plan, minimum: sampleRecords, maximum: max(sampleRecords, maximumSample))
    let guesses = plan.columns.indices.map { index in
      declared[index]
        ?? plan.resolved(
          index, inference: sample.inference[index], shape: PersonalDataDetector([sample.shapes[index]]).shape,
          widened: false
        ).type
    }
    // When the first records hold the whole personal-data sample, the parts need not take one.
    var setup = CustomerParseSetup(plan: plan, types: guesses, guessing: true)
    setup.samplesShapes = !sampleIsWhole
    let parse = try units.parse(setup, progress: progress)
    var batches = parse.batches
    let offsets = parse.lineOffsets

    // Repeated ids, and with `.fail` the first problem in file order.
    let rows = PieceStarts(counts: batches.map(\.rowCount))
    var repeats = RepeatedIDs.find(in: batches.map(\.ids))[...]
    var repeated: [Int: [Int: DataFileError]] = [:]
    var records = 0
    for (unit, batch) in batches.enumerated() {
      records += batch.records
      while let (row, first) = repeats.first, row < rows.starts[unit + 1] {
        repeats.removeFirst()
        let local = row - rows.starts[unit]
        let ordinal = Int(batch.ordinals[local])
        if plan.onError == .fail, let rejection = batch.rejections.first(where: { $0.ordinal < ordinal }) {
          throw located(rejection.error, offsets[unit])
        }
        let firstUnit = rows.piece(of: first)
        let firstLine = offsets[firstUnit] + Int(batches[firstUnit].lines[first - rows.starts[firstUnit]])
        let error = DataFileError(
          file: plan.path, line: Int(batch.lines[local]), column: plan.idIndex + 1, columnName: plan.idColumn,
          message: "duplicate customer id: the same id is on line \(firstLine)")
        if plan.onError == .fail { throw located(error, offsets[unit]) }
        repeated[unit, default: [:]][ordinal] = error
      }
      if plan.onError == .fail, let first = batch.rejections.first {
        throw located(first.error, offsets[unit])
      }
    }
    if let stop = parse.stop { throw stop }
    if records == 0 { throw DataFileError(file: plan.path, message: "the file has a header but no customer rows") }
    for (unit, errors) in repeated {
      batches[unit] = try units.reparse(unit: unit, setup, repeated: errors)
    }

    var rejectedByReason: [RejectionReason: Int] = [:]
    var rejected = 0
    for (unit, batch) in batches.enumerated() {
      for rejection in batch.rejections {
        rejected += 1
        rejectedByReason[rejection.reason, default: 0] += 1
        let error = located(rejection.error, offsets[unit])
        try reject(
          RejectedRecord(
            line: error.line ?? 0, column: error.column, columnName: error.columnName, reason: error.message,
            text: rejection.text))
      }
    }

    // The types, from every value, and each part's values as them.
    var columns: [CheckedCustomerFile.Column] = []
    for (index, column) in plan.columns.enumerated() {
      var inference = TypeInference()
      for batch in batches { inference.merge(batch.inference[index]) }
      let shapes = sampleIsWhole ? [sample.shapes[index]] : batches.map { $0.shapes[index] }
      let (type, personal) = plan.resolved(
        index, inference: inference, shape: PersonalDataDetector(shapes).shape,
        widened: batches.contains { $0.widened[index] })
      columns.append(
        CheckedCustomerFile.Column(
          name: column.name, type: type,
          typeSource: column.declaredBySchema ? "schema" : column.existing != nil ? "workspace" : "inferred",
          personal: personal, existing: column.existing))
    }
    let types = columns.map(\.type)
    for unit in batches.indices {
      if !convert(&batches[unit], to: types) {
        let settled = CustomerParseSetup(
          plan: plan, types: plan.columns.indices.map { declared[$0] ?? types[$0] }, guessing: false)
        batches[unit] = try units.reparse(unit: unit, settled, repeated: repeated[unit] ?? [:])
        guard convert(&batches[unit], to: types) else { throw DataFileError.fileChanged(plan.path) }
      }
    }
    try units.checkUnchanged()
    return CheckedCustomerFile(
      path: plan.path, columns: columns, ids: batches.map(\.ids),
      values: plan.columns.indices.map { index in batches.map { $0.columns[index] } }, rowsRead: records,
      rejected: rejected, rejectedByReason: rejectedByReason,
      idShape: PersonalDataDetector(sampleIsWhole ? [sample.idShapes] : batches.map(\.idShapes)).shape)
  }

  /// Records read first, at most: beyond them the parts take the personal-data sample.
  public static let maximumSampleRecords = 50_000

  /// The first records of the file, checked with every inferred column read as text.
  ///
  /// At least `minimum` records are read, then more until the ids and every column whose
  /// personal-data flag its values decide have the values of their sample
  /// (``PersonalDataDetector/sampleSize``), at most `maximum`. Rows whose id repeats an earlier one
  /// are left out, as the whole check does. Returns them and whether they hold the whole sample.
  static func firstRecords(_ units: any CustomerRecordUnits, plan: CustomerImportPlan, minimum: Int, maximum: Int)
    throws -> (batch: CustomerRowBatch, wholeSample: Bool)
  {
    let setup = CustomerParseSetup(plan: plan, types: plan.columns.map { $0.declared ?? .text }, guessing: true)
    var repeated: [Int: DataFileError] = [:]
    while true {
      let (batch, whole) = try units.sample(setup, minimum: minimum, maximum: maximum, repeated: repeated)
      let repeats = RepeatedIDs.find(in: [batch.ids])
      if repeats.isEmpty { return (batch, whole) }
      for (row, _) in repeats {
        repeated[Int(batch.ordinals[row])] = DataFileError(file: plan.path, message: "duplicate customer id")
      }
    }
  }

  /// `error` with its line moved from within a part to the file.
  static func located(_ error: DataFileError, _ offset: Int) -> DataFileError {
    var error = error
    error.line = error.line.map { $0 + offset }
    return error
  }

  /// Converts every column of `batch` to `types`; false when a column cannot be converted without
  /// reading its values again.
  static func convert(_ batch: inout CustomerRowBatch, to types: [ColumnType]) -> Bool {
    for index in types.indices where batch.types[index] != types[index] || batch.unfit[index] {
      guard !batch.unfit[index],
        let values = converted(batch.columns[index], from: batch.types[index], to: types[index])
      else { return false }
      batch.replaceColumn(index, with: values, as: types[index])
    }
    return true
  }

  /// `values` of type `from` as `to`, where no value is lost: whole numbers as decimals, dates or
  /// timestamps (`YYYYMMDD`), dates as timestamps, and text parsed as any type.
  static func converted(_ values: TypedColumn, from: ColumnType, to: ColumnType) -> TypedColumn? {
    switch (from, to) {
    case _ where from == to: return values
    case (.integer, .decimal): return values.asDecimals()
    case (.integer, .date): return values.mapIntegers { compactDate($0).map(Int64.init) }
    case (.integer, .timestamp):
      return values.mapIntegers { compactDate($0).map { Int64($0) * CivilDate.secondsPerDay } }
    case (.date, .timestamp): return values.mapIntegers { $0 * CivilDate.secondsPerDay }
    case (.text, _):
      var result = TypedColumn(to.storage, capacity: values.count)
      for row in 0..<values.count {
        let value = values.withText(row) { ParsedValue.parse($0, as: to) }
        if case .invalid = value { return nil }
        value.append(to: &result)
      }
      return result
    default: return nil
    }
  }

  /// The day number of a whole number written `YYYYMMDD`, if it is a calendar date.
  static func compactDate(_ value: Int64) -> Int? {
    guard value >= 0 && value <= 99_999_999 else { return nil }
    let (year, month, day) = (Int(value / 10_000), Int(value / 100 % 100), Int(value % 100))
    guard CivilDate.isValid(year: year, month: month, day: day) else { return nil }
    return CivilDate.days(year: year, month: month, day: day)
  }
}
