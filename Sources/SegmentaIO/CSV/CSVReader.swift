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
/// ```swift
/// let reader = try CSVReader(path: "customers.csv")
/// while try reader.next() {
///   let id = reader.string(at: 0)
/// }
/// ```
package final class CSVReader: RecordSource {
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
  package init(path: String, dialect: CSVDialect = CSVDialect(), bufferSize: Int = 1 << 20) throws(DataFileError) {
    self.path = path
    self.dialect = dialect
    scanner = CSVScanner(dialect: dialect)
    descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw DataFileError(file: path, message: "cannot open the file: \(String(cString: strerror(errno)))")
    }
    var status = stat()
    fileSize = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    capacity = max(bufferSize, 64)
    buffer = .allocate(capacity: capacity)
    // Every stored property is set from here on, so if the header cannot be read the thrown error
    // releases the instance and deinit frees the buffer and closes the file.
    do {
      if (status.st_mode & S_IFMT) == S_IFDIR {
        throw DataFileError(file: path, message: "is a directory, not a CSV file")
      }
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
      var names: [String] = []
      for index in 0..<fieldCount {
        let name = string(at: index).trimmingASCIISpaces()
        if name.isEmpty {
          throw DataFileError(file: path, line: 1, column: index + 1, message: "the header names no column here")
        }
        if let first = names.firstIndex(of: name) {
          throw DataFileError(
            file: path, line: 1, column: index + 1, columnName: name,
            message: "the header names this column twice (also column \(first + 1))")
        }
        names.append(name)
      }
      header = names
    }
  }

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
  /// skipped (invalid UTF-8 shown as U+FFFD).
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
        if let error = invalidUTF8(recordStart: start, recordEnd: end) {
          malformedText = String(
            decoding: UnsafeBufferPointer(start: buffer + start, count: end - start), as: UTF8.self
          )
          .trimmingLineBreak()
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
        try fill()
      case .failure(let problem, let field, let lineBreaks, let offset):
        let error = DataFileError(
          file: path, line: nextLine + lineBreaks, column: field + 1,
          columnName: field < header.count ? header[field] : nil, message: problem.message)
        try skipMalformed(from: offset - position)
        spans.removeAll()
        return .malformed(error)
      }
    }
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
        malformedText = String(decoding: skipped, as: UTF8.self).trimmingLineBreak()
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
      try fill()
    }
  }

  private func invalidUTF8(recordStart: Int, recordEnd: Int) -> DataFileError? {
    // A multi-byte character cannot contain a delimiter, quote or line break, so a record that is
    // valid UTF-8 as a whole has valid fields; only a failure needs the per-field search.
    let record = UnsafeBufferPointer(start: buffer + recordStart, count: recordEnd - recordStart)
    if UTF8Validation.firstInvalidOffset(record) == nil { return nil }
    for (index, span) in spans.enumerated() {
      let bytes = span.bytes(in: buffer)
      if let offset = UTF8Validation.firstInvalidOffset(bytes) {
        let before = UnsafeBufferPointer(start: buffer + recordStart, count: span.start + offset - recordStart)
        let linesBefore = before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return DataFileError(
          file: path, line: line + linesBefore, column: index + 1,
          columnName: index < header.count ? header[index] : nil,
          message: "invalid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true))); save the file as UTF-8"
        )
      }
    }
    return nil
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
