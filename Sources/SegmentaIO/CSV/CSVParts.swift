import Dispatch
import Foundation
import SegmentaCore

/// Reads the data records of a CSV file in parts on all cores, in the scheme of ``CustomerFileReader``.
///
/// The file is cut into parts of `unitSize` bytes. Parser threads each take every W-th part, guess where its first
/// record starts (after the first line break) and read the records that start in it. The calling thread takes the
/// parts back in file order and checks that each starts exactly where the previous one ended, reading it again from
/// there in the rare case that the guess fell inside a quoted field. The records are therefore those of one pass,
/// whatever the number of threads, and an error names the line one pass would name.
package enum CSVParts {
  /// What one part gave.
  private struct Read<Part> {
    /// Where its first record starts, and where reading stopped.
    var start: Int
    var end: Int
    var lines: Int
    var part: Part
    var failure: DataFileError?
  }

  /// Reads every data record of `path`, returning the header and the parts' values in file order.
  ///
  /// `record` is called on each record (the reader positioned on it) with the value of its part, which `makePart`
  /// creates.
  ///
  /// - Throws: the first error in file order, from reading or from `record`, with the line of one pass.
  package static func read<Part>(
    path: String, dialect: CSVDialect = CSVDialect(), threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    unitSize: Int = 8 << 20, makePart: @escaping @Sendable () -> Part,
    record: @escaping @Sendable (CSVReader, inout Part) throws(DataFileError) -> Void
  ) throws(DataFileError) -> (header: [String], parts: [Part]) {
    let first = try CSVReader(path: path, dialect: dialect, bufferSize: 1 << 16)
    let (header, dataOffset, fileSize) = (first.header, first.dataOffset, first.fileSize)
    let firstLine = first.firstDataLine
    var lineOffset = firstLine - 1
    let unitSize = max(1 << 10, unitSize)
    let unitCount = max(1, (fileSize - dataOffset + unitSize - 1) / unitSize)
    let ends = (0..<unitCount).map { min(fileSize, dataOffset + ($0 + 1) * unitSize) }
    let slots = (0..<unitCount).map { _ in PartSlot<Read<Part>>() }
    let ready = (0..<unitCount).map { _ in DispatchSemaphore(value: 0) }
    let stop = StopMark()
    @Sendable func readPart(start: Int, exact: Bool, end: Int, line: Int) -> Read<Part> {
      var part = makePart()
      var begin = start
      do {
        if !exact { begin = try CustomerFileReader.lineStart(path: path, after: start - 1) }
        guard begin < end else { return Read(start: begin, end: begin, lines: 0, part: part) }
        let reader = try CSVReader(path: path, dialect: dialect, header: header, offset: begin, line: line)
        do {
          while begin + reader.bytesRead < end, try reader.next() { try record(reader, &part) }
        } catch {
          return Read(start: begin, end: begin + reader.bytesRead, lines: reader.linesRead, part: part, failure: error)
        }
        return Read(start: begin, end: begin + reader.bytesRead, lines: reader.linesRead, part: part)
      } catch {
        return Read(start: begin, end: begin, lines: 0, part: part, failure: error)
      }
    }
    let group = ParserThreads.start(workers: min(max(1, threads), unitCount), parts: unitCount) { unit in
      if !stop.skips(unit) {
        slots[unit].result = readPart(
          start: dataOffset + unit * unitSize, exact: unit == 0, end: ends[unit], line: unit == 0 ? firstLine : 1)
      }
      ready[unit].signal()
    }
    defer { group.wait() }
    var parts: [Part] = []
    var expectedStart = dataOffset
    for unit in 0..<unitCount {
      ready[unit].wait()
      guard var result = slots[unit].result else { continue }
      slots[unit].result = nil
      if result.start != expectedStart || (result.failure != nil && unit > 0) {
        // Read again from where the previous part ended, knowing the first line (for the error's line).
        result = readPart(start: expectedStart, exact: true, end: ends[unit], line: lineOffset + 1)
      }
      if let failure = result.failure {
        stop.set(after: unit)
        throw failure
      }
      parts.append(result.part)
      expectedStart = result.end
      lineOffset += result.lines
    }
    return (header, parts)
  }
}
