/// A parsed rule before names are resolved: the syntax tree, each node with its position.
public struct RuleNode: Sendable, Equatable {
  /// The kinds of node of the rule language.
  public indirect enum Syntax: Sendable, Equatable {
    /// A number literal.
    case number(Double)
    /// A string literal, in double quotes.
    case text(String)
    /// `true` or `false`.
    case boolean(Bool)
    /// A field: a feature or customer column.
    case name(String)
    /// `segment(NAME)` or `segment(NAME, previous)`: the customer's segment in a segmentation.
    case segment(SegmentationReference)
    /// `tag(NAME)`: whether the customer carries a tag.
    case tag(String)
    /// `at_least(N, c1, c2, ...)`.
    case atLeast(Int, [RuleNode])
    /// Unary minus.
    case negate(RuleNode)
    /// `not x`.
    case not(RuleNode)
    /// `left op right` with `+`, `-`, `*` or `/`.
    case arithmetic(ArithmeticOperator, RuleNode, RuleNode)
    /// `left op right` with `=`, `!=`, `<`, `<=`, `>` or `>=`.
    case comparison(ComparisonOperator, RuleNode, RuleNode)
    /// Two or more conditions that must all hold.
    case and([RuleNode])
    /// Two or more conditions of which one must hold.
    case or([RuleNode])
    /// `x between low and high`, bounds included.
    case between(RuleNode, RuleNode, RuleNode)
    /// `x in [...]` or `x not in [...]`.
    case inList(RuleNode, [RuleNode], negated: Bool)
    /// `x is missing` or `x is not missing`.
    case missing(RuleNode, negated: Bool)
  }

  /// The node's kind and children.
  public var syntax: Syntax
  /// The 0-based position of the node's first token, in Unicode scalars.
  public var position: Int

  /// Creates a node of `syntax` at `position`.
  public init(_ syntax: Syntax, at position: Int) {
    self.syntax = syntax
    self.position = position
  }
}
