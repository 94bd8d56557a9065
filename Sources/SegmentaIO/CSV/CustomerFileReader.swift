import Dispatch
import Foundation
import SegmentaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a customer CSV file in parts on all cores, for ``CustomerFileCheck``.
///
/// The file is cut into parts of ``unitSize`` bytes. Parser threads each take every W-th part, guess
/// where its first record starts (after the first line break), and check its records with a
/// ``CSVReader`` — the same reading, limits and error messages as one pass — into a
/// ``CustomerRowBatch``. The calling thread takes the parts back in file order and checks that each
/// starts exactly where the previous one ended, reading it again from there in the rare case that
/// the guess fell inside a quoted field. Results are therefore the same as one pass, whatever the
/// number of threads.
package final class CustomerFileReader: CustomerRecordUnits {
  package let path: String
  package let dialect: CSVDialect
  package let header: [String]
  package let fileSize: Int
  /// Bytes per part.
  package let unitSize: Int
  private let threads: Int
  private let dataOffset: Int
  private let firstDataLine: Int
  private let modified: timespec
  /// Per part, once read: where its first record starts, and where its records must start before.
  private var starts: [Int] = []
  private var ends: [Int] = []

  /// Opens `path` and reads its header.
  package init(
    path: String, dialect: CSVDialect = CSVDialect(), threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    unitSize: Int = 8 << 20
  ) throws(DataFileError) {
    let reader = try CSVReader(path: path, dialect: dialect, bufferSize: 1 << 16)
    self.path = path
    self.dialect = dialect
    header = reader.header
    fileSize = reader.fileSize
    dataOffset = reader.dataOffset
    firstDataLine = reader.firstDataLine
    self.threads = max(1, threads)
    self.unitSize = max(1 << 10, unitSize)
    modified = Self.modification(path)
  }

  /// The file's last modification time (zero when it cannot be read).
  private static func modification(_ path: String) -> timespec {
    var status = stat()
    guard stat(path, &status) == 0 else { return timespec() }
    #if canImport(Darwin)
    return status.st_mtimespec
    #else
    return status.st_mtim
    #endif
  }

  package func sample(_ setup: CustomerParseSetup, minimum: Int, maximum: Int, repeated: [Int: DataFileError])
    throws(DataFileError) -> (batch: CustomerRowBatch, complete: Bool)
  {
    var builder = CustomerBatchBuilder(setup: setup, repeated: repeated)
    let complete = try builder.readSample(
      try CSVReader(path: path, dialect: dialect), minimum: minimum, maximum: maximum)
    return (builder.result, complete)
  }

  package func parse(_ setup: CustomerParseSetup, progress: (Int, Int) -> Void) throws(DataFileError)
    -> CustomerUnitParse
  {
    let (path, dialect, header, dataOffset, unitSize) = (path, dialect, header, dataOffset, unitSize)
    let unitCount = max(1, (fileSize - dataOffset + unitSize - 1) / unitSize)
    let nominalEnds = (0..<unitCount).map { min(fileSize, dataOffset + ($0 + 1) * unitSize) }
    let slots = (0..<unitCount).map { _ in PartSlot<UnitResult>() }
    let ready = (0..<unitCount).map { _ in DispatchSemaphore(value: 0) }
    let stop = StopMark()
    let group = ParserThreads.start(workers: min(threads, unitCount), parts: unitCount) { unit in
      if !stop.skips(unit) {
        slots[unit].result = Self.parseUnit(
          path: path, dialect: dialect, header: header, setup: setup,
          start: unit == 0 ? dataOffset : dataOffset + unit * unitSize, exact: unit == 0, end: nominalEnds[unit],
          line: 1)
      }
      ready[unit].signal()
    }

    var batches: [CustomerRowBatch] = []
    var failure: DataFileError?
    starts = []
    ends = []
    var lineOffsets: [Int] = []
    var expectedStart = dataOffset
    var lineOffset = firstDataLine - 1
    for unit in 0..<unitCount {
      ready[unit].wait()
      if failure != nil || stop.isSet { continue }
      guard var result = slots[unit].result else { continue }
      slots[unit].result = nil
      if result.start != expectedStart {
        result = Self.parseUnit(
          path: path, dialect: dialect, header: header, setup: setup, start: expectedStart, exact: true,
          end: nominalEnds[unit], line: 1)
      }
      if result.fatal != nil {
        // Read the part again knowing its first line, for the message's line.
        let located = Self.parseUnit(
          path: path, dialect: dialect, header: header, setup: setup, start: expectedStart, exact: true,
          end: nominalEnds[unit], line: lineOffset + 1)
        failure = located.fatal ?? result.fatal
      }
      starts.append(result.start)
      ends.append(nominalEnds[unit])
      lineOffsets.append(lineOffset)
      batches.append(result.batch)
      expectedStart = result.end
      lineOffset += result.batch.lineCount
      progress(min(expectedStart, fileSize), fileSize)
      if failure != nil || (setup.plan.onError == .fail && !result.batch.rejections.isEmpty) { stop.set(after: unit) }
    }
    group.wait()
    return CustomerUnitParse(batches: batches, lineOffsets: lineOffsets, stop: failure)
  }

  package func reparse(unit: Int, _ setup: CustomerParseSetup, repeated: [Int: DataFileError]) throws(DataFileError)
    -> CustomerRowBatch
  {
    let result = Self.parseUnit(
      path: path, dialect: dialect, header: header, setup: setup, start: starts[unit], exact: true, end: ends[unit],
      line: 1, repeated: repeated)
    // The part was read without such a problem before.
    if result.fatal != nil { throw DataFileError.fileChanged(path) }
    return result.batch
  }

  package func checkUnchanged() throws(DataFileError) {
    var status = stat()
    let now = Self.modification(path)
    guard stat(path, &status) == 0, Int(status.st_size) == fileSize, now.tv_sec == modified.tv_sec,
      now.tv_nsec == modified.tv_nsec
    else { throw DataFileError.fileChanged(path) }
  }

  /// One part read.
  struct UnitResult {
    /// Where its first record starts, and where reading stopped.
    var start: Int
    var end: Int
    var batch: CustomerRowBatch
    /// The problem that stopped reading, if any.
    var fatal: DataFileError?
  }

  /// Reads the records that start in `start..<end` — from `start` exactly, or from the first line
  /// after the line break at or after `start - 1` — the first on line `line`.
  static func parseUnit(
    path: String, dialect: CSVDialect, header: [String], setup: CustomerParseSetup, start: Int, exact: Bool, end: Int,
    line: Int, repeated: [Int: DataFileError] = [:]
  ) -> UnitResult {
    var builder = CustomerBatchBuilder(setup: setup, repeated: repeated)
    var begin = start
    do {
      if !exact { begin = try lineStart(path: path, after: start - 1) }
      guard begin < end else { return UnitResult(start: begin, end: begin, batch: builder.result) }
      let reader = try CSVReader(path: path, dialect: dialect, header: header, offset: begin, line: line)
      var fatal: DataFileError?
      do {
        while begin + reader.bytesRead < end, try builder.read(reader), !builder.stopped {}
      } catch {
        fatal = error
      }
      var batch = builder.result
      batch.lineCount = reader.linesRead
      return UnitResult(start: begin, end: begin + reader.bytesRead, batch: batch, fatal: fatal)
    } catch {
      return UnitResult(start: begin, end: begin, batch: builder.result, fatal: error)
    }
  }

  /// The offset just after the first line break (LF, CRLF or CR) at or after `offset`, or the file
  /// size when there is none.
  static func lineStart(path: String, after offset: Int) throws(DataFileError) -> Int {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw DataFileError(file: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var position = offset
    while true {
      let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(position)) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return position }
      for index in 0..<count where buffer[index] == 0x0A || buffer[index] == 0x0D {
        if buffer[index] == 0x0D {
          // CRLF: the record starts after both bytes (the LF may be the first byte of the next read).
          if index + 1 < count { return position + index + (buffer[index + 1] == 0x0A ? 2 : 1) }
          var next: UInt8 = 0
          let more = pread(descriptor, &next, 1, off_t(position + index + 1))
          return position + index + (more == 1 && next == 0x0A ? 2 : 1)
        }
        return position + index + 1
      }
      position += count
    }
  }
}

/// A part's result, handed from the parser thread that reads it to the thread that collects it.
final class PartSlot<Value>: @unchecked Sendable {
  var result: Value?
}

/// The part after which the other parts need not be read (a stopping problem was found there).
final class StopMark: @unchecked Sendable {
  private let lock = NSLock()
  private var last = Int.max

  /// Whether part `unit` comes after the mark.
  func skips(_ unit: Int) -> Bool { lock.withLock { unit > last } }

  /// Whether a mark is set.
  var isSet: Bool { lock.withLock { last != Int.max } }

  func set(after unit: Int) { lock.withLock { last = min(last, unit) } }
}
