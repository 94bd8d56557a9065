/// How the records of a customer file are checked and kept.
public struct CustomerParseSetup: Sendable {
  /// The import's plan.
  public var plan: CustomerImportPlan
  /// Per column of the plan: the type its values are parsed as — the declared type, else a guess
  /// (``guessing``) or the type inferred from the whole file.
  public var types: [ColumnType]
  /// Whether the types of inferred columns are guesses: values are then also observed for type
  /// inference and personal-data shapes, and a value that does not fit marks the column unfit
  /// rather than failing.
  public var guessing: Bool
  /// Whether the personal-data shapes of the values are sampled while guessing (not when the first
  /// records of the file already hold the sample).
  public var samplesShapes = true

  /// A setup with the given types for the plan's columns.
  public init(plan: CustomerImportPlan, types: [ColumnType], guessing: Bool) {
    precondition(types.count == plan.columns.count)
    self.plan = plan
    self.types = types
    self.guessing = guessing
  }
}

/// Checks the records of one part of a customer file, one at a time, into a ``CustomerRowBatch``.
///
/// Each record is checked as the import always has, in this order: the field count, a non-empty
/// customer id, then the values of columns whose type is declared (by a schema or the workspace;
/// whole numbers in an integer column the workspace holds may widen it to decimals). A record that
/// fails is rejected with its line and column. Ids repeated across the file are found when the parts
/// are put together, which is also when the types of inferred columns are settled.
///
/// Values are appended through pointers the builder owns, so that the loop over millions of fields
/// makes no copy-on-write or exclusivity checks.
public struct CustomerBatchBuilder {
  private let setup: CustomerParseSetup
  private let repeated: [Int: DataFileError]
  private let shapeColumns: [Int]
  private let fieldCount: Int
  private let idIndex: Int
  private let guessing: Bool
  private let samplesShapes: Bool
  private let state: State

  /// The builder's storage, freed with it.
  private final class State {
    let columns: UnsafeMutablePointer<ColumnAppender>
    let ids = UnsafeMutablePointer<ColumnAppender>.allocate(capacity: 1)
    let lines = UnsafeMutablePointer<GrowableBuffer<Int32>>.allocate(capacity: 2)
    let types: UnsafeMutablePointer<ColumnType>
    let unfit: UnsafeMutablePointer<Bool>
    let widened: UnsafeMutablePointer<Bool>
    let inference: UnsafeMutablePointer<TypeInference>
    let shapes: UnsafeMutablePointer<ShapeSample>
    let scratch: UnsafeMutablePointer<ParsedValue>
    /// Per column: the field it is read from, and its declared type (nil: inferred).
    let fileIndices: UnsafeMutablePointer<Int>
    let declared: UnsafeMutablePointer<ColumnType?>
    /// Records read, and whether a row was rejected in `.fail` mode.
    let counters = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    var rejections: [CustomerRowBatch.Rejection] = []
    let count: Int

    init(types: [ColumnType], plan: CustomerImportPlan) {
      count = types.count
      fileIndices = .allocate(capacity: max(1, count))
      fileIndices.initialize(from: plan.columns.map(\.fileIndex), count: count)
      declared = .allocate(capacity: max(1, count))
      declared.initialize(from: plan.columns.map(\.declared), count: count)
      columns = .allocate(capacity: max(1, count))
      self.types = .allocate(capacity: max(1, count))
      unfit = .allocate(capacity: max(1, count))
      widened = .allocate(capacity: max(1, count))
      inference = .allocate(capacity: count + 1)
      shapes = .allocate(capacity: count + 1)
      scratch = .allocate(capacity: max(1, count))
      for (index, type) in types.enumerated() { (columns + index).initialize(to: ColumnAppender(type.storage)) }
      self.types.initialize(from: types, count: count)
      unfit.initialize(repeating: false, count: count)
      widened.initialize(repeating: false, count: count)
      inference.initialize(repeating: TypeInference(), count: count)
      shapes.initialize(repeating: ShapeSample(), count: count + 1)
      scratch.initialize(repeating: .missing, count: count)
      ids.initialize(to: ColumnAppender(.text))
      // Each buffer allocates its own storage.
      lines.initialize(to: GrowableBuffer<Int32>())
      (lines + 1).initialize(to: GrowableBuffer<Int32>())
      counters.initialize(repeating: 0, count: 2)
    }

