/// Value shapes that mark a column as personal data, whatever its name: mainland-China mobile
/// numbers, e-mail addresses and resident identity card numbers.
public enum PersonalDataShape: String, Sendable, Equatable, Codable, CaseIterable {
  /// 11 digits starting 13–19, optionally after +86, 86 or 0086, with spaces or dashes allowed.
  case mobile
  /// local@domain.tld without spaces.
  case email
  /// 17 digits and a check character (a digit or X) that satisfies the ISO 7064 MOD 11-2 check.
  case nationalID = "national_id"

  /// The shape in words: "mobile numbers", "e-mail addresses", "identity numbers".
  public var words: String {
    switch self {
    case .mobile: "mobile numbers"
    case .email: "e-mail addresses"
    case .nationalID: "identity numbers"
    }
  }

  /// The shape `raw` has, if any (surrounding spaces ignored).
  public static func of(_ raw: UnsafeBufferPointer<UInt8>) -> PersonalDataShape? {
    let bytes = ValueParser.trimmed(raw)
    guard bytes.count >= 5 && bytes.count <= 254 else { return nil }
    if isMobile(bytes) { return .mobile }
    if isNationalID(bytes) { return .nationalID }
    if isEmail(bytes) { return .email }
    return nil
  }

  /// The shape of `text`, if any.
  public static func of(_ text: String) -> PersonalDataShape? {
    var copy = text
    return copy.withUTF8 { of($0) }
  }

  static func isMobile(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count <= 20 else { return false }
    // The digits, at most 16 of them, packed four bits each (no array: this runs on many values).
    var digits: UInt64 = 0
    var count = 0
    for (index, byte) in bytes.enumerated() {
      if byte &- 0x30 < 10 {
        guard count < 16 else { return false }
        digits = digits << 4 | UInt64(byte &- 0x30)
        count += 1
      } else if byte == UInt8(ascii: "+") && index == 0 {
        continue
      } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
        return false
      }
    }
    // A leading 86 or 0086 (China's calling code) is dropped.
    if count == 13 && digits >> 44 == 0x86 { count = 11 }
    if count == 15 && digits >> 44 == 0x0086 { count = 11 }
    guard count == 11 else { return false }
    let first = (digits >> 40) & 0xF
    let second = (digits >> 36) & 0xF
    return first == 1 && second >= 3
  }

  static func isNationalID(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count == 18 else { return false }
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    for index in 0..<17 {
      let digit = bytes[index] &- 0x30
      guard digit < 10 else { return false }
      sum += Int(digit) * weights[index]
    }
    let check = Array("10X98765432".utf8)[sum % 11]
    let last = bytes[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : bytes[17]
    return last == check
  }

  static func isEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var at: Int?
    for (index, byte) in bytes.enumerated() {
      if byte == UInt8(ascii: "@") {
        guard at == nil else { return false }
        at = index
      } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
        return false
      }
    }
    guard let at, at > 0 else { return false }
    guard let dot = bytes[(at + 1)...].lastIndex(of: UInt8(ascii: ".")) else { return false }
    return dot > at + 1 && dot < bytes.count - 1
  }
}

/// How many of a column's values have a personal-data shape, over a sample of its first values.
public struct PersonalDataDetector: Sendable {
  /// Values looked at, at most: the decision rests on the file's first values.
  public static let sampleSize = 10_000
  /// The share of non-missing sampled values with one shape that marks the column personal.
  public static let threshold = 0.5

  /// Non-missing values looked at.
  public private(set) var observed = 0
  private var counts = [Int](repeating: 0, count: PersonalDataShape.allCases.count)

  /// A detector that has seen nothing.
  public init() {}

  /// Looks at one value (missing values are ignored; after ``sampleSize`` values nothing is looked at).
  public mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard observed < Self.sampleSize, !ValueParser.isMissing(bytes) else { return }
    observed += 1
    if let shape = PersonalDataShape.of(bytes), let index = PersonalDataShape.allCases.firstIndex(of: shape) {
      counts[index] += 1
    }
  }

  /// A detector that has seen, in order, the values `samples` recorded (up to ``sampleSize`` in all).
  public init(_ samples: [ShapeSample]) {
    outer: for sample in samples {
      for code in sample.codes {
        guard observed < Self.sampleSize else { break outer }
        observed += 1
        if code > 0 { counts[Int(code) - 1] += 1 }
      }
    }
  }

  /// The shape that at least half the sampled values have, if any.
  public var shape: PersonalDataShape? {
    guard observed > 0 else { return nil }
    for (index, count) in counts.enumerated() where Double(count) >= Self.threshold * Double(observed) {
      return PersonalDataShape.allCases[index]
    }
    return nil
  }
}

/// The shapes of the first non-missing values of a column in one part of a file, in order, so that
/// parts read apart give the same ``PersonalDataDetector`` as one pass.
public struct ShapeSample: Sendable {
  /// Per value: 0 for no shape, else 1 + the shape's index in `PersonalDataShape.allCases`.
  public private(set) var codes: [UInt8] = []

  /// A sample that has seen nothing.
  public init() {}

  /// Looks at one value (missing values are ignored; after ``PersonalDataDetector/sampleSize`` values
  /// nothing is looked at).
  public mutating func observe(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard codes.count < PersonalDataDetector.sampleSize, !ValueParser.isMissing(bytes) else { return }
    let shape = PersonalDataShape.of(bytes).flatMap { PersonalDataShape.allCases.firstIndex(of: $0) }
    codes.append(shape.map { UInt8($0 + 1) } ?? 0)
  }
}
