extension RuleEvaluator {
  /// How strongly each customer matches `rule`, in [0, 1].
  ///
  /// For a rule whose top level is an `or`, an `and` or an `at_least`, the share of its conditions
  /// that hold; for any other rule 1 where it holds and 0 elsewhere. A customer meeting four of five
  /// signals of an `at_least(3, …)` rule matches more strongly than one meeting three.
  public mutating func strength(_ rule: CompiledRule) throws -> [Double] {
    switch rule.condition {
    case .or(let parts), .and(let parts), .atLeast(_, let parts):
      var held = [Int](repeating: 0, count: data.rowCount)
      for part in parts {
        for (row, value) in try truth(part).enumerated() where value == Truth.yes { held[row] += 1 }
      }
      return held.map { Double($0) / Double(parts.count) }
    default:
      return try truth(rule.condition).map { $0 == Truth.yes ? 1 : 0 }
    }
  }
}

/// A product of the catalogue: who may have it (eligibility) and whom it suits (target).
public struct ProductDefinition: Sendable, Equatable, Codable {
  /// Identifier.
  public var id: String
  /// Display names.
  public var name: FeatureLabel
  /// Product tags (what it is: finance, data, family …).
  public var tags: [String]
  /// The rule a customer must meet to be offered the product at all (plan, handset, region …); nil
  /// means everyone.
  public var eligibility: String?
  /// The rule selecting the customers it suits.
  public var target: String
  /// Higher first.
  public var priority: Int

  /// Creates a product.
  public init(
    id: String, name: FeatureLabel, tags: [String] = [], eligibility: String? = nil, target: String, priority: Int = 0
  ) {
    self.id = id
    self.name = name
    self.tags = tags
    self.eligibility = eligibility
    self.target = target
    self.priority = priority
  }
}

/// Ranks products per customer.
public enum Recommender {
  /// One recommendation.
  public struct Pick: Sendable, Equatable {
    /// Index into the catalogue.
    public var product: Int
    /// How strongly the customer matches the product's target rule.
    public var strength: Double
  }

  /// For every customer, the products for which `eligible` and `strength > 0` hold (the target rule
  /// matched), ranked by priority (highest first), then strength, then catalogue order; at most `top`.
  ///
  /// - Parameters:
  ///   - eligible: per product, per customer.
  ///   - matched: per product, per customer, whether the target rule holds.
  ///   - strength: per product, per customer, from ``RuleEvaluator/strength(_:)``.
  public static func rank(
    priorities: [Int], eligible: [[Bool]], matched: [[Bool]], strength: [[Double]], customers: Int, top: Int
  ) -> [[Pick]] {
    let order = priorities.indices.sorted {
      priorities[$0] > priorities[$1] || (priorities[$0] == priorities[$1] && $0 < $1)
    }
    var result = [[Pick]](repeating: [], count: customers)
    for row in 0..<customers {
      var picks: [Pick] = []
      for product in order where eligible[product][row] && matched[product][row] {
        picks.append(Pick(product: product, strength: strength[product][row]))
      }
      picks.sort { a, b in
        priorities[a.product] != priorities[b.product]
          ? priorities[a.product] > priorities[b.product]
          : a.strength != b.strength ? a.strength > b.strength : a.product < b.product
      }
      result[row] = Array(picks.prefix(top))
    }
    return result
  }
}
