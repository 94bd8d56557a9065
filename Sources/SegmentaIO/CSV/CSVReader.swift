import SegmentaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file record by record with constant memory, without creating a `String` per field.
///
/// The first record is the header. A UTF-8 byte order mark is skipped. Every field is checked to be
/// valid UTF-8. Errors name the file, the line and the column. After a malformed record, reading
/// resumes at the next line, so an import can reject the record and go on.
///
/// Limits, so that a hostile or mistaken input fails quickly with bounded memory instead of exhausting it:
/// - Only regular files are read (or symbolic links to them): a directory, a named pipe (FIFO), a socket or a
///   device such as `/dev/zero` is refused before anything is read. Files of any size are read.
/// - A record may be at most ``maximumRecordBytes`` (4 MiB) long, including the line breaks inside quoted fields.
///   A longer one stops the whole read as soon as 4 MiB of it have been read ("line N is longer than 4 MiB"); a
///   record running over several lines that long usually means a quote that is never closed.
/// - The header may name at most ``maximumColumns`` (10,000) columns, each name at most
///   ``maximumColumnNameBytes`` (1,024) bytes long.
/// - A field may not hold a NUL byte (0x00): the record is malformed (like a stray quote or invalid UTF-8), so an
///   import that skips bad rows rejects it and goes on at the next line.
/// - Messages quote at most ``maximumQuotedCharacters`` (40) characters of a value or column name.
///
/// ```swift
/// let reader = try CSVReader(path: "customers.csv")
/// while try reader.next() {
///   let id = reader.string(at: 0)
/// }
/// ```
package final class CSVReader: RecordSource {
  /// The longest record read, in bytes (line breaks inside quoted fields included): 4 MiB.
  package static let maximumRecordBytes = 4 << 20
  /// The most columns a header may name.
  package static let maximumColumns = 10_000
  /// The longest column name in a header, in bytes of UTF-8.
  package static let maximumColumnNameBytes = 1_024
  /// The most characters of a value or column name an error message quotes.
  package static let maximumQuotedCharacters = 40

  /// The path as given.
  package let path: String
  package let dialect: CSVDialect
  /// Header names, trimmed of surrounding spaces.
  package private(set) var header: [String] = []
  /// The line where the current record starts (the header is line 1).
  package private(set) var line = 0
  /// Bytes consumed so far, for progress.
  package private(set) var bytesRead = 0
  /// File size in bytes, for progress.
  package let fileSize: Int
  /// Byte offset where the first data record starts (after any byte order mark and the header).
  package private(set) var dataOffset = 0
  /// The line where the first data record starts.
  package private(set) var firstDataLine = 2

  private let descriptor: Int32
  private let scanner: CSVScanner
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var filled = 0
  private var position = 0
  private var atEOF = false
  private var nextLine = 1
  private var spans: [FieldSpan] = []
  private var malformedText: String?

  /// Opens `path` and reads its header.
  package convenience init(path: String, dialect: CSVDialect = CSVDialect(), bufferSize: Int = 1 << 20)
    throws(DataFileError)
  {
    try self.init(opening: path, dialect: dialect, bufferSize: bufferSize)
    // If the header cannot be read, the thrown error releases the instance and deinit frees the
    // buffer and closes the file.
    try fill()
    var byteOrderMark = 0
    if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
      position = 3
      byteOrderMark = 3
    }
    guard try next() else {
      throw DataFileError(file: path, message: "the file is empty: a header line naming the columns is required")
    }
    dataOffset = byteOrderMark + bytesRead
    firstDataLine = nextLine
    header = try readHeader()
  }

  /// Opens `path` to read its records from byte `offset` on, the first of them on line `line`, with
  /// `header` naming the columns (no header is read): one part of a file read by several readers.
  package convenience init(
    path: String, dialect: CSVDialect = CSVDialect(), header: [String], offset: Int, line: Int,
    bufferSize: Int = 1 << 20
  ) throws(DataFileError) {
    try self.init(opening: path, dialect: dialect, bufferSize: bufferSize)
    guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
      throw DataFileError(file: path, message: "read failed: \(String(cString: strerror(errno)))")
    }
    self.header = header
    dataOffset = offset
    nextLine = line
    firstDataLine = line
  }

  /// Opens `path`, refusing anything but a regular file.
  private init(opening path: String, dialect: CSVDialect, bufferSize: Int) throws(DataFileError) {
    self.path = path
    self.dialect = dialect
    scanner = CSVScanner(dialect: dialect)
    // Non-blocking, so that opening a named pipe does not wait for a writer; the kind of file is checked next.
    descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw DataFileError(file: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
    }
    var status = stat()
    let kind = fstat(descriptor, &status) == 0 ? FileKind(mode: status.st_mode) : .regular
    fileSize = kind == .regular ? Int(status.st_size) : 0
    capacity = max(bufferSize, 64)
    buffer = .allocate(capacity: capacity)
    // Every stored property is set from here on, so a thrown error releases the instance and deinit
    // frees the buffer and closes the file.
    if let problem = kind.inputProblem { throw DataFileError(file: path, message: problem) }
  }

  /// Lines read from the first data record on (line breaks inside quoted fields and blank lines
  /// included).
  package var linesRead: Int { nextLine - firstDataLine }

  /// The names of the header, the current record, checked against the limits.
  private func readHeader() throws(DataFileError) -> [String] {
    if fieldCount > Self.maximumColumns {
      throw DataFileError(
        file: path, line: line, column: Self.maximumColumns + 1,
        message:
          "the header names \(ReportText.grouped(fieldCount)) columns; at most \(ReportText.grouped(Self.maximumColumns)) are supported"
      )
    }
    var names: [String] = []
    names.reserveCapacity(fieldCount)
    var columns: [String: Int] = [:]
    for index in 0..<fieldCount {
      let bytes = bytes(at: index)
      if bytes.count > Self.maximumColumnNameBytes {
        let start = String(
          decoding: UnsafeBufferPointer(rebasing: bytes.prefix(4 * Self.maximumQuotedCharacters)), as: UTF8.self)
        throw DataFileError(
          file: path, line: line, column: index + 1,
          message:
            "the column name starting '\(start.prefix(Self.maximumQuotedCharacters))' is \(ReportText.grouped(bytes.count)) bytes long; at most \(ReportText.grouped(Self.maximumColumnNameBytes)) are allowed"
        )
      }
      let name = string(at: index).trimmingASCIISpaces()
      if name.isEmpty {
        throw DataFileError(file: path, line: line, column: index + 1, message: "the header names no column here")
      }
      if let first = columns[name] {
        throw DataFileError(
          file: path, line: line, column: index + 1, columnName: Self.excerpt(name),
          message: "the header names this column twice (also column \(first + 1))")
      }
      columns[name] = index
      names.append(name)
    }
    return names
  }

  /// At most ``maximumQuotedCharacters`` characters of `text`, for a message; "…" marks a cut.
  package static func excerpt(_ text: String) -> String {
    guard text.count > maximumQuotedCharacters else { return text }
    return text.prefix(maximumQuotedCharacters) + "…"
  }

  /// Why a record starting on `line` and still going after ``maximumRecordBytes`` is refused.
  ///
  /// `spansLines` tells whether the bytes read so far hold a line break (then inside a quoted field).
  static func recordTooLongMessage(line: Int, spansLines: Bool) -> String {
    let limit = "\(maximumRecordBytes >> 20) MiB"
    if spansLines {
      return
        "the record starting on line \(line) is longer than \(limit); is a quoted field never closed? Check the quotes on that line"
    }
    return "line \(line) is longer than \(limit); is this a CSV file with line breaks?"
  }

  /// The message for a NUL byte in a field.
  static let nulByteMessage = "a NUL byte (0x00) in a field; is this a binary file?"

  deinit {
    buffer.deallocate()
    close(descriptor)
  }

  /// Number of fields in the current record.
  package var fieldCount: Int { spans.count }

  /// The fields of the current record; valid until the next call to ``step()`` or ``next()``.
  package func withFields<R>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<FieldSpan>) throws -> R) rethrows -> R {
    try spans.withUnsafeBufferPointer { try body(UnsafePointer(buffer), $0) }
  }

  /// The bytes of field `index` of the current record.
  package func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
    spans[index].bytes(in: buffer)
  }

  /// Field `index` of the current record as a string.
  package func string(at index: Int) -> String {
    String(decoding: bytes(at: index), as: UTF8.self)
  }

  /// All fields of the current record as strings.
  package var strings: [String] { (0..<fieldCount).map(string(at:)) }

  /// The current record written back as one CSV line, or the raw text of a malformed record just
  /// skipped (invalid UTF-8 and NUL bytes shown as U+FFFD).
  package var recordText: String {
    if let malformedText { return malformedText }
    return CSVWriter.line(strings, delimiter: dialect.delimiter)
  }

  /// Advances to the next well-formed record.
  ///
  /// False at the end of the file. Throws on the first malformed record.
  package func next() throws(DataFileError) -> Bool {
    switch try step() {
    case .record: return true
    case .end: return false
    case .malformed(let error): throw error
    }
  }

  /// Advances to the next record, reporting a malformed one instead of throwing.
  ///
  /// Throws when reading cannot go on: an I/O failure, or a record longer than ``maximumRecordBytes``.
  package func step() throws(DataFileError) -> RecordStep {
    malformedText = nil
    while true {
      let result = scanner.scan(buffer, start: position, end: filled, isFinal: atEOF, fields: &spans)
      switch result {
      case .record(let end, let lineBreaks):
        let start = position
        bytesRead += end - position
        position = end
        line = nextLine
        nextLine += lineBreaks
        if let error = malformedContent(recordStart: start, recordEnd: end) {
          // Quoted fields were unescaped in place, so the record is rebuilt from its fields.
          malformedText = CSVWriter.line(
            spans.map { Self.text(of: $0.bytes(in: buffer)) }, delimiter: dialect.delimiter)
          spans.removeAll()
          return .malformed(error)
        }
        return .record
      case .blankLine(let end):
        bytesRead += end - position
        position = end
        nextLine += 1
      case .endOfInput:
        spans.removeAll()
        return .end
      case .needMore:
        try checkRecordLength()
        try fill()
      case .failure(let problem, let field, let lineBreaks, let offset):
        let error = DataFileError(
          file: path, line: nextLine + lineBreaks, column: field + 1, columnName: columnName(field),
          message: problem.message)
        try skipMalformed(from: offset - position)
        spans.removeAll()
        return .malformed(error)
      }
    }
  }

  /// The header name of field `index` for a message, cut to ``maximumQuotedCharacters``.
  private func columnName(_ index: Int) -> String? {
    index < header.count ? Self.excerpt(header[index]) : nil
  }

  /// Throws when the record being read, from `position` to `filled`, has reached ``maximumRecordBytes`` without
  /// ending.
  private func checkRecordLength() throws(DataFileError) {
    let pending = filled - position
    guard pending >= Self.maximumRecordBytes else { return }
    let bytes = UnsafeBufferPointer(start: buffer + position, count: pending)
    let spansLines = bytes.contains { $0 == 0x0A || $0 == 0x0D }
    throw DataFileError(
      file: path, line: nextLine, message: Self.recordTooLongMessage(line: nextLine, spansLines: spansLines))
  }

  /// `bytes` as text for a rejects file: invalid UTF-8 and NUL bytes shown as U+FFFD.
  private static func text(of bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    guard text.utf8.contains(0) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\0" ? "\u{FFFD}" : $0 }))
  }

  /// Skips from the current record start to just past the first line break at or after
  /// `position + distance`, keeping the skipped text for ``recordText``.
  private func skipMalformed(from distance: Int) throws(DataFileError) {
    var searchFrom = distance
    while true {
      var p = position + searchFrom
      while p < filled && buffer[p] != 0x0A && buffer[p] != 0x0D { p += 1 }
      if p < filled || atEOF {
        var end = min(p, filled)
        if end < filled {
          end += (buffer[end] == 0x0D && end + 1 < filled && buffer[end + 1] == 0x0A) ? 2 : 1
        }
        let skipped = UnsafeBufferPointer(start: buffer + position, count: end - position)
        malformedText = Self.text(of: skipped).trimmingLineBreak()
        var breaks = 0
        var i = 0
        while i < skipped.count {
          if skipped[i] == 0x0A || (skipped[i] == 0x0D && !(i + 1 < skipped.count && skipped[i + 1] == 0x0A)) {
            breaks += 1
          }
          i += 1
        }
        line = nextLine
        nextLine += max(breaks, 1)
        bytesRead += end - position
        position = end
        return
      }
      searchFrom = filled - position
      try checkRecordLength()
      try fill()
    }
  }

  /// The first problem in the fields of a record the scanner accepted: a NUL byte or invalid UTF-8.
  private func malformedContent(recordStart: Int, recordEnd: Int) -> DataFileError? {
    // Unescaping quoted fields in place only moves bytes towards the record start, so the record's bytes hold a
    // NUL or an invalid sequence exactly when a field does; only a hit needs the per-field search.
    let record = UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart)
    if let base = record.baseAddress, record.count > 0, memchr(base, 0, record.count) != nil {
      for (index, span) in spans.enumerated() {
        let bytes = span.bytes(in: buffer)
        if let base = bytes.baseAddress, bytes.count > 0, let hit = memchr(base, 0, bytes.count) {
          let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
          return DataFileError(
            file: path, line: line + Self.lineFeeds(buffer + recordStart, count: span.start + offset - recordStart),
            column: index + 1, columnName: columnName(index), message: Self.nulByteMessage)
        }
      }
    }
    // A multi-byte character cannot contain a delimiter, quote or line break, so a record that is
    // valid UTF-8 as a whole has valid fields.
    if UTF8Validation.firstInvalidOffset(record) == nil { return nil }
    for (index, span) in spans.enumerated() {
      let bytes = span.bytes(in: buffer)
      if let offset = UTF8Validation.firstInvalidOffset(bytes) {
        return DataFileError(
          file: path, line: line + Self.lineFeeds(buffer + recordStart, count: span.start + offset - recordStart),
          column: index + 1, columnName: columnName(index),
          message: "invalid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true))); save the file as UTF-8"
        )
      }
    }
    return nil
  }

  /// The line feeds among the `count` bytes at `start`: how many lines below the record's first line a byte is.
  static func lineFeeds(_ start: UnsafePointer<UInt8>, count: Int) -> Int {
    UnsafeBufferPointer(start: start, count: count).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  }

  /// Reads more bytes, first moving the unread tail to the front and growing the buffer if one
  /// record does not fit.
  private func fill() throws(DataFileError) {
    if position > 0 {
      let remaining = filled - position
      if remaining > 0 { buffer.update(from: buffer + position, count: remaining) }
      filled = remaining
      position = 0
    }
    if filled == capacity {
      let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
      bigger.update(from: buffer, count: filled)
      buffer.deallocate()
      buffer = bigger
      capacity *= 2
    }
    while filled < capacity {
      let count = read(descriptor, buffer + filled, capacity - filled)
      if count < 0 {
        if errno == EINTR { continue }
        throw DataFileError(file: path, message: "read failed: \(String(cString: strerror(errno)))")
      }
      if count == 0 {
        atEOF = true
        return
      }
      filled += count
      if filled >= capacity / 2 { return }
    }
  }
}

extension String {
  /// The string without leading and trailing ASCII spaces and tabs.
  package func trimmingASCIISpaces() -> String {
    var scalars = Substring(self)
    while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
    while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    return String(scalars)
  }

  /// The string without one trailing line break.
  func trimmingLineBreak() -> String {
    var text = Substring(self)
    while let last = text.last, last == "\n" || last == "\r" || last == "\r\n" { text.removeLast() }
    return String(text)
  }
}
