import Foundation
import SegmentaCore

/// The JSON rendering of results: snake_case keys, sorted, pretty-printed; a number that is not
/// finite (a mean of no values, an undefined ratio) is `null`, never a string such as "nan".
package enum ReportJSON {
  /// What a non-finite number is first written as, before it becomes `null`: control characters
  /// that no text Segmenta writes contains.
  private static let marker = "\u{1}\u{2}non-finite\u{2}\u{1}"

  /// `value` as pretty JSON text (on one line when `compact`: server-sent events, logs of jobs).
  package static func encode<T: Encodable>(_ value: T, compact: Bool = false) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: marker, negativeInfinity: marker, nan: marker)
    let text = String(decoding: try encoder.encode(value), as: UTF8.self)
    return text.replacingOccurrences(of: "\"\\u0001\\u0002non-finite\\u0002\\u0001\"", with: "null")
  }
}
