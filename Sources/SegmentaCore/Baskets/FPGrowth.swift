/// Frequent itemsets by FP-Growth (Han, Pei & Yin 2000) and the association rules they give: what
/// else the holders of X hold (the brief's bundle planning).
public enum FPGrowth {
  /// A frequent itemset.
  public struct Itemset: Sendable, Equatable, Hashable {
    /// Item ids, ascending.
    public var items: [Int32]
    /// Transactions holding all of them.
    public var count: Int
  }

  /// A rule "antecedent → consequent".
  public struct Rule: Sendable, Equatable {
    /// Item ids, ascending.
    public var antecedent: [Int32]
    /// Item ids, ascending.
    public var consequent: [Int32]
    /// Share of transactions holding the antecedent.
    public var antecedentSupport: Double
    /// Share holding the consequent.
    public var consequentSupport: Double
    /// Share holding both.
    public var support: Double
    /// support ÷ antecedent support.
    public var confidence: Double
    /// confidence ÷ consequent support.
    public var lift: Double
    /// support − antecedent support × consequent support.
    public var leverage: Double
    /// (1 − consequent support) ÷ (1 − confidence); infinite when the confidence is 1.
    public var conviction: Double
  }

  /// The itemsets whose support (count ÷ transactions) is at least `minimumSupport`, of at most
  /// `maximumLength` items.
  ///
  /// - Parameter transactions: item ids per transaction (duplicates are ignored).
  public static func frequentItemsets(_ transactions: [[Int32]], minimumSupport: Double, maximumLength: Int = .max)
    -> [Itemset]
  {
    let n = transactions.count
    guard n > 0, maximumLength > 0 else { return [] }
    func frequent(_ count: Int) -> Bool { Double(count) / Double(n) >= minimumSupport }
    var counts: [Int32: Int] = [:]
    var cleaned: [[Int32]] = []
    cleaned.reserveCapacity(n)
    for transaction in transactions {
      let unique = Array(Set(transaction))
      for item in unique { counts[item, default: 0] += 1 }
      cleaned.append(unique)
    }
    var result: [Itemset] = []
    let tree = Tree(transactions: cleaned.map { ($0, 1) }, counts: counts, keep: frequent)
    mine(tree, suffix: [], keep: frequent, maximumLength: maximumLength, into: &result)
    // Shorter itemsets first, then by items.
    return result.sorted { a, b in
      a.items.count != b.items.count ? a.items.count < b.items.count : a.items.lexicographicallyPrecedes(b.items)
    }
  }

  /// Every rule from `itemsets` (as returned by ``frequentItemsets(_:minimumSupport:maximumLength:)``)
  /// whose confidence is at least `minimumConfidence`: for each itemset of two or more items, each
  /// non-empty proper subset as the antecedent (as mlxtend's `association_rules`).
  public static func rules(_ itemsets: [Itemset], transactions n: Int, minimumConfidence: Double) -> [Rule] {
    var support: [[Int32]: Double] = [:]
    for itemset in itemsets { support[itemset.items] = Double(itemset.count) / Double(n) }
    var rules: [Rule] = []
    for itemset in itemsets where itemset.items.count >= 2 {
      let items = itemset.items
      let both = Double(itemset.count) / Double(n)
      for mask in 1..<((1 << items.count) - 1) {
        var antecedent: [Int32] = []
        var consequent: [Int32] = []
        for (bit, item) in items.enumerated() {
          if mask & (1 << bit) != 0 { antecedent.append(item) } else { consequent.append(item) }
        }
        guard let a = support[antecedent], let c = support[consequent] else { continue }
        let confidence = both / a
        guard confidence >= minimumConfidence else { continue }
        rules.append(
          Rule(
            antecedent: antecedent, consequent: consequent, antecedentSupport: a, consequentSupport: c, support: both,
            confidence: confidence, lift: confidence / c, leverage: both - a * c,
            conviction: confidence >= 1 ? .infinity : (1 - c) / (1 - confidence)))
      }
    }
    return rules
  }

  /// An FP-tree: nodes in arrays, children as sibling lists, a node list per item.
  struct Tree {
    var item: [Int32] = [-1]
    var count: [Int] = [0]
    var parent: [Int32] = [-1]
    var firstChild: [Int32] = [-1]
    var nextSibling: [Int32] = [-1]
    /// Frequent items, least frequent first (the mining order), with their total counts.
    var order: [(item: Int32, count: Int)] = []
    var nodes: [Int32: [Int32]] = [:]

    /// Builds the tree of weighted transactions, keeping the items whose count `keep` accepts,
    /// inserted most frequent first (ties by item id).
    init(transactions: [([Int32], Int)], counts: [Int32: Int], keep: (Int) -> Bool) {
      let frequent = counts.filter { keep($0.value) }
      let rank = Dictionary(
        uniqueKeysWithValues: frequent.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
          .enumerated().map { ($0.element.key, $0.offset) })
      order = frequent.map { ($0.key, $0.value) }.sorted { rank[$0.item, default: 0] > rank[$1.item, default: 0] }
      for (transaction, weight) in transactions {
        let path = transaction.filter { rank[$0] != nil }.sorted { rank[$0, default: 0] < rank[$1, default: 0] }
        var node: Int32 = 0
        for item in path { node = child(of: node, item: item, adding: weight) }
      }
    }

    /// The child of `node` holding `item` (created when missing), with `weight` added.
    mutating func child(of node: Int32, item value: Int32, adding weight: Int) -> Int32 {
      var candidate = firstChild[Int(node)]
      while candidate >= 0 {
        if item[Int(candidate)] == value {
          count[Int(candidate)] += weight
          return candidate
        }
        candidate = nextSibling[Int(candidate)]
      }
      let created = Int32(item.count)
      item.append(value)
      count.append(weight)
      parent.append(node)
      firstChild.append(-1)
      nextSibling.append(firstChild[Int(node)])
      firstChild[Int(node)] = created
      nodes[value, default: []].append(created)
      return created
    }
  }

  static func mine(
    _ tree: Tree, suffix: [Int32], keep: (Int) -> Bool, maximumLength: Int, into result: inout [Itemset]
  ) {
    for (item, total) in tree.order {
      let itemset = (suffix + [item]).sorted()
      result.append(Itemset(items: itemset, count: total))
      guard itemset.count < maximumLength else { continue }
      // The conditional pattern base: each path above a node of `item`, weighted by its count.
      var base: [([Int32], Int)] = []
      var counts: [Int32: Int] = [:]
      for node in tree.nodes[item] ?? [] {
        var path: [Int32] = []
        var up = tree.parent[Int(node)]
        while up > 0 {
          path.append(tree.item[Int(up)])
          up = tree.parent[Int(up)]
        }
        guard !path.isEmpty else { continue }
        let weight = tree.count[Int(node)]
        for element in path { counts[element, default: 0] += weight }
        base.append((path, weight))
      }
      guard !base.isEmpty else { continue }
      let conditional = Tree(transactions: base, counts: counts, keep: keep)
      if !conditional.order.isEmpty {
        mine(conditional, suffix: suffix + [item], keep: keep, maximumLength: maximumLength, into: &result)
      }
    }
  }
}
