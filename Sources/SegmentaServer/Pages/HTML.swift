import Foundation
import SegmentaIO

/// A piece of HTML.
///
/// Text interpolated into it is escaped; only other `HTML` values (and integers) go in
/// as they are, so a page cannot put a user's text into markup by mistake.
///
/// ```swift
/// let row: HTML = "<td>\(segment.name)</td><td>\(count)</td>"
/// ```
struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
  /// The markup.
  private(set) var text: String

  /// Markup that is already safe (escaped text, or a renderer's SVG whose values it escaped).
  init(raw text: String) {
    self.text = text
  }

  init(stringLiteral value: String) {
    text = value
  }

  init(stringInterpolation: StringInterpolation) {
    text = stringInterpolation.text
  }

  var description: String { text }

  /// Interpolation that escapes text and keeps markup.
  struct StringInterpolation: StringInterpolationProtocol {
    var text = ""

    init(literalCapacity: Int, interpolationCount: Int) {
      text.reserveCapacity(literalCapacity + interpolationCount * 16)
    }

    mutating func appendLiteral(_ literal: String) { text += literal }
    mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }
    mutating func appendInterpolation(_ value: Substring) { text += HTML.escape(String(value)) }
    mutating func appendInterpolation<T: BinaryInteger>(_ value: T) { text += String(value) }
    mutating func appendInterpolation(_ value: HTML) { text += value.text }
    mutating func appendInterpolation(_ value: HTML?) { text += value?.text ?? "" }
    mutating func appendInterpolation(_ values: [HTML]) { for value in values { text += value.text } }
  }

  /// Nothing.
  static let empty = HTML(raw: "")

  static func + (a: HTML, b: HTML) -> HTML { HTML(raw: a.text + b.text) }
  static func += (a: inout HTML, b: HTML) { a.text += b.text }

  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe in element content and in
  /// quoted attribute values.
  static func escape(_ text: String) -> String {
    HTMLReport.escape(text)
  }

  /// `parts` one after the other.
  static func joined(_ parts: [HTML], separator: HTML = .empty) -> HTML {
    HTML(raw: parts.map(\.text).joined(separator: separator.text))
  }

  /// ` selected` or ` checked` style boolean attributes.
  static func attribute(_ name: String, when condition: Bool) -> HTML {
    condition ? HTML(raw: " " + escape(name)) : .empty
  }
}

/// A percent-encoded path segment or query value (`"/segments/" + urlPart(name)`): every byte but
/// ASCII letters, digits and `-._~` encoded.
func urlPart(_ text: String) -> String {
  text.addingPercentEncoding(withAllowedCharacters: unreservedCharacters) ?? ""
}

private let unreservedCharacters = CharacterSet(
  charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
