/// Splits a rule into tokens.
///
/// Names start with a letter (any script) or `_` and go on with letters, digits and `_`; a name
/// with other characters is written between backquotes (`` `plan code` ``). Strings are in double
/// quotes and may hold any text, with `\"` for a quote and `\\` for a backslash. Numbers are
/// decimal, with an optional fraction and exponent. Keywords are case-insensitive. Anything else —
/// `$`, `;`, `:`, `'`, `{` and so on — is a syntax error.
enum RuleLexer {
  static let keywords: Set<String> = ["and", "or", "not", "in", "between", "is", "missing", "true", "false"]

  static func tokens(_ rule: String) throws(RuleError) -> [RuleToken] {
    let scalars = Array(rule.unicodeScalars)
    var tokens: [RuleToken] = []
    var i = 0
    func fail(_ position: Int, _ message: String) -> RuleError {
      RuleError(.syntax, at: position, message, rule: rule)
    }
    while i < scalars.count {
      let c = scalars[i]
      if c.properties.isWhitespace {
        i += 1
        continue
      }
      let start = i
      if c == "\"" {
        var text = String.UnicodeScalarView()
        i += 1
        var closed = false
        while i < scalars.count {
          let s = scalars[i]
          if s == "\"" {
            closed = true
            i += 1
            break
          }
          if s == "\\" {
            guard i + 1 < scalars.count, scalars[i + 1] == "\"" || scalars[i + 1] == "\\" else {
              throw fail(i, "a backslash in a string must be followed by \" or \\")
            }
            text.append(scalars[i + 1])
            i += 2
            continue
          }
          text.append(s)
          i += 1
        }
        guard closed else { throw fail(start, "this string is not closed: expected a closing \"") }
        tokens.append(RuleToken(kind: .text(String(text)), position: start))
      } else if c == "`" {
        var name = String.UnicodeScalarView()
        i += 1
        while i < scalars.count && scalars[i] != "`" && scalars[i] != "\n" {
          name.append(scalars[i])
          i += 1
        }
        guard i < scalars.count, scalars[i] == "`" else {
          throw fail(start, "this quoted name is not closed: expected a closing `")
        }
        i += 1
        guard !name.isEmpty else { throw fail(start, "a quoted name cannot be empty") }
        tokens.append(RuleToken(kind: .name(String(name)), position: start))
      } else if isDigit(c) || (c == "." && i + 1 < scalars.count && isDigit(scalars[i + 1])) {
        while i < scalars.count && isDigit(scalars[i]) { i += 1 }
        if i < scalars.count && scalars[i] == "." {
          i += 1
          while i < scalars.count && isDigit(scalars[i]) { i += 1 }
        }
        if i < scalars.count && (scalars[i] == "e" || scalars[i] == "E") {
          var j = i + 1
          if j < scalars.count && (scalars[j] == "+" || scalars[j] == "-") { j += 1 }
          if j < scalars.count && isDigit(scalars[j]) {
            i = j
            while i < scalars.count && isDigit(scalars[i]) { i += 1 }
          }
        }
        if i < scalars.count && isNameScalar(scalars[i]) {
          throw fail(i, "a number cannot run into a name; put a space or an operator between them")
        }
        var literal = String.UnicodeScalarView()
        literal.append(contentsOf: scalars[start..<i])
        guard let value = Double(String(literal)), value.isFinite else { throw fail(start, "this number is too large") }
        tokens.append(RuleToken(kind: .number(value), position: start))
      } else if isNameStart(c) {
        while i < scalars.count && isNameScalar(scalars[i]) { i += 1 }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[start..<i])
        let word = String(name)
        let lower = word.lowercased()
        tokens.append(RuleToken(kind: keywords.contains(lower) ? .keyword(lower) : .name(word), position: start))
      } else {
        let next = i + 1 < scalars.count ? scalars[i + 1] : nil
        let symbol: String
        switch (c, next) {
        case ("!", "="), ("<", "="), (">", "="): symbol = "\(c)="
        case ("<", ">"): symbol = "!="
        case ("=", "="): symbol = "="
        case ("=", _), ("<", _), (">", _), ("+", _), ("-", _), ("*", _), ("/", _), ("(", _), (")", _), ("[", _),
          ("]", _), (",", _):
          symbol = String(c)
        case ("!", _):
          throw fail(i, "unexpected '!': write 'not' for negation or '!=' for not equal")
        case ("'", _):
          throw fail(
            i, "unexpected \"'\": strings are written in double quotes, names with odd characters in backquotes")
        default:
          throw fail(
            i, "unexpected character '\(c)'\(c.isASCII ? "" : " (U+\(String(c.value, radix: 16, uppercase: true)))")")
        }
        i += symbol.unicodeScalars.count == 2 || (c == "=" && next == "=") || (c == "<" && next == ">") ? 2 : 1
        tokens.append(RuleToken(kind: .symbol(symbol), position: start))
      }
    }
    tokens.append(RuleToken(kind: .end, position: scalars.count))
    return tokens
  }

  static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

  static func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }

  static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
    isNameStart(c) || isDigit(c) || c.properties.generalCategory == .decimalNumber
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }
}
