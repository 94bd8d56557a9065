import Testing

@testable import SegmentaCore

@Suite("Demo top-ups")
struct DemoGeneratorTopUpsTests {
  @Test("top-ups are deterministic, in the window and in time order, and leave the customers unchanged")
  func determinism() {
    let a = DemoGenerator(customers: 300, seed: 9)
    let b = DemoGenerator(customers: 300, seed: 9)
    var x: [DemoGenerator.TopUp] = []
    var y: [DemoGenerator.TopUp] = []
    for index in 0..<300 {
      a.topUps(of: index, into: &x)
      b.topUps(of: index, into: &y)
      #expect(x == y && !x.isEmpty)
      #expect(x.allSatisfy { $0.amount >= 1 && $0.amount.isFinite })
      #expect(x.first!.day >= DemoGenerator.firstDay && x.last!.day < DemoGenerator.referenceDay)
      #expect(zip(x, x.dropFirst()).allSatisfy { $0.day <= $1.day })
    }
    // The customers' own stream is untouched: the same attributes as a generator that made no top-ups.
    let c = DemoGenerator(customers: 300, seed: 9)
    #expect(a.customer(123).phone == c.customer(123).phone && a.customer(123).arpu == c.customer(123).arpu)
  }

  @Test("spend is skewed as operators see it and follows the planted groups' ARPU")
  func skew() {
    let generator = DemoGenerator(customers: 20_000, seed: 42)
    var totals: [Double] = []
    var byGroup = [Double](repeating: 0, count: DemoGroup.all.count)
    var sizes = [Double](repeating: 0, count: DemoGroup.all.count)
    var topUps: [DemoGenerator.TopUp] = []
    for index in 0..<generator.customerCount {
      generator.topUps(of: index, into: &topUps)
      let total = topUps.reduce(0) { $0 + $1.amount }
      totals.append(total)
      let group = generator.group(of: index)
      byGroup[group] += total
      sizes[group] += 1
    }
    let sorted = totals.sorted(by: >)
    let topFifth = sorted.prefix(sorted.count / 5).reduce(0, +) / sorted.reduce(0, +)
    #expect(topFifth > 0.55 && topFifth < 0.85, "top 20 % share \(topFifth)")
    let means = zip(byGroup, sizes).map { $0 / $1 }
    // Busy business (C8, ARPU 125) spends more than the price-sensitive (C1, ARPU 42).
    let c1 = DemoGroup.all.firstIndex { $0.code == "C1" }!
    let c8 = DemoGroup.all.firstIndex { $0.code == "C8" }!
    #expect(means[c8] > 2 * means[c1])
  }
}
