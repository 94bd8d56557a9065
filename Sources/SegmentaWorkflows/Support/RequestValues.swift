import SegmentaCore
import SegmentaIO

/// Values of the server's requests (forms, bodies, jobs) as workflows take them; a bad one is refused with
/// `invalid_request` naming its field.
package enum RequestValues {
  /// A date `YYYY-MM-DD` as days since 1970-01-01; nil without text.
  package static func day(_ text: String?, field: String) throws(SegmentaError) -> Int? {
    guard let text else { return nil }
    guard let day = ValueParser.withBytes(of: text, { ValueParser.parseDate($0) }) else {
      throw SegmentaError(.invalidRequest, "\(field) takes a date as YYYY-MM-DD, not '\(text)'", field: field)
    }
    return day
  }

  /// The CSV dialect of a delimiter: one character, or tab, comma, semicolon, pipe.
  package static func dialect(delimiter: String) throws(SegmentaError) -> CSVDialect {
    guard let dialect = CSVDialect(delimiterName: delimiter) else {
      throw SegmentaError(
        .invalidRequest, "delimiter takes one character (or tab, comma, semicolon, pipe), not '\(delimiter)'",
        field: "delimiter")
    }
    return dialect
  }
}
