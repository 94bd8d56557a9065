/// The separators of a CSV file.
///
/// Records end with LF, CRLF or a lone CR; fields are quoted with `"`.
package struct CSVDialect: Sendable, Equatable {
  /// The field delimiter byte (`,` by default; `;`, tab and `|` are common).
  package var delimiter: UInt8

  /// Creates a dialect.
  package init(delimiter: UInt8 = UInt8(ascii: ",")) {
    self.delimiter = delimiter
  }

  /// Parses a `--delimiter` value: one ASCII character, or `tab`, `\t`, `comma`, `semicolon`, `pipe`.
  package init?(delimiterName: String) {
    switch delimiterName {
    case "tab", "\\t", "\t": delimiter = 0x09
    case "comma": delimiter = UInt8(ascii: ",")
    case "semicolon": delimiter = UInt8(ascii: ";")
    case "pipe": delimiter = UInt8(ascii: "|")
    default:
      guard delimiterName.utf8.count == 1, let byte = delimiterName.utf8.first, byte < 0x80,
        byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
      else { return nil }
      delimiter = byte
    }
  }
}
