import Foundation
import Testing

@testable import SegmentaCore

/// `Tests/Fixtures/baskets/basket_reference.json`: mlxtend's itemsets and rules on
/// `holdings.csv` at three thresholds (`scripts/fixtures/basket_reference.py`).
struct BasketFixture: Decodable {
  struct Itemset: Decodable, Sendable {
    var items: [String]
    var support: Double
  }
  struct Rule: Decodable, Sendable {
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
  struct Case: Decodable, Sendable, CustomTestStringConvertible {
    var minSupport: Double
    var minConfidence: Double
    var itemsets: [Itemset]
    var rules: [Rule]
    var testDescription: String { "min_support \(minSupport), min_confidence \(minConfidence)" }
  }
  var customers: Int
  var cases: [Case]

  static func load() throws -> BasketFixture {
    try decodeFixture(BasketFixture.self, from: "baskets/basket_reference.json")
  }
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
    let transactions = byCustomer.keys.sorted().map { customer in
      byCustomer[customer, default: []].compactMap { id[$0] }
    }
    return (transactions, names)
  }

  @Test("the basket fixture holds three threshold cases over every customer of holdings.csv")
  func fixtureCases() throws {
    let fixture = try BasketFixture.load()
    #expect(fixture.cases.count == 3)
    #expect(try Self.holdings().transactions.count == fixture.customers)
  }

  @Test(
    "itemsets and rules equal mlxtend's fpgrowth and association_rules on the committed fixture",
    arguments: try BasketFixture.load().cases)
  func matchesMlxtend(_ reference: BasketFixture.Case) throws {
    let (transactions, names) = try Self.holdings()
    let itemsets = FPGrowth.frequentItemsets(transactions, minimumSupport: reference.minSupport)
    var ours: [[String]: Double] = [:]
    for itemset in itemsets {
      ours[itemset.items.map { names[Int($0)] }.sorted()] = Double(itemset.count) / Double(transactions.count)
    }
    #expect(ours.count == reference.itemsets.count)
    for expected in reference.itemsets {
      let support = try #require(ours[expected.items], "\(expected.items)")
      #expect(abs(support - expected.support) <= 1e-12, "\(expected.items)")
    }
    let rules = FPGrowth.rules(itemsets, transactions: transactions.count, minimumConfidence: reference.minConfidence)
    #expect(rules.count == reference.rules.count)
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
