/// A customer file read in parts ("units") that are checked apart — on several cores — and put
/// together in file order by ``CustomerFileCheck``; any part can be read again.
public protocol CustomerRecordUnits: AnyObject {
  /// The path, for messages.
  var path: String { get }
  /// Column names from the header.
  var header: [String] { get }
  /// Size of the file in bytes, for progress.
  var fileSize: Int { get }
  /// The first records, checked with `setup` into one batch, the records of `repeated` rejected with
  /// its errors: at least `minimum` (to guess column types), then until the personal-data sample is
  /// full, at most `maximum` (``CustomerBatchBuilder/readSample(_:minimum:maximum:)``); with whether
  /// the sample is full or the file ended.
  func sample(_ setup: CustomerParseSetup, minimum: Int, maximum: Int, repeated: [Int: DataFileError])
    throws(DataFileError) -> (batch: CustomerRowBatch, complete: Bool)
  /// Every record, checked with `setup`, in parts.
  ///
  /// Reading stops at a problem that stops any import (a record over the length limit, a read
  /// failure), which is returned with its line in the file; with `.fail` it may also stop after the
  /// first part that rejected a row. `progress` receives bytes done and the file size.
  func parse(_ setup: CustomerParseSetup, progress: (Int, Int) -> Void) throws(DataFileError) -> CustomerUnitParse
  /// Part `unit` checked again with `setup`; the records with the indices of `repeated` are rejected
  /// with its errors (their ids came earlier in the file).
  func reparse(unit: Int, _ setup: CustomerParseSetup, repeated: [Int: DataFileError]) throws(DataFileError)
    -> CustomerRowBatch
  /// Throws when the file changed since it was opened.
  func checkUnchanged() throws(DataFileError)
}

/// The parts of a customer file, in file order.
public struct CustomerUnitParse: Sendable {
  /// Each part's batch.
  public var batches: [CustomerRowBatch]
  /// Per part: the file line just before its first line (a line within the part plus this is a
  /// line of the file).
  public var lineOffsets: [Int]
  /// The problem that stopped reading after the last part, if any.
  public var stop: DataFileError?

  /// Creates a parse result.
  public init(batches: [CustomerRowBatch], lineOffsets: [Int], stop: DataFileError?) {
    self.batches = batches
    self.lineOffsets = lineOffsets
    self.stop = stop
  }
}

/// A ``RecordSource`` read as parts of `recordsPerUnit` records, one after the other (for small
/// inputs and tests; `CustomerFileReader` reads a CSV file's parts on all cores).
public final class RecordSourceUnits: CustomerRecordUnits {
  private let open: () throws(DataFileError) -> any RecordSource
  private let recordsPerUnit: Int
  /// The path, for messages.
  public let path: String
  /// Column names from the header.
  public let header: [String]
  /// Size of the input in bytes, for progress.
  public let fileSize: Int
  /// The records of each part, once parsed.
  private var unitRecords: [Int] = []

  /// Reads the source `open` returns (afresh on each call) in parts of `recordsPerUnit` records.
  public init(open: @escaping () throws(DataFileError) -> any RecordSource, recordsPerUnit: Int = .max)
    throws(DataFileError)
  {
    let source = try open()
    self.open = open
    self.recordsPerUnit = max(1, recordsPerUnit)
    path = source.path
    header = source.header
    fileSize = source.fileSize
  }

  /// The first records, checked with `setup` into one batch.
  public func sample(_ setup: CustomerParseSetup, minimum: Int, maximum: Int, repeated: [Int: DataFileError])
    throws(DataFileError) -> (batch: CustomerRowBatch, complete: Bool)
  {
    var builder = CustomerBatchBuilder(setup: setup, repeated: repeated)
    let complete = try builder.readSample(try open(), minimum: minimum, maximum: maximum)
    return (builder.result, complete)
  }

  /// Every record, checked with `setup`, in parts of `recordsPerUnit` records.
  public func parse(_ setup: CustomerParseSetup, progress: (Int, Int) -> Void) throws(DataFileError)
    -> CustomerUnitParse
  {
    let source = try open()
    var batches: [CustomerRowBatch] = []
    var builder = CustomerBatchBuilder(setup: setup)
    var stop: DataFileError?
    unitRecords = []
    while true {
      let more: Bool
      do {
        more = try builder.read(source)
      } catch {
        stop = error
        break
      }
      if !more { break }
      if builder.records == recordsPerUnit || builder.stopped {
        batches.append(builder.result)
        unitRecords.append(builder.result.records)
        if builder.stopped && setup.plan.onError == .fail { break }
        builder = CustomerBatchBuilder(setup: setup)
      }
    }
    if builder.records > 0 || batches.isEmpty {
      batches.append(builder.result)
      unitRecords.append(builder.result.records)
    }
    progress(source.fileSize, source.fileSize)
    return CustomerUnitParse(
      batches: batches, lineOffsets: Array(repeating: 0, count: batches.count), stop: stop)
  }

  /// Part `unit` checked again with `setup`, the records of `repeated` rejected with its errors.
  public func reparse(unit: Int, _ setup: CustomerParseSetup, repeated: [Int: DataFileError]) throws(DataFileError)
    -> CustomerRowBatch
  {
    let source = try open()
    var skip = unitRecords[..<unit].reduce(0, +)
    while skip > 0, try source.step() != .end { skip -= 1 }
    var builder = CustomerBatchBuilder(setup: setup, repeated: repeated)
    while builder.records < unitRecords[unit], try builder.read(source) {}
    return builder.result
  }

  /// Throws when the source's header or size changed since it was opened.
  public func checkUnchanged() throws(DataFileError) {
    let source = try open()
    guard source.header == header, source.fileSize == fileSize else {
      throw DataFileError.fileChanged(path)
    }
  }
}
