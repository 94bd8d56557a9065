/// Parses rule text into a ``RuleNode`` tree.
///
/// ```
/// rule       := or
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | predicate
/// predicate  := sum [ compare sum | "between" sum "and" sum | ["not"] "in" "[" list "]"
///                   | "is" ["not"] "missing" ]
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := "-" unary | primary
/// primary    := number | string | "true" | "false" | name | "(" rule ")"
///             | "segment" "(" name ["," "previous"] ")" | "tag" "(" name ")" | "at_least" "(" integer ("," rule)+ ")"
/// ```
public enum RuleParser {
  /// The most nodes a rule may have (10,000).
  public static let maximumNodes = 10_000
  /// The deepest nesting a rule may have (100 levels).
  public static let maximumDepth = 100
  /// The longest rule text, in UTF-8 bytes (1,000,000).
  public static let maximumLength = 1_000_000

  /// Parses `rule` into its syntax tree.
  ///
  /// - Throws: ``RuleError`` of kind `syntax` at the first token that does not fit the grammar, or
  ///   `tooLarge` past the size limits.
  public static func parse(_ rule: String) throws(RuleError) -> RuleNode {
    guard rule.utf8.count <= maximumLength else {
      throw RuleError(.tooLarge, at: 0, "the rule is longer than \(maximumLength) bytes", rule: rule)
    }
    var parser = Parser(tokens: try RuleLexer.tokens(rule), rule: rule)
    if case .end = parser.peek.kind {
      throw RuleError(.syntax, at: 0, "the rule is empty: expected a condition such as arpu > 100", rule: rule)
    }
    let node = try parser.or()
    guard case .end = parser.peek.kind else {
      throw parser.error(
        parser.peek.position,
        "expected 'and', 'or', an operator or the end of the rule, found \(parser.peek.shown)")
    }
    return node
  }

  struct Parser {
    let tokens: [RuleToken]
    let rule: String
    var index = 0
    var depth = 0
    var nodes = 0

    init(tokens: [RuleToken], rule: String) {
      self.tokens = tokens
      self.rule = rule
    }

    var peek: RuleToken { tokens[index] }

    func error(_ position: Int, _ message: String) -> RuleError {
      RuleError(.syntax, at: position, message, rule: rule)
    }

    mutating func advance() -> RuleToken {
      let token = tokens[index]
      if index < tokens.count - 1 { index += 1 }
      return token
    }

    func isKeyword(_ word: String) -> Bool { peek.kind == .keyword(word) }
    func isSymbol(_ symbol: String) -> Bool { peek.kind == .symbol(symbol) }

    mutating func expectSymbol(_ symbol: String, _ what: String) throws(RuleError) {
      guard isSymbol(symbol) else { throw error(peek.position, "expected \(what), found \(peek.shown)") }
      _ = advance()
    }

    mutating func node(_ syntax: RuleNode.Syntax, at position: Int) throws(RuleError) -> RuleNode {
      nodes += 1
      guard nodes <= RuleParser.maximumNodes else {
        throw RuleError(.tooLarge, at: position, "the rule has more than \(RuleParser.maximumNodes) parts", rule: rule)
      }
      return RuleNode(syntax, at: position)
    }

    mutating func enter(_ position: Int) throws(RuleError) {
      depth += 1
      guard depth <= RuleParser.maximumDepth else {
        throw RuleError(
          .tooLarge, at: position, "the rule nests deeper than \(RuleParser.maximumDepth) levels", rule: rule)
      }
    }

    mutating func or() throws(RuleError) -> RuleNode {
      let first = try and()
      guard isKeyword("or") else { return first }
      let position = peek.position
      var terms = [first]
      while isKeyword("or") {
        _ = advance()
        terms.append(try and())
      }
      return try node(.or(terms), at: position)
    }

    mutating func and() throws(RuleError) -> RuleNode {
      let first = try not()
      guard isKeyword("and") else { return first }
      let position = peek.position
      var terms = [first]
      while isKeyword("and") {
        _ = advance()
        terms.append(try not())
      }
      return try node(.and(terms), at: position)
    }

    mutating func not() throws(RuleError) -> RuleNode {
      guard isKeyword("not") else { return try predicate() }
      let position = advance().position
      try enter(position)
      defer { depth -= 1 }
      return try node(.not(try not()), at: position)
    }

    mutating func predicate() throws(RuleError) -> RuleNode {
      let left = try sum()
      let token = peek
      switch token.kind {
      case .symbol(let symbol):
        guard let op = ComparisonOperator(symbol: symbol) else { return left }
        _ = advance()
        let right = try sum()
        return try node(.comparison(op, left, right), at: token.position)
      case .keyword("between"):
        _ = advance()
        let low = try sum()
        guard isKeyword("and") else {
          throw error(peek.position, "expected 'and' between the two bounds of 'between', found \(peek.shown)")
        }
        _ = advance()
        let high = try sum()
        return try node(.between(left, low, high), at: token.position)
      case .keyword("in"):
        _ = advance()
        return try node(.inList(left, try list(), negated: false), at: token.position)
      case .keyword("not"):
        _ = advance()
        guard isKeyword("in") else {
          throw error(peek.position, "expected 'in' after 'not' here (x not in [...]), found \(peek.shown)")
        }
        _ = advance()
        return try node(.inList(left, try list(), negated: true), at: token.position)
      case .keyword("is"):
        _ = advance()
        var negated = false
        if isKeyword("not") {
          _ = advance()
          negated = true
        }
        guard isKeyword("missing") else {
          throw error(peek.position, "expected 'missing' after 'is'\(negated ? " not" : ""), found \(peek.shown)")
        }
        _ = advance()
        return try node(.missing(left, negated: negated), at: token.position)
      default:
        return left
      }
    }

