import SegmentaCore

/// Writes RFC 4180 CSV.
///
/// Fields holding the delimiter, a quote or a line break are quoted, quotes are doubled, records end with LF.
///
/// Every text cell is made safe for spreadsheets here, so no output can forget it: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading apostrophe, unless it is a plain number such as `-5` or
/// `+1.5e-3` (see `SpreadsheetSafety`). Numbers written with ``field(_:)-(Int64)`` and
/// ``field(_:decimals:)`` are written as they are.
///
/// Output is buffered. A file is written atomically: to a temporary sibling renamed over the target on ``close()``,
/// so a reader never sees half a file; a symbolic link or other non-regular file at the target is never replaced
/// (checked when the writer opens and again right before the rename). Standard output (`-`) is written as the
/// buffer fills and flushed by ``close()``.
package final class CSVWriter {
  /// Target path; `-` for standard output.
  package let path: String
  private let sink: OutputSink
  private let delimiter: UInt8
  private var buffer: [UInt8] = []
  /// Data rows written (not counting the header).
  package private(set) var rowCount = 0
  private var fieldsInRecord = 0

  /// Creates the file (via a temporary sibling), or writes to standard output when `path` is `-`, and writes the
  /// header.
  package convenience init(path: String, header: [String], delimiter: UInt8 = UInt8(ascii: ",")) throws(DataFileError) {
    try self.init(target: OutputTarget(path: path), header: header, delimiter: delimiter)
  }

  /// Opens `target` (for a file, a temporary sibling) and writes the header.
  package init(target: OutputTarget, header: [String], delimiter: UInt8 = UInt8(ascii: ",")) throws(DataFileError) {
    path = target.path
    self.delimiter = delimiter
    do {
      sink = try OutputSink(target)
    } catch {
      throw Self.error(error, path: target.path)
    }
    buffer.reserveCapacity(1 << 20)
    append(header)
    rowCount = 0
  }

  /// Appends one record.
  package func write(_ fields: [String]) throws(DataFileError) {
    append(fields)
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Appends one record of raw byte fields.
  package func write(bytes fields: [UnsafeBufferPointer<UInt8>]) throws(DataFileError) {
    for (index, field) in fields.enumerated() {
      if index > 0 { buffer.append(delimiter) }
      Self.appendField(field, delimiter: delimiter, to: &buffer)
    }
    buffer.append(0x0A)
    rowCount += 1
    if buffer.count >= 1 << 20 { try flush() }
  }

  // MARK: Field-by-field writing, for large files

  @inline(__always)
  private func separate() {
    if fieldsInRecord > 0 { buffer.append(delimiter) }
    fieldsInRecord += 1
  }

  /// Appends a text field to the current record (quoted when needed).
  package func field(_ text: String) {
    separate()
    var copy = text
    copy.withUTF8 { Self.appendField($0, delimiter: delimiter, to: &buffer) }
  }

  /// Appends an empty field.
  package func emptyField() {
    separate()
  }

  /// Appends an integer field.
  package func field(_ value: Int64) {
    separate()
    Self.appendInteger(value, to: &buffer)
  }

  /// Appends a number with exactly `digits` decimals (rounded half away from zero).
  package func field(_ value: Double, decimals digits: Int) {
    separate()
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    if value < 0 && scaled > 0 { buffer.append(UInt8(ascii: "-")) }
    let whole = Int64(scaled / scale)
    Self.appendInteger(whole, to: &buffer)
    if digits > 0 {
      buffer.append(UInt8(ascii: "."))
      var fraction = Int64(scaled) - whole * Int64(scale)
      var digitsOut = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
      for position in stride(from: digits - 1, through: 0, by: -1) {
        digitsOut[position] = UInt8(ascii: "0") + UInt8(fraction % 10)
        fraction /= 10
      }
      buffer.append(contentsOf: digitsOut)
    }
  }

  /// Appends a wall-clock timestamp as `YYYY-MM-DD HH:MM:SS`.
  package func timestampField(_ second: Int64) {
    separate()
    let day = CivilDate.floorDivide(second, CivilDate.secondsPerDay)
    let rest = Int(second - day * CivilDate.secondsPerDay)
    let (year, month, dayOfMonth) = CivilDate.components(days: Int(day))
    func two(_ value: Int) {
      buffer.append(UInt8(ascii: "0") + UInt8(value / 10))
      buffer.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
    Self.appendInteger(Int64(year), to: &buffer)
    buffer.append(UInt8(ascii: "-"))
    two(month)
    buffer.append(UInt8(ascii: "-"))
    two(dayOfMonth)
    buffer.append(UInt8(ascii: " "))
    two(rest / 3600)
    buffer.append(UInt8(ascii: ":"))
    two(rest / 60 % 60)
    buffer.append(UInt8(ascii: ":"))
    two(rest % 60)
  }

  /// Ends the current record.
  package func endRecord() throws(DataFileError) {
    buffer.append(0x0A)
    fieldsInRecord = 0
    rowCount += 1
    if buffer.count >= 1 << 20 { try flush() }
  }

  static func appendInteger(_ value: Int64, to buffer: inout [UInt8]) {
    if value < 0 { buffer.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { storage in
      repeat {
        storage[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
        count += 1
      } while magnitude > 0
      for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(storage[index]) }
    }
  }

  private func append(_ fields: [String]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { buffer.append(delimiter) }
      var copy = field
      copy.withUTF8 { Self.appendField($0, delimiter: delimiter, to: &buffer) }
    }
    buffer.append(0x0A)
    rowCount += 1
  }

  /// Flushes the output and, for a file, renames it into place.
  ///
  /// Refuses (and removes the temporary file) when the target has meanwhile become a symbolic link or another
  /// non-regular file.
  package func close() throws(DataFileError) {
    try flush()
    do {
      try sink.commit()
    } catch {
      throw Self.error(error, path: path)
    }
  }

  private func flush() throws(DataFileError) {
    guard !buffer.isEmpty else { return }
    if let failure = buffer.withUnsafeBytes({ sink.write($0) }) {
      sink.abandon()
      throw Self.error(failure, path: path)
    }
    buffer.removeAll(keepingCapacity: true)
  }

  private static func error(_ failure: OutputFailure, path: String) -> DataFileError {
    DataFileError(file: path == "-" ? "standard output" : path, message: failure.message)
  }

  /// Appends one text cell: neutralised for spreadsheets (`SpreadsheetSafety`), quoted when it holds the
  /// delimiter, a quote or a line break.
  static func appendField(_ field: UnsafeBufferPointer<UInt8>, delimiter: UInt8, to buffer: inout [UInt8]) {
    let apostrophe = SpreadsheetSafety.needsApostrophe(field)
    let needsQuotes = field.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else {
      if apostrophe { buffer.append(UInt8(ascii: "'")) }
      buffer.append(contentsOf: field)
      return
    }
    buffer.append(0x22)
    if apostrophe { buffer.append(UInt8(ascii: "'")) }
    for byte in field {
      if byte == 0x22 { buffer.append(0x22) }
      buffer.append(byte)
    }
    buffer.append(0x22)
  }

  /// One record as CSV text, without the line break, its cells neutralised as the writer's are.
  package static func line(_ fields: [String], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
    var bytes: [UInt8] = []
    for (index, field) in fields.enumerated() {
      if index > 0 { bytes.append(delimiter) }
      var copy = field
      copy.withUTF8 { appendField($0, delimiter: delimiter, to: &bytes) }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
