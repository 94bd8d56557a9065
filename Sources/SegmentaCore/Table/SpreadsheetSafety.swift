/// What keeps a CSV cell from being run as a formula when a spreadsheet program opens the file
/// (CSV injection): the one rule every CSV Segmenta writes follows.
public enum SpreadsheetSafety {
  /// `text` made safe for spreadsheets, as every CSV cell Segmenta writes is.
  ///
  /// A cell whose first character is `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  /// apostrophe, so spreadsheet programs show it as text instead of evaluating it as a formula;
  /// a plain number (``isPlainNumber(_:)``) is left as it is, so numeric columns stay numeric:
  /// `-5`, `+3.2` and `-1.5e-3` are kept; `-`, `+1+1`, `-2+3` and `=1` become `'-`, `'+1+1`,
  /// `'-2+3` and `'=1`.
  public static func neutralised(_ text: String) -> String {
    var copy = text
    return copy.withUTF8 { needsApostrophe($0) } ? "'" + text : text
  }

  /// Whether `text` is a plain decimal number, which ``neutralised(_:)`` leaves as it is.
  public static func isPlainNumber(_ text: String) -> Bool {
    var copy = text
    return copy.withUTF8 { isPlainNumber($0) }
  }

  /// Whether a cell holding `bytes` (UTF-8) gets a leading apostrophe; see ``neutralised(_:)``.
  public static func needsApostrophe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = bytes.first else { return false }
    switch first {
    case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"): return !isPlainNumber(bytes)
    default: return false
    }
  }

  /// Whether `bytes` are a plain decimal number.
  ///
  /// An optional sign, digits with an optional decimal point (at least one digit in all), and an optional exponent
  /// (`e` or `E`, an optional sign, digits). Nothing else, not even spaces.
  public static func isPlainNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = 0
    let count = bytes.count
    func isDigit(_ position: Int) -> Bool { position < count && bytes[position] &- 0x30 < 10 }
    if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
    var digits = 0
    while isDigit(index) {
      index += 1
      digits += 1
    }
    if index < count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      while isDigit(index) {
        index += 1
        digits += 1
      }
    }
    guard digits > 0 else { return false }
    if index < count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      index += 1
      if index < count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
      guard isDigit(index) else { return false }
      while isDigit(index) { index += 1 }
    }
    return index == count
  }
}
