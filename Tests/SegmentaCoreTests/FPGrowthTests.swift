import Foundation
import Testing

@testable import SegmentaCore

private struct BasketFixture: Decodable {
  struct Itemset: Decodable {
    var items: [String]
    var support: Double
  }
  struct Rule: Decodable {
    var antecedents: [String]
    var consequents: [String]
    var antecedentSupport: Double
    var consequentSupport: Double
    var support: Double
    var confidence: Double
    var lift: Double
    var leverage: Double
    var conviction: Double?
  }
  struct Case: Decodable {
    var minSupport: Double
    var minConfidence: Double
    var itemsets: [Itemset]
    var rules: [Rule]
  }
  var customers: Int
  var cases: [Case]
}

@Suite("FP-Growth")
struct FPGrowthTests {
  /// The fixture's holdings as transactions over item ids (names in sorted order).
  static func holdings() throws -> (transactions: [[Int32]], names: [String]) {
    let text = String(decoding: try fixtureData("baskets/holdings.csv"), as: UTF8.self)
    var byCustomer: [String: [String]] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      byCustomer[String(fields[0]), default: []].append(String(fields[1]))
    }
    let names = Array(Set(byCustomer.values.flatMap { $0 })).sorted()
    let id = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, Int32($0.offset)) })
    let transactions = byCustomer.keys.sorted().map { byCustomer[$0]!.map { id[$0]! } }
    return (transactions, names)
  }

  @Test("itemsets and rules equal mlxtend's fpgrowth and association_rules on the committed fixture")
  func matchesMlxtend() throws {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let fixture = try decoder.decode(BasketFixture.self, from: fixtureData("baskets/basket_reference.json"))
    let (transactions, names) = try Self.holdings()
    #expect(transactions.count == fixture.customers)
    for reference in fixture.cases {
      let itemsets = FPGrowth.frequentItemsets(transactions, minimumSupport: reference.minSupport)
      var ours: [[String]: Double] = [:]
      for itemset in itemsets {
        ours[itemset.items.map { names[Int($0)] }.sorted()] = Double(itemset.count) / Double(transactions.count)
      }
      #expect(ours.count == reference.itemsets.count, "min_support \(reference.minSupport)")
      for expected in reference.itemsets {
        let support = ours[expected.items]
        #expect(support != nil && abs(support! - expected.support) <= 1e-12, "\(expected.items)")
      }
      let rules = FPGrowth.rules(itemsets, transactions: transactions.count, minimumConfidence: reference.minConfidence)
      #expect(rules.count == reference.rules.count, "min_confidence \(reference.minConfidence)")
      var byPair: [String: FPGrowth.Rule] = [:]
      for rule in rules {
        let key =
          rule.antecedent.map { names[Int($0)] }.sorted().joined(separator: "+") + "→"
          + rule.consequent.map { names[Int($0)] }.sorted().joined(separator: "+")
        byPair[key] = rule
      }
      for expected in reference.rules {
        let key = expected.antecedents.joined(separator: "+") + "→" + expected.consequents.joined(separator: "+")
        let rule = try #require(byPair[key], "\(key)")
        for (ours, theirs) in [
          (rule.antecedentSupport, expected.antecedentSupport), (rule.consequentSupport, expected.consequentSupport),
          (rule.support, expected.support), (rule.confidence, expected.confidence), (rule.lift, expected.lift),
          (rule.leverage, expected.leverage),
        ] {
          #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs)), "\(key)")
        }
        if let conviction = expected.conviction {
          #expect(abs(rule.conviction - conviction) <= 1e-9 * max(1, abs(conviction)), "\(key)")
        } else {
          #expect(rule.conviction == .infinity, "\(key)")
        }
      }
    }
  }

  @Test("a hand-checked basket, duplicates ignored, and the length limit")
  func byHand() {
    // a b c / a b / a c / b / a b c c
    let transactions: [[Int32]] = [[0, 1, 2], [0, 1], [0, 2], [1], [0, 1, 2, 2]]
    let itemsets = FPGrowth.frequentItemsets(transactions, minimumSupport: 0.4)
    let counts = Dictionary(uniqueKeysWithValues: itemsets.map { ($0.items, $0.count) })
    #expect(counts == [[0]: 4, [1]: 4, [2]: 3, [0, 1]: 3, [0, 2]: 3, [1, 2]: 2, [0, 1, 2]: 2])
    #expect(itemsets.map(\.items.count) == itemsets.map(\.items.count).sorted())
    let short = FPGrowth.frequentItemsets(transactions, minimumSupport: 0.4, maximumLength: 1)
    #expect(short.count == 3)
    let rules = FPGrowth.rules(itemsets, transactions: 5, minimumConfidence: 1)
    // c → a holds in all three baskets with c.
    #expect(rules.contains { $0.antecedent == [2] && $0.consequent == [0] && $0.conviction == .infinity })
    #expect(rules.allSatisfy { $0.confidence >= 1 })
  }
}
