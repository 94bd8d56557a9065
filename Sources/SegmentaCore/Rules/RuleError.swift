/// A rule that cannot be used: where, what kind of problem, and what was expected.
///
/// Positions count Unicode scalars from 0 in the rule's text; ``description`` shows the rule with a
/// caret under the position (wide CJK characters counted as two columns).
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The kinds of problem a rule can have.
  public enum Kind: String, Sendable, Equatable, Codable {
    /// The text is not a rule of the language.
    case syntax
    /// A name that is not a field, segmentation, segment or tag of the workspace.
    case unknownName = "unknown_name"
    /// An operator applied to values of the wrong type.
    case type
    /// Over the size or nesting limits.
    case tooLarge = "too_large"
  }

  /// The kind of problem.
  public var kind: Kind
  /// The 0-based position (in Unicode scalars) in the rule.
  public var position: Int
  /// What is wrong and what was expected.
  public var message: String
  /// The rule's text.
  public var rule: String

  /// Creates an error of `kind` at `position` (in Unicode scalars) of `rule`.
  public init(_ kind: Kind, at position: Int, _ message: String, rule: String) {
    self.kind = kind
    self.position = position
    self.message = message
    self.rule = rule
  }

  /// `column N: message`, then the rule's line and a caret under the position.
  public var description: String {
    let scalars = Array(rule.unicodeScalars)
    let clamped = min(max(0, position), scalars.count)
    // Show the line holding the position.
    var lineStart = clamped
    while lineStart > 0 && scalars[lineStart - 1] != "\n" { lineStart -= 1 }
    var lineEnd = clamped
    while lineEnd < scalars.count && scalars[lineEnd] != "\n" { lineEnd += 1 }
    var line = String.UnicodeScalarView()
    line.append(contentsOf: scalars[lineStart..<lineEnd].map { $0 == "\t" ? " " : $0 })
    let width = scalars[lineStart..<clamped].reduce(0) { $0 + Self.displayWidth($1) }
    let lineNumber = scalars[0..<lineStart].filter { $0 == "\n" }.count + 1
    let column = clamped - lineStart + 1
    let place = lineNumber > 1 || scalars.contains("\n") ? "line \(lineNumber), column \(column)" : "column \(column)"
    return "\(place): \(message)\n  \(String(line))\n  \(String(repeating: " ", count: width))^"
  }

  /// Terminal columns a scalar takes: two for East Asian wide characters, zero for combining marks.
  static func displayWidth(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark {
      return 0
    }
    let wide: [ClosedRange<UInt32>] = [
      0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
      0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
      0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
    return wide.contains { $0.contains(value) } ? 2 : 1
  }
}
