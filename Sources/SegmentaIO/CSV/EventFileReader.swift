import Dispatch
import Foundation
import SegmentaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams an event file into a ``WideTableAccumulator`` using several threads.
///
/// The file is cut into fixed-size chunks. Parser threads each take every W-th chunk, guess where
/// its first record starts (after the first line break), parse it and encode its rows. The calling
/// thread takes the chunks back in file order, checks that each one starts exactly where the
/// previous one ended — re-parsing it from there in the rare case that the guess fell inside a
/// quoted field — and adds it to the accumulator. Results are therefore the same as a single pass,
/// whatever the number of threads, and memory stays at two chunks per thread plus the accumulator.
package enum EventFileReader {
  /// What one file contributed.
  package struct FileReport: Sendable, Equatable {
    /// The file.
    package var path: String
    /// Data rows read.
    package var rowsRead: Int
    /// Rows whose customer is not in the workspace.
    package var unknownCustomerRows: Int
    /// Line of the first such row.
    package var firstUnknownCustomerLine: Int?
    /// Rows on or after the reference date.
    package var afterReferenceRows: Int
  }

  /// Reads `path` into `accumulator`.
  ///
  /// `progress` receives bytes processed so far and the file size.
  package static func read(
    path: String, dialect: CSVDialect = CSVDialect(), customers: FrozenByteStringTable,
    into accumulator: WideTableAccumulator, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
    chunkSize: Int = 8 << 20, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(DataFileError) -> FileReport {
    let headerReader = try CSVReader(path: path, dialect: dialect, bufferSize: 1 << 16)
    let header = headerReader.header
    let encoding: EventEncoding
    do {
      encoding = try EventEncoding(plan: accumulator.plan, header: header, customers: customers)
    } catch {
      throw DataFileError(file: path, line: 1, message: error.description)
    }
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw DataFileError(file: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    // The header reader refused anything but a regular file; the path may have been replaced since.
    var status = stat()
    if fstat(descriptor, &status) == 0, let problem = FileKind(mode: status.st_mode).inputProblem {
      throw DataFileError(file: path, message: problem)
    }
    let context = ChunkContext(
      descriptor: descriptor, path: path, header: header, scanner: CSVScanner(dialect: dialect),
      dataStart: headerReader.dataOffset, fileSize: headerReader.fileSize, chunkSize: chunkSize,
      encoder: encoding.encoder)
    let chunkCount = max(1, (context.fileSize - context.dataStart + chunkSize - 1) / chunkSize)
    let workerCount = max(1, min(threads, chunkCount, 16))
    let plan = accumulator.plan
    let slots = (0..<(workerCount * 2)).map { _ in ChunkSlot(plan: plan) }
    let free = slots.map { _ in DispatchSemaphore(value: 1) }
    let ready = slots.map { _ in DispatchSemaphore(value: 0) }
    let cancelled = CancelFlag()
    @Sendable func slotIndex(_ chunk: Int) -> Int { (chunk % workerCount) * 2 + (chunk / workerCount) % 2 }
    let group = ParserThreads.start(workers: workerCount, parts: chunkCount) { chunk in
      let index = slotIndex(chunk)
      free[index].wait()
      if !cancelled.isSet {
        slots[index].parse(chunk: chunk, exactStart: chunk == 0 ? context.dataStart : nil, context: context)
      }
      ready[index].signal()
    }

    var report = FileReport(path: path, rowsRead: 0, unknownCustomerRows: 0, afterReferenceRows: 0)
    var expectedStart = context.dataStart
    var lineBase = headerReader.firstDataLine
    let repair = ChunkSlot(plan: plan)
    var failure: DataFileError?
    for chunk in 0..<chunkCount {
      let index = slotIndex(chunk)
      ready[index].wait()
      defer { free[index].signal() }
      if failure != nil { continue }
      var slot = slots[index]
      if slot.start != expectedStart {
        repair.parse(chunk: chunk, exactStart: expectedStart, context: context)
        slot = repair
      }
      if let problem = slot.failure {
        failure = problem.located(lineBase: lineBase)
        cancelled.set()
        continue
      }
      accumulator.add(slot.batch)
      report.rowsRead += slot.batch.rowsRead
      report.unknownCustomerRows += slot.batch.unknownCustomerRows
      report.afterReferenceRows += slot.batch.afterReferenceRows
      if report.firstUnknownCustomerLine == nil, let line = slot.batch.firstUnknownCustomerLine {
        report.firstUnknownCustomerLine = lineBase + line
      }
      expectedStart = slot.end
      lineBase += slot.lineBreaks
      progress(min(expectedStart, context.fileSize), context.fileSize)
    }
    group.wait()
    withExtendedLifetime(encoding) {}
    if let failure { throw failure }
    return report
  }
}

/// Everything a parser thread needs to read chunks of one file.
private struct ChunkContext: Sendable {
  let descriptor: Int32
  let path: String
  let header: [String]
  let scanner: CSVScanner
  let dataStart: Int
  let fileSize: Int
  let chunkSize: Int
  let encoder: EventRowEncoder
}

/// A parse failure within a chunk, located relative to the chunk's first line.
private struct ChunkFailure {
  var path: String
  var lineOffset: Int
  var column: Int?
  var columnName: String?
  var message: String
  /// Whether the record ran over several lines, when it is longer than ``CSVReader/maximumRecordBytes``.
  ///
  /// The message then names the line, known only once the chunk is placed in the file.
  var tooLong: Bool?

  init(path: String, lineOffset: Int, column: Int?, columnName: String?, message: String, tooLong: Bool? = nil) {
    self.path = path
    self.lineOffset = lineOffset
    self.column = column
    self.columnName = columnName.map(CSVReader.excerpt)
    self.message = message
    self.tooLong = tooLong
  }

  func located(lineBase: Int) -> DataFileError {
    let line = lineBase + lineOffset
    let text = tooLong.map { CSVReader.recordTooLongMessage(line: line, spansLines: $0) } ?? message
    return DataFileError(file: path, line: line, column: column, columnName: columnName, message: text)
  }
}

/// Whether the scan was abandoned after an error.
private final class CancelFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  var isSet: Bool { lock.withLock { value } }
  func set() { lock.withLock { value = true } }
}

/// One chunk's parse result and the buffers it was made with.
///
/// A slot is handed between one parser thread and the aggregating thread by semaphores (free →
/// parsed → ready → consumed → free), so only one thread touches it at a time.
private final class ChunkSlot: @unchecked Sendable {
  var batch: EventBatch
  var start = -1
  var end = -1
  var lineBreaks = 0
  var failure: ChunkFailure?
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity = 0

  init(plan: WideTablePlan) {
    batch = EventBatch(plan: plan)
    buffer = .allocate(capacity: 1)
  }

  deinit { buffer.deallocate() }

  /// Reads `count` bytes at file `offset` into the buffer at `into`; returns the bytes read.
  private func load(_ context: ChunkContext, offset: Int, count: Int, into: Int) -> Int {
    if into + count > capacity {
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(into + count, capacity * 2))
      grown.update(from: buffer, count: into)
      buffer.deallocate()
      buffer = grown
      capacity = max(into + count, capacity * 2)
    }
    var done = 0
    while done < count {
      let n = pread(context.descriptor, buffer + into + done, count - done, off_t(offset + done))
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      done += n
    }
    return done
  }

  /// Parses the records that start in chunk `chunk`.
  ///
  /// With `exactStart` the first record starts there; otherwise after the first line break at or after the chunk's
  /// nominal start.
  func parse(chunk: Int, exactStart: Int?, context: ChunkContext) {
    // The batch and field spans are locals while parsing, so the per-record work needs no
    // exclusivity checks or reference counting on this object's properties.
    var batch = self.batch
    self.batch = EventBatch(plan: nil)
    defer { self.batch = batch }
    var spans: [FieldSpan] = []
    spans.reserveCapacity(64)
    batch.removeAll()
    failure = nil
    lineBreaks = 0
    let nominalStart = context.dataStart + chunk * context.chunkSize
    let nominalEnd = min(context.fileSize, nominalStart + context.chunkSize)
    // The buffer starts one byte early so a line break just before the nominal start is seen.
    let bufferOrigin = exactStart ?? max(context.dataStart, nominalStart - 1)
    if bufferOrigin >= nominalEnd {
      // The previous chunk's last record runs past this whole chunk.
      start = bufferOrigin
      end = bufferOrigin
      return
    }
    let spill = 1 << 16
    var filled = load(context, offset: bufferOrigin, count: nominalEnd - bufferOrigin + spill, into: 0)
    var position = 0
    if exactStart == nil {
      while position < filled && buffer[position] != 0x0A && buffer[position] != 0x0D { position += 1 }
      if position < filled && buffer[position] == 0x0D && position + 1 < filled && buffer[position + 1] == 0x0A {
        position += 1
      }
      position += 1
    }
    start = bufferOrigin + position
    var isFinal = bufferOrigin + filled >= context.fileSize
    var line = 0
    let scanner = context.scanner
    let encoder = context.encoder
    let fieldCount = context.header.count
    while bufferOrigin + position < nominalEnd {
      let result = scanner.scan(buffer, start: position, end: filled, isFinal: isFinal, fields: &spans)
      switch result {
      case .record(let recordEnd, let breaks):
        if spans.count != fieldCount {
          failure = ChunkFailure(
            path: context.path, lineOffset: line, column: nil, columnName: nil,
            message: "expected \(fieldCount) fields as in the header, found \(spans.count)")
          end = bufferOrigin + recordEnd
          return
        }
        if let problem = encodeRecord(
          start: position, end: recordEnd, line: line, spans: spans, encoder: encoder, batch: &batch, context: context)
        {
          failure = problem
          end = bufferOrigin + recordEnd
          return
        }
        position = recordEnd
        line += breaks
      case .blankLine(let recordEnd):
        position = recordEnd
        line += 1
      case .endOfInput:
        end = bufferOrigin + position
        lineBreaks = line
        return
      case .needMore:
        if filled - position >= CSVReader.maximumRecordBytes {
          let pending = UnsafeBufferPointer(start: buffer + position, count: filled - position)
          failure = ChunkFailure(
            path: context.path, lineOffset: line, column: nil, columnName: nil, message: "",
            tooLong: pending.contains { $0 == 0x0A || $0 == 0x0D })
          end = bufferOrigin + position
          return
        }
        let more = load(context, offset: bufferOrigin + filled, count: max(spill, filled), into: filled)
        filled += more
        isFinal = bufferOrigin + filled >= context.fileSize || more == 0
      case .failure(let problem, let field, let breaks, _):
        failure = ChunkFailure(
          path: context.path, lineOffset: line + breaks, column: field + 1,
          columnName: field < context.header.count ? context.header[field] : nil, message: problem.message)
        end = bufferOrigin + position
        return
      }
    }
    end = bufferOrigin + position
    lineBreaks = line
  }

  private func encodeRecord(
    start: Int, end: Int, line: Int, spans: [FieldSpan], encoder: EventRowEncoder, batch: inout EventBatch,
    context: ChunkContext
  ) -> ChunkFailure? {
    let record = UnsafeBufferPointer(start: buffer + start, count: end - start)
    // As in CSVReader: the record holds a NUL byte exactly when one of its (unescaped) fields does.
    if let base = record.baseAddress, record.count > 0, memchr(base, 0, record.count) != nil {
      for (index, span) in spans.enumerated() {
        let bytes = span.bytes(in: buffer)
        if let base = bytes.baseAddress, bytes.count > 0, let hit = memchr(base, 0, bytes.count) {
          let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          return ChunkFailure(
            path: context.path,
            lineOffset: line + CSVReader.lineFeeds(buffer + start, count: span.start + offset - start),
            column: index + 1, columnName: context.header[index], message: CSVReader.nulByteMessage)
        }
      }
    }
    if UTF8Validation.firstInvalidOffset(record) != nil {
      for (index, span) in spans.enumerated() {
        if let offset = UTF8Validation.firstInvalidOffset(span.bytes(in: buffer)) {
          let before = UnsafeBufferPointer(start: buffer + start, count: span.start + offset - start)
          return ChunkFailure(
            path: context.path, lineOffset: line + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) },
            column: index + 1, columnName: context.header[index], message: "invalid UTF-8; save the file as UTF-8")
        }
      }
    }
    let problem = spans.withUnsafeBufferPointer { fields in
      encoder.encode(base: buffer, fields: fields, line: line, into: &batch)
    }
    guard let problem else { return nil }
    return ChunkFailure(
      path: context.path, lineOffset: line, column: problem.column + 1,
      columnName: context.header[problem.column], message: problem.message)
  }
}
