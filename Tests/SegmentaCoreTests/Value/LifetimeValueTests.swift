import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Every customer's lifetime value at once")
struct LifetimeValueTests {
  /// A synthetic population: ages in days, a few heavy buyers, spend skewed.
  static func population(_ count: Int, seed: UInt64) -> (x: [Double], tx: [Double], age: [Double], m: [Double]) {
    var generator = SplitMix64(seed: seed)
    var x: [Double] = []
    var tx: [Double] = []
    var age: [Double] = []
    var m: [Double] = []
    for i in 0..<count {
      let t = Double(30 + generator.next() % 335)
      let f = i % 97 == 0 ? Double(20 + generator.next() % 300) : Double(generator.next() % 9)
      x.append(f)
      tx.append(f == 0 ? 0 : Double(generator.next() % UInt64(t + 1)))
      age.append(t)
      m.append(f == 0 ? 0 : Double(1 + generator.next() % 50_000) / 100)
    }
    return (x, tx, age, m)
  }

  @Test("the batch predictions equal the one-customer functions on CDNOW weeks and a synthetic population")
  func batchEqualsOneByOne() throws {
    let rows = try ValueFixture.rows("summary_weeks.csv")
    let weeks = (
      x: ValueFixture.numbers(rows, "frequency"), tx: ValueFixture.numbers(rows, "recency"),
      age: ValueFixture.numbers(rows, "T"), m: ValueFixture.numbers(rows, "monetary_value")
    )
    let purchases = BetaGeoModel(r: 0.2871, alpha: 7.3554, a: 0.3435, b: 1.5391)
    let spend = GammaGammaModel(p: 4.9172, q: 3.98, v: 23.5479)
    for (data, unit) in [(weeks, ValueTimeUnit.weeks), (Self.population(5_000, seed: 3), .days)] {
      let batch = LifetimeValue.predictions(
        purchases: purchases, spend: spend, frequency: data.x, recency: data.tx, age: data.age, monetaryValue: data.m,
        months: 12, discount: 0.01, unit: unit)
      let horizon = 12 * LifetimeValue.unitsPerMonth(unit)
      let expectedAll = purchases.expectedPurchases(in: horizon, frequency: data.x, recency: data.tx, age: data.age)
      for i in data.x.indices {
        let alive = purchases.probabilityAlive(frequency: data.x[i], recency: data.tx[i], age: data.age[i])
        let expected = purchases.expectedPurchases(
          in: horizon, frequency: data.x[i], recency: data.tx[i], age: data.age[i])
        let average = spend.expectedAverageValue(frequency: data.x[i], monetaryValue: data.m[i])
        let value = LifetimeValue.value(
          purchases: purchases, spend: spend, frequency: data.x[i], recency: data.tx[i], age: data.age[i],
          monetaryValue: data.m[i], months: 12, discount: 0.01, unit: unit)
        #expect(batch.probabilityAlive[i] == alive)
        #expect(batch.expectedPurchases[i] == expected)
        #expect(expectedAll[i] == expected)
        #expect(batch.expectedSpend[i] == average)
        #expect(ValueFixture.close(batch.value[i], value, relative: 1e-12))
      }
    }
  }

  @Test("without a usable Gamma-Gamma model spend and value are missing, P(alive) is not")
  func missingSpend() {
    let data = Self.population(500, seed: 5)
    let purchases = BetaGeoModel(r: 0.8, alpha: 12, a: 0.1, b: 1.7)
    let batch = LifetimeValue.predictions(
      purchases: purchases, spend: GammaGammaModel(p: 1, q: 0.9, v: 10), frequency: data.x, recency: data.tx,
      age: data.age, monetaryValue: data.m, months: 6, discount: 0, unit: .days)
    #expect(batch.value.allSatisfy(\.isNaN) && batch.expectedSpend.allSatisfy(\.isNaN))
    #expect(batch.probabilityAlive.allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test("a fit started from a sample reaches the optimum of all customers")
  func warmStartReachesTheSameOptimum() throws {
    // 60,000 customers fit from the default start; the same customers four times over (240,000, above
    // the sample's threshold) have the same mean likelihood and so the same optimum.
    let data = Self.population(60_000, seed: 11)
    let direct = try #require(BetaGeoModel.fit(frequency: data.x, recency: data.tx, age: data.age))
    let repeated = { (column: [Double]) in Array([[Double]](repeating: column, count: 4).joined()) }
    let warm = try #require(
      BetaGeoModel.fit(frequency: repeated(data.x), recency: repeated(data.tx), age: repeated(data.age)))
    #expect(direct.converged && warm.converged)
    for (a, b) in zip(
      [direct.model.r, direct.model.alpha, direct.model.a, direct.model.b],
      [warm.model.r, warm.model.alpha, warm.model.a, warm.model.b])
    {
      #expect(ValueFixture.close(a, b, relative: 1e-5), "\(a) against \(b)")
    }
    #expect(ValueFixture.close(4 * direct.logLikelihood, warm.logLikelihood, relative: 1e-9))
    let spendDirect = try #require(GammaGammaModel.fit(frequency: data.x, monetaryValue: data.m))
    let spendWarm = try #require(GammaGammaModel.fit(frequency: repeated(data.x), monetaryValue: repeated(data.m)))
    for (a, b) in zip(
      [spendDirect.model.p, spendDirect.model.q, spendDirect.model.v],
      [spendWarm.model.p, spendWarm.model.q, spendWarm.model.v])
    {
      #expect(ValueFixture.close(a, b, relative: 1e-5), "\(a) against \(b)")
    }
  }

  @Test("property: merged rows and their weights reproduce every customer's row")
  func mergingKeepsEveryRow() async {
    await propertyCheck(count: 100, input: Gen.int(in: 0...400), Gen.int(in: 1...7)) { size, spread in
      var generator = SplitMix64(seed: UInt64(size * 31 + spread))
      let columns = (0..<3).map { _ in
        (0..<size).map { _ in Double(generator.next() % UInt64(spread)) * 0.5 }
      }
      let rows = WeightedRows(merging: columns)
      #expect(rows.weights.reduce(0, +) == Double(size))
      var seen = Set<[Double]>()
      for i in 0..<rows.count {
        #expect(seen.insert(rows.columns.map { $0[i] }).inserted)
      }
      var counts = [Int](repeating: 0, count: rows.count)
      for customer in 0..<size {
        let row = Int(rows.rowOfCustomer[customer])
        counts[row] += 1
        #expect(rows.columns.map { $0[row] } == columns.map { $0[customer] })
        // Distinct rows are numbered in order of first appearance.
        if counts[row] == 1 { #expect(row == counts.filter { $0 > 0 }.count - 1) }
      }
      #expect(counts.map(Double.init) == rows.weights)
    }
  }
}