    deinit {
      for index in 0..<count { columns[index].deallocate() }
      ids.pointee.deallocate()
      lines[0].deallocate()
      lines[1].deallocate()
      columns.deinitialize(count: count).deallocate()
      ids.deinitialize(count: 1).deallocate()
      lines.deinitialize(count: 2).deallocate()
      types.deinitialize(count: count).deallocate()
      unfit.deallocate()
      widened.deallocate()
      inference.deinitialize(count: count).deallocate()
      shapes.deinitialize(count: count + 1).deallocate()
      scratch.deinitialize(count: count).deallocate()
      fileIndices.deallocate()
      declared.deinitialize(count: count).deallocate()
      counters.deallocate()
    }
  }

  /// A builder for a part whose records with the indices of `repeated` are rejected with its errors:
  /// their ids came earlier in the file, as putting the parts together found.
  public init(setup: CustomerParseSetup, repeated: [Int: DataFileError] = [:]) {
    samplesShapes = setup.samplesShapes
    self.setup = setup
    self.repeated = repeated
    shapeColumns = setup.plan.columns.indices.filter { setup.plan.columns[$0].observesShape }
    fieldCount = setup.plan.header.count
    idIndex = setup.plan.idIndex
    guessing = setup.guessing
    state = State(types: setup.types, plan: setup.plan)
  }

  /// Records read so far.
  public var records: Int { state.counters[0] }

  /// Whether a row was rejected in `.fail` mode: the import stops there, so the part need not go on.
  public var stopped: Bool { state.counters[1] != 0 }

  /// The batch so far.
  public var result: CustomerRowBatch {
    var batch = CustomerRowBatch(types: Array(UnsafeBufferPointer(start: state.types, count: state.count)))
    batch.records = records
    batch.rejections = state.rejections
    batch.ids = state.ids.pointee.column
    batch.lines = state.lines[0].array
    batch.ordinals = state.lines[1].array
    for index in 0..<state.count {
      batch.columns[index] = state.columns[index].column
      batch.unfit[index] = state.unfit[index]
      batch.widened[index] = state.widened[index]
      batch.inference[index] = state.inference[index]
      batch.shapes[index] = state.shapes[index]
    }
    batch.idShapes = state.shapes[state.count]
    return batch
  }

  /// Whether the ids and every column whose personal-data flag its values decide have a full sample
  /// of shapes.
  public var hasShapeSample: Bool {
    state.shapes[state.count].codes.count >= PersonalDataDetector.sampleSize
      && shapeColumns.allSatisfy { state.shapes[$0].codes.count >= PersonalDataDetector.sampleSize }
  }

  /// Reads `source`'s records from its start: at least `minimum`, then until ``hasShapeSample``, at
  /// most `maximum`; true when the sample is full or the input ended.
  public mutating func readSample(_ source: some RecordSource, minimum: Int, maximum: Int) throws(DataFileError)
    -> Bool
  {
    while records < maximum {
      if records >= minimum && records % 256 == 0 && hasShapeSample { return true }
      guard try read(source) else { return true }
    }
    return hasShapeSample
  }

  /// Reads the next record of `source` into the batch; false at the end.
  public mutating func read(_ source: some RecordSource) throws(DataFileError) -> Bool {
    switch try source.step() {
    case .end: return false
    case .malformed(let error): appendMalformed(error, text: source.recordText)
    case .record:
      let line = source.line
      var failure: DataFileError?
      source.withFields { base, fields in
        do throws(DataFileError) {
          try append(base: base, fields: fields, line: line) { source.recordText }
        } catch {
          failure = error
        }
      }
      if let failure { throw failure }
    }
    return true
  }

  /// Counts a malformed record (a CSV, UTF-8 or NUL-byte problem found by the reader) and rejects it.
  public mutating func appendMalformed(_ error: DataFileError, text: String) {
    let ordinal = records
    state.counters[0] += 1
    reject(
      ordinal, error, error.message.hasPrefix("invalid UTF-8") ? .invalidUTF8 : .malformedCSV, text: text)
  }

