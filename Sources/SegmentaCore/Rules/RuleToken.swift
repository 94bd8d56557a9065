/// A token of the rule language, with its position in Unicode scalars.
struct RuleToken: Equatable {
  enum Kind: Equatable {
    case number(Double)
    case text(String)
    case name(String)
    /// A keyword, lower-cased: and, or, not, in, between, is, missing, true, false.
    case keyword(String)
    /// An operator or punctuation: = != < <= > >= + - * / ( ) [ ] ,
    case symbol(String)
    case end
  }

  var kind: Kind
  var position: Int

  /// How the token reads in an error message.
  var shown: String {
    switch kind {
    case .number(let value): return "the number \(RuleLexer.format(value))"
    case .text: return "a string"
    case .name(let name): return "'\(name)'"
    case .keyword(let word): return "'\(word)'"
    case .symbol(let symbol): return "'\(symbol)'"
    case .end: return "the end of the rule"
    }
  }
}
