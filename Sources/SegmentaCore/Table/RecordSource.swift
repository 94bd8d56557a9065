/// A file of delimited records read one at a time: what the customer import consumes.
///
/// The storage layer imports from any record source; the formats layer provides the CSV reader.
public protocol RecordSource: AnyObject {
  /// The path, for messages.
  var path: String { get }
  /// Column names from the header.
  var header: [String] { get }
  /// Line where the current record starts.
  var line: Int { get }
  /// Bytes consumed so far.
  var bytesRead: Int { get }
  /// Size of the file in bytes.
  var fileSize: Int { get }
  /// Advances to the next record. Throws only when reading cannot go on (I/O failure); a
  /// malformed record is reported as ``RecordStep/malformed(_:)`` and skipped.
  func step() throws(DataFileError) -> RecordStep
  /// Calls `body` with the current record's buffer and field spans.
  func withFields<R>(_ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<FieldSpan>) throws -> R) rethrows -> R
  /// The current (or just skipped malformed) record as text, for a rejects file.
  var recordText: String { get }
}

/// The outcome of ``RecordSource/step()``.
public enum RecordStep: Sendable, Equatable {
  /// A well-formed record is current.
  case record
  /// A malformed record was skipped; reading may continue.
  case malformed(DataFileError)
  /// No more records.
  case end
}