  /// Checks and keeps one record whose fields lie in `base`; `line` is its line within the part and
  /// `text` gives the record as CSV text for a rejection.
  ///
  /// Throws only when a value does not have the type inferred from the whole file, which means the
  /// file changed while it was read.
  public mutating func append(
    base: UnsafePointer<UInt8>, fields: UnsafeBufferPointer<FieldSpan>, line: Int, text: () -> String
  ) throws(DataFileError) {
    let ordinal = records
    state.counters[0] += 1
    if !repeated.isEmpty, let error = repeated[ordinal] {
      reject(ordinal, error, .duplicateCustomerID, text: text())
      return
    }
    guard fields.count == fieldCount else {
      reject(
        ordinal,
        DataFileError(
          file: setup.plan.path, line: line,
          message: "expected \(fieldCount) fields as in the header, found \(fields.count)"),
        .wrongFieldCount, text: text())
      return
    }
    let id = ValueParser.trimmed(fields[idIndex].bytes(in: base))
    if id.isEmpty {
      reject(
        ordinal,
        DataFileError(
          file: setup.plan.path, line: line, column: idIndex + 1, columnName: setup.plan.idColumn,
          message: "the customer id is empty"),
        .missingCustomerID, text: text())
      return
    }
    let state = state
    let count = state.count
    for index in 0..<count {
      guard let type = state.declared[index], type != .text else { continue }
      let bytes = fields[state.fileIndices[index]].bytes(in: base)
      var value = ParsedValue.parse(bytes, as: state.types[index])
      if case .invalid = value, state.types[index] == .integer, setup.plan.columns[index].mayWiden {
        value = ParsedValue.parse(bytes, as: .decimal)
        if case .decimal = value {
          state.columns[index].convertToDecimals()
          state.types[index] = .decimal
          state.widened[index] = true
        }
      }
      if case .invalid = value {
        rejectValue(ordinal, index, type, bytes, line: line, text: text())
        return
      }
      state.scratch[index] = value
    }

    state.ids.pointee.append(text: id)
    state.lines[0].append(Int32(truncatingIfNeeded: line))
    state.lines[1].append(Int32(truncatingIfNeeded: ordinal))
    for index in 0..<count {
      let bytes = fields[state.fileIndices[index]].bytes(in: base)
      let type = state.types[index]
      if state.declared[index] != nil {
        if type == .text {
          state.columns[index].append(text: bytes)
        } else {
          state.scratch[index].append(to: &state.columns[index])
        }
      } else if guessing {
        keepGuessed(index, bytes, type)
      } else if type == .text {
        state.columns[index].append(text: bytes)
      } else {
        let value = ParsedValue.parse(bytes, as: type)
        if case .invalid = value {
          throw DataFileError.fileChanged(setup.plan.path)
        }
        value.append(to: &state.columns[index])
      }
    }
    if guessing && samplesShapes {
      state.shapes[count].observe(id)
      for index in shapeColumns { state.shapes[index].observe(fields[state.fileIndices[index]].bytes(in: base)) }
    }
  }

  /// Rejects the record for a value of column `index` that is not of its declared `type`.
  private func rejectValue(
    _ ordinal: Int, _ index: Int, _ type: ColumnType, _ bytes: UnsafeBufferPointer<UInt8>, line: Int, text: String
  ) {
    let column = setup.plan.columns[index]
    let shown = column.personal ? "a value (hidden: personal data)" : "'\(Self.excerpt(bytes))'"
    reject(
      ordinal,
      DataFileError(
        file: setup.plan.path, line: line, column: column.fileIndex + 1, columnName: column.name,
        message: "expected \(type.expectation), found \(shown)"),
      .wrongType, text: text)
  }

