import SegmentaCore

/// Records from lines of text split at commas (no quoting), for store tests that need no CSV reader.
///
/// Each call of `open` starts again from the first record, as an import's two
/// passes expect.
final class RecordLines: RecordSource {
  let path: String
  let header: [String]
  private let rows: [[UInt8]]
  private var index = -1
  private var spans: [FieldSpan] = []
  private(set) var bytesRead = 0
  let fileSize: Int

  /// `text`'s first line is the header; every other non-empty line a record.
  init(_ text: String, path: String = "customers.csv") {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { Array($0.utf8) }
    self.path = path
    header = lines.first.map { String(decoding: $0, as: UTF8.self).split(separator: ",").map(String.init) } ?? []
    rows = Array(lines.dropFirst())
    fileSize = text.utf8.count
  }

  var line: Int { index + 2 }

  func step() throws(DataFileError) -> RecordStep {
    index += 1
    guard index < rows.count else { return .end }
    bytesRead += rows[index].count + 1
    spans = []
    var start = 0
    for (offset, byte) in rows[index].enumerated() where byte == UInt8(ascii: ",") {
      spans.append(FieldSpan(start: start, count: offset - start))
      start = offset + 1
    }
    spans.append(FieldSpan(start: start, count: rows[index].count - start))
    return .record
  }

  func withFields<R>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<FieldSpan>) throws -> R) rethrows -> R {
    // Lines are never empty, so a record always has a base address.
    try rows[index].withUnsafeBufferPointer { bytes in
      try spans.withUnsafeBufferPointer { fields in
        guard let base = bytes.baseAddress else { preconditionFailure("records are never empty") }
        return try body(base, fields)
      }
    }
  }

  var recordText: String { String(decoding: rows[index], as: UTF8.self) }
}
