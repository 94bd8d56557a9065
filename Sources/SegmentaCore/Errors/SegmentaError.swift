/// The error every Segmenta use case reports: a stable code, a message a user can act on, and
/// where the problem is.
///
/// Modelled on GRDB's `DatabaseError`: the ``code`` is stable (scripts read it from `--json`, the
/// server maps it to an HTTP status), the ``message`` says what is wrong and what to do, and the
/// context fields locate the problem: ``file``, ``line``, ``column`` and ``field`` for data files,
/// ``specKey`` for spec files, ``position`` for rules. Messages never carry customer data (values
/// of personal columns are never quoted). ``sqliteCode`` keeps the SQLite result code of a
/// database failure for diagnosis.
///
/// Lower layers throw located errors of their own (``DataFileError``, ``RuleError``, …); each
/// converts into exactly one code through ``SegmentaErrorConvertible``, and
/// ``SegmentaError/init(_:)`` normalises any error at a use case's boundary.
public struct SegmentaError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
  /// What kind of failure: the part of an error that scripts and the server rely on.
  public enum Code: String, Sendable, Equatable, Codable, CaseIterable {
    /// A request value is not acceptable (a malformed name, an option out of range).
    case invalidRequest = "invalid_request"
    /// Something named does not exist: a workspace, period, segmentation, tag, campaign or column.
    case notFound = "not_found"
    /// The request clashes with what is stored (a period that exists, a campaign whose groups are fixed).
    case conflict
    /// A step the request depends on has not been done yet (no customers, no selection, no responses).
    case missingPrerequisite = "missing_prerequisite"
    /// A data file has a problem, located by file, line and column.
    case invalidData = "invalid_data"
    /// A spec file has a problem, located by file, line and column or key.
    case invalidSpec = "invalid_spec"
    /// A rule does not check, located by its position.
    case invalidRule = "invalid_rule"
    /// The data cannot support the computation (an empty control group, too few customers).
    case insufficientData = "insufficient_data"
    /// The file is not a Segmenta workspace.
    case notAWorkspace = "not_a_workspace"
    /// The workspace was written by a newer Segmenta.
    case newerWorkspace = "newer_workspace"
    /// The workspace database failed; ``SegmentaError/sqliteCode`` holds SQLite's result code.
    case database
    /// A file could not be read or written.
    case fileAccess = "file_access"
    /// The request does not say who makes it, or its credentials are wrong (the server's sign-in).
    case unauthenticated
    /// The signed-in user's role does not allow the request, or the object is not theirs to see.
    case forbidden
    /// Too many attempts in a short time (sign-in); wait and try again.
    case rateLimited = "rate_limited"
    /// An upload or request body is larger than the server accepts.
    case tooLarge = "too_large"
    /// The work was cancelled before it finished; nothing it would have written was kept.
    case cancelled
    /// A failure that is not the user's: a fault in Segmenta or its environment.
    case `internal`
  }

  /// The kind of failure.
  public var code: Code
  /// What is wrong and what to do, without the location (``description`` adds it).
  public var message: String
  /// The file at fault, as the user named it.
  public var file: String?
  /// 1-based line in ``file``.
  public var line: Int?
  /// 1-based column in ``file``: a field of a data file, a character of a spec file.
  public var column: Int?
  /// The column name or field at fault.
  public var field: String?
  /// The spec key at fault (`features[3].where`), when the spec parser knows it.
  public var specKey: String?
  /// 0-based position (in Unicode scalars) in a rule.
  public var position: Int?
  /// SQLite's extended result code of a database failure.
  public var sqliteCode: Int32?

  /// Creates an error.
  public init(
    _ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil,
    specKey: String? = nil, position: Int? = nil, sqliteCode: Int32? = nil
  ) {
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.field = field
    self.specKey = specKey
    self.position = position
    self.sqliteCode = sqliteCode
  }

  /// The located message: `file:line: column N 'field': message` for data files,
  /// `file:line:column: message` for spec files, the message alone otherwise (other codes keep
  /// ``file`` as context; their messages name what they need).
  public var description: String {
    guard let file, code == .invalidData || code == .invalidSpec else { return message }
    var text = file
    if let line { text += ":\(line)" }
    if code == .invalidSpec {
      if let column { text += ":\(column)" }
      return text + ": " + message
    }
    text += ": "
    if let column {
      text += "column \(column)"
      if let field { text += " '\(field)'" }
      text += ": "
    }
    return text + message
  }

  /// `error` as a Segmenta error: itself, its conversion when it has one, otherwise an
  /// ``Code/internal`` failure described by the error's own text.
  public init(_ error: any Error) {
    switch error {
    case let error as SegmentaError: self = error
    case let error as any SegmentaErrorConvertible: self = error.segmentaError
    default: self.init(.internal, String(describing: error))
    }
  }

  /// Runs `body`, reporting any error it throws as a ``SegmentaError``.
  public static func catching<T>(_ body: () throws -> T) throws(SegmentaError) -> T {
    do {
      return try body()
    } catch {
      throw SegmentaError(error)
    }
  }

  /// This error with `prefix` in front of its message (`"tags.yaml: "` + message).
  public func prefixed(_ prefix: String) -> SegmentaError {
    var copy = self
    copy.message = prefix + message
    return copy
  }
}

/// An error of a lower layer that knows which ``SegmentaError`` it is.
public protocol SegmentaErrorConvertible: Error {
  /// The same failure as a ``SegmentaError``, with its code and context.
  var segmentaError: SegmentaError { get }
}

extension SegmentaError {
  private enum CodingKeys: String, CodingKey {
    case code, message, file, line, column, field, specKey, position, sqliteCode, description
  }

  /// Decodes an error (the `description` field is derived and ignored).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      try container.decode(Code.self, forKey: .code), try container.decode(String.self, forKey: .message),
      file: try container.decodeIfPresent(String.self, forKey: .file),
      line: try container.decodeIfPresent(Int.self, forKey: .line),
      column: try container.decodeIfPresent(Int.self, forKey: .column),
      field: try container.decodeIfPresent(String.self, forKey: .field),
      specKey: try container.decodeIfPresent(String.self, forKey: .specKey),
      position: try container.decodeIfPresent(Int.self, forKey: .position),
      sqliteCode: try container.decodeIfPresent(Int32.self, forKey: .sqliteCode))
  }

  /// Encodes the code, the message, every context field that is set, and the located `description`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(code, forKey: .code)
    try container.encode(message, forKey: .message)
    try container.encodeIfPresent(file, forKey: .file)
    try container.encodeIfPresent(line, forKey: .line)
    try container.encodeIfPresent(column, forKey: .column)
    try container.encodeIfPresent(field, forKey: .field)
    try container.encodeIfPresent(specKey, forKey: .specKey)
    try container.encodeIfPresent(position, forKey: .position)
    try container.encodeIfPresent(sqliteCode, forKey: .sqliteCode)
    try container.encode(description, forKey: .description)
  }
}