  /// Takes a value of an inferred column into the type inference and keeps it as the guessed type,
  /// widening the guess where no value is lost (whole numbers to decimals, dates to timestamps) and
  /// marking the column unfit otherwise.
  ///
  /// A value of the guessed type usually cannot change the inference, which then only counts it; the
  /// common types are parsed once, inline.
  @inline(__always)
  private func keepGuessed(_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ type: ColumnType) {
    let column = state.columns + index
    let inference = state.inference + index
    switch type {
    case .text:
      inference.pointee.observe(bytes)
      if !state.unfit[index] { column.pointee.append(text: bytes) }
      return
    case .integer, .decimal:
      let trimmed = ValueParser.trimmed(bytes)
      if ValueParser.isMissing(trimmed) {
        if !state.unfit[index] { column.pointee.appendMissing() }
        return
      }
      if !TypeInference.hasLeadingZero(trimmed) {
        if type == .integer, let value = ValueParser.parseInteger(trimmed) {
          if !inference.pointee.countSettled(.integer) { inference.pointee.observe(bytes) }
          if !state.unfit[index] { column.pointee.append(value) }
          return
        }
        if type == .decimal, let value = ValueParser.parseDecimal(trimmed) {
          if !inference.pointee.countSettled(.decimal) { inference.pointee.observe(bytes) }
          if !state.unfit[index] { column.pointee.append(value) }
          return
        }
      }
    default:
      break
    }
    var value = ParsedValue.parse(bytes, as: type)
    switch value {
    case .missing:
      break
    case .integer, .decimal:
      let leadingZero =
        (type == .integer || type == .decimal) && TypeInference.hasLeadingZero(ValueParser.trimmed(bytes))
      if leadingZero || !inference.pointee.countSettled(type) { inference.pointee.observe(bytes) }
    case .invalid:
      inference.pointee.observe(bytes)
      if type == .integer, case .decimal = ParsedValue.parse(bytes, as: .decimal) {
        column.pointee.convertToDecimals()
        state.types[index] = .decimal
        value = ParsedValue.parse(bytes, as: .decimal)
      } else if type == .date, case .integer = ParsedValue.parse(bytes, as: .timestamp) {
        column.pointee.multiply(by: CivilDate.secondsPerDay)
        state.types[index] = .timestamp
        value = ParsedValue.parse(bytes, as: .timestamp)
      } else {
        state.unfit[index] = true
      }
    }
    if !state.unfit[index] { value.append(to: &column.pointee) }
  }

  private func reject(_ ordinal: Int, _ error: DataFileError, _ reason: RejectionReason, text: String) {
    state.rejections.append(CustomerRowBatch.Rejection(ordinal: ordinal, error: error, reason: reason, text: text))
    if setup.plan.onError == .fail { state.counters[1] = 1 }
  }

  /// At most 40 characters of a value, for a message.
  static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.count > 40 ? String(text.prefix(40)) + "…" : text
  }
}

/// A field parsed as a column type other than text.
enum ParsedValue {
  case missing
  case integer(Int64)
  case decimal(Double)
  case invalid

  /// `bytes` as a value of `type`: booleans as 0 and 1, dates as days, timestamps as seconds.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, as type: ColumnType) -> ParsedValue {
    if ValueParser.isMissing(bytes) { return .missing }
    switch type {
    case .integer: return ValueParser.parseInteger(bytes).map { .integer($0) } ?? .invalid
    case .decimal: return ValueParser.parseDecimal(bytes).map { .decimal($0) } ?? .invalid
    case .boolean: return ValueParser.parseBoolean(bytes).map { .integer($0 ? 1 : 0) } ?? .invalid
    case .date: return ValueParser.parseDate(bytes).map { .integer(Int64($0)) } ?? .invalid
    case .timestamp: return ValueParser.parseTimestamp(bytes).map { .integer($0) } ?? .invalid
    case .text: return .invalid
    }
  }

  /// Appends the value to a column kept as whole numbers or decimals.
  @inline(__always)
  func append(to column: inout some TypedValueSink) {
    switch self {
    case .missing: column.appendMissing()
    case .integer(let value):
      if column.storage == .decimals { column.append(Double(value)) } else { column.append(value) }
    case .decimal(let value): column.append(value)
    case .invalid: preconditionFailure("an invalid value is never kept")
    }
  }

}

/// A column that parsed values are appended to: ``TypedColumn``, or an import's ``ColumnAppender``.
protocol TypedValueSink {
  var storage: TypedColumn.Storage { get }
  mutating func appendMissing()
  mutating func append(_ value: Int64)
  mutating func append(_ value: Double)
}

extension TypedColumn: TypedValueSink {}
extension ColumnAppender: TypedValueSink {}