    mutating func list() throws(RuleError) -> [RuleNode] {
      try expectSymbol("[", "'[' to open the list of values")
      var items: [RuleNode] = []
      if isSymbol("]") { throw error(peek.position, "the list is empty: expected at least one value") }
      while true {
        let token = advance()
        switch token.kind {
        case .number(let value): items.append(try node(.number(value), at: token.position))
        case .text(let text): items.append(try node(.text(text), at: token.position))
        case .keyword("true"), .keyword("false"):
          items.append(try node(.boolean(token.kind == .keyword("true")), at: token.position))
        case .symbol("-"):
          guard case .number(let value) = peek.kind else {
            throw error(peek.position, "expected a number after '-' in the list, found \(peek.shown)")
          }
          _ = advance()
          items.append(try node(.number(-value), at: token.position))
        default:
          throw error(token.position, "expected a value (a number or a string) in the list, found \(token.shown)")
        }
        if isSymbol(",") {
          _ = advance()
          continue
        }
        try expectSymbol("]", "',' or ']' in the list of values")
        return items
      }
    }

    // A chain a + b + c builds a tree as deep as it is long: each operator counts as a level.
    mutating func sum() throws(RuleError) -> RuleNode {
      var left = try product()
      let outer = depth
      defer { depth = outer }
      while case .symbol(let symbol) = peek.kind, let op = ArithmeticOperator(rawValue: symbol),
        op == .add || op == .subtract
      {
        let position = advance().position
        try enter(position)
        let right = try product()
        left = try node(.arithmetic(op, left, right), at: position)
      }
      return left
    }

    mutating func product() throws(RuleError) -> RuleNode {
      var left = try unary()
      let outer = depth
      defer { depth = outer }
      while case .symbol(let symbol) = peek.kind, let op = ArithmeticOperator(rawValue: symbol),
        op == .multiply || op == .divide
      {
        let position = advance().position
        try enter(position)
        let right = try unary()
        left = try node(.arithmetic(op, left, right), at: position)
      }
      return left
    }

    mutating func unary() throws(RuleError) -> RuleNode {
      guard isSymbol("-") else { return try primary() }
      let position = advance().position
      try enter(position)
      defer { depth -= 1 }
      return try node(.negate(try unary()), at: position)
    }

    mutating func primary() throws(RuleError) -> RuleNode {
      let token = advance()
      switch token.kind {
      case .number(let value): return try node(.number(value), at: token.position)
      case .text(let text): return try node(.text(text), at: token.position)
      case .keyword("true"): return try node(.boolean(true), at: token.position)
      case .keyword("false"): return try node(.boolean(false), at: token.position)
      case .symbol("("):
        try enter(token.position)
        defer { depth -= 1 }
        let inner = try or()
        try expectSymbol(")", "')' to close the '(' at column \(token.position + 1)")
        return inner
      case .name(let name):
        guard isSymbol("(") else { return try node(.name(name), at: token.position) }
        return try call(name, at: token.position)
      case .end:
        throw error(token.position, "the rule ends too early: expected a value, a field or '('")
      default:
        throw error(token.position, "expected a value, a field or '(', found \(token.shown)")
      }
    }

    mutating func call(_ function: String, at position: Int) throws(RuleError) -> RuleNode {
      let open = advance().position
      try enter(open)
      defer { depth -= 1 }
      switch function.lowercased() {
      case "segment", "tag":
        let argument = advance()
        let name: String
        switch argument.kind {
        case .name(let value), .text(let value): name = value
        default:
          throw error(
            argument.position,
            "expected the name of a \(function.lowercased() == "tag" ? "tag" : "segmentation") in \(function)(...), found \(argument.shown)"
          )
        }
        if function.lowercased() == "segment" && isSymbol(",") {
          _ = advance()
          let which = advance()
          guard case .name(let word) = which.kind, word.lowercased() == "previous" else {
            throw error(
              which.position,
              "expected 'previous' as the second argument of segment(NAME, previous), found \(which.shown)")
          }
          try expectSymbol(")", "')' after previous")
          return try node(.segment(SegmentationReference(name, previous: true)), at: position)
        }
        try expectSymbol(")", "')' after the name")
        return try node(
          function.lowercased() == "tag" ? .tag(name) : .segment(SegmentationReference(name)), at: position)
      case "at_least":
        let count = advance()
        guard case .number(let value) = count.kind, value == value.rounded(), value >= 0, value <= 1e9 else {
          throw error(
            count.position,
            "expected a whole number of conditions as the first argument of at_least, found \(count.shown)")
        }
        var conditions: [RuleNode] = []
        while isSymbol(",") {
          _ = advance()
          conditions.append(try or())
        }
        guard !conditions.isEmpty else { throw error(peek.position, "expected ',' and the conditions at_least counts") }
        try expectSymbol(")", "',' or ')' in at_least(...)")
        return try node(.atLeast(Int(value), conditions), at: position)
      default:
        throw error(
          position,
          "unknown function '\(function)': the functions are segment(NAME), segment(NAME, previous), tag(NAME) and "
            + "at_least(N, ...)")
      }
    }
  }
}
