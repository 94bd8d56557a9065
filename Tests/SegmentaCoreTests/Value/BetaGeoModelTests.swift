import Foundation
import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("BG/NBD and Gamma-Gamma equal lifetimes 0.11.3")
struct BetaGeoModelTests {
  static func sample() throws -> (frequency: [Double], recency: [Double], age: [Double]) {
    let rows = try ValueFixture.rows("cdnow_customers_summary.csv")
    return (
      ValueFixture.numbers(rows, "frequency"), ValueFixture.numbers(rows, "recency"), ValueFixture.numbers(rows, "T")
    )
  }

  @Test("the CDNOW sample fits r, α, a, b within 1e-3 of lifetimes (and the published 0.243, 4.414, 0.793, 2.426)")
  func sampleParameters() throws {
    let (frequency, recency, age) = try Self.sample()
    let fit = try #require(BetaGeoModel.fit(frequency: frequency, recency: recency, age: age))
    let reference = try ValueFixture.reference().sample
    #expect(fit.converged)
    #expect(ValueFixture.close(fit.model.r, reference.params["r"] ?? 0, relative: 1e-3))
    #expect(ValueFixture.close(fit.model.alpha, reference.params["alpha"] ?? 0, relative: 1e-3))
    #expect(ValueFixture.close(fit.model.a, reference.params["a"] ?? 0, relative: 1e-3))
    #expect(ValueFixture.close(fit.model.b, reference.params["b"] ?? 0, relative: 1e-3))
    #expect(abs(fit.model.r - 0.243) < 5e-4 && abs(fit.model.alpha - 4.414) < 5e-4)
    #expect(abs(fit.model.a - 0.793) < 5e-4 && abs(fit.model.b - 2.426) < 5e-4)
    // Our optimum is at least as good as lifetimes'.
    #expect(fit.meanNegativeLogLikelihood <= reference.negativeLogLikelihood + 1e-9)
    #expect(fit.customers == 2357)
  }

  @Test("per-customer P(alive) and expected purchases equal lifetimes within 1e-6 at its parameters")
  func sampleOutputs() throws {
    let (frequency, recency, age) = try Self.sample()
    let p = try ValueFixture.reference().sample.params
    let model = BetaGeoModel(r: p["r"] ?? 0, alpha: p["alpha"] ?? 0, a: p["a"] ?? 0, b: p["b"] ?? 0)
    let expected = try ValueFixture.rows("outputs_sample.csv")
    for (i, reference) in expected.enumerated() {
      let alive = model.probabilityAlive(frequency: frequency[i], recency: recency[i], age: age[i])
      #expect(ValueFixture.close(alive, Double(reference["p_alive"] ?? "") ?? .nan, relative: 1e-6))
      for t in [10, 39] {
        let purchases = model.expectedPurchases(
          in: Double(t), frequency: frequency[i], recency: recency[i], age: age[i])
        #expect(ValueFixture.close(purchases, Double(reference["expected_\(t)"] ?? "") ?? .nan, relative: 1e-6))
      }
    }
  }

  @Test("the P(alive) matrix equals lifetimes' conditional_probability_alive_matrix")
  func matrix() throws {
    let reference = try ValueFixture.reference()
    let p = reference.sample.params
    let model = BetaGeoModel(r: p["r"] ?? 0, alpha: p["alpha"] ?? 0, a: p["a"] ?? 0, b: p["b"] ?? 0)
    let matrix = ValueDiagnostics.probabilityAliveMatrix(model: model, maxFrequency: 5, age: 10)
    #expect(matrix.count == reference.matrixSample.count)
    for (row, expected) in zip(matrix, reference.matrixSample) {
      for (value, wanted) in zip(row, expected) { #expect(ValueFixture.close(value, wanted, relative: 1e-9)) }
    }
  }

  @Test("CDNOW weeks: BG/NBD and Gamma-Gamma parameters within 1e-3, CLV per customer within 1e-6")
  func weeksModelsAndLifetimeValue() throws {
    let rows = try ValueFixture.rows("summary_weeks.csv")
    let frequency = ValueFixture.numbers(rows, "frequency")
    let recency = ValueFixture.numbers(rows, "recency")
    let age = ValueFixture.numbers(rows, "T")
    let monetary = ValueFixture.numbers(rows, "monetary_value")
    let reference = try ValueFixture.reference().weeks
    let bg = try #require(BetaGeoModel.fit(frequency: frequency, recency: recency, age: age))
    let gg = try #require(GammaGammaModel.fit(frequency: frequency, monetaryValue: monetary))
    for (name, value) in [("r", bg.model.r), ("alpha", bg.model.alpha), ("a", bg.model.a), ("b", bg.model.b)] {
      #expect(ValueFixture.close(value, reference.bgnbd.params[name] ?? 0, relative: 1e-3), "\(name)")
    }
    for (name, value) in [("p", gg.model.p), ("q", gg.model.q), ("v", gg.model.v)] {
      #expect(ValueFixture.close(value, reference.gammaGamma.params[name] ?? 0, relative: 1e-3), "\(name)")
    }
    #expect(gg.meanNegativeLogLikelihood <= reference.gammaGamma.negativeLogLikelihood + 1e-9)
    #expect(gg.customers == 1236)

    let b = reference.bgnbd.params
    let g = reference.gammaGamma.params
    let purchases = BetaGeoModel(r: b["r"] ?? 0, alpha: b["alpha"] ?? 0, a: b["a"] ?? 0, b: b["b"] ?? 0)
    let spend = GammaGammaModel(p: g["p"] ?? 0, q: g["q"] ?? 0, v: g["v"] ?? 0)
    let expected = try ValueFixture.rows("outputs_weeks.csv")
    for (i, reference) in expected.enumerated() {
      let alive = purchases.probabilityAlive(frequency: frequency[i], recency: recency[i], age: age[i])
      #expect(ValueFixture.close(alive, Double(reference["p_alive"] ?? "") ?? .nan, relative: 1e-6))
      let twelve = purchases.expectedPurchases(in: 12, frequency: frequency[i], recency: recency[i], age: age[i])
      #expect(ValueFixture.close(twelve, Double(reference["expected_12"] ?? "") ?? .nan, relative: 1e-6))
      let average = spend.expectedAverageValue(frequency: frequency[i], monetaryValue: monetary[i])
      #expect(ValueFixture.close(average, Double(reference["expected_spend"] ?? "") ?? .nan, relative: 1e-6))
      let clv = LifetimeValue.value(
        purchases: purchases, spend: spend, frequency: frequency[i], recency: recency[i], age: age[i],
        monetaryValue: monetary[i], months: 12, discount: 0.01, unit: .weeks)
      #expect(ValueFixture.close(clv, Double(reference["clv_12"] ?? "") ?? .nan, relative: 1e-6))
    }
  }

  @Test("frequencies over 300 and 200,000 customers stay finite")
  func robustAtScale() throws {
    var frequency: [Double] = []
    var recency: [Double] = []
    var age: [Double] = []
    var generator = SplitMix64(seed: 7)
    for i in 0..<200_000 {
      let t = Double(30 + generator.next() % 700)
      let x = i % 200 == 0 ? Double(300 + generator.next() % 2000) : Double(generator.next() % 6)
      frequency.append(x)
      recency.append(x == 0 ? 0 : Double(generator.next() % UInt64(t + 1)))
      age.append(t)
    }
    let fit = try #require(BetaGeoModel.fit(frequency: frequency, recency: recency, age: age))
    #expect(fit.converged)
    #expect([fit.model.r, fit.model.alpha, fit.model.a, fit.model.b].allSatisfy { $0.isFinite && $0 > 0 })
    #expect(fit.logLikelihood.isFinite)
    let model = fit.model
    for x in [301.0, 1000, 5000] {
      let alive = model.probabilityAlive(frequency: x, recency: 10, age: 700)
      let purchases = model.expectedPurchases(in: 365, frequency: x, recency: 690, age: 700)
      #expect(alive >= 0 && alive <= 1)
      #expect(purchases.isFinite && purchases >= 0)
    }
  }

  @Test("property: P(alive) is in [0, 1] and expected purchases and CLV are non-negative")
  func invariants() async {
    let spend = GammaGammaModel(p: 4.9, q: 3.98, v: 23.5)
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...2000), Gen.int(in: 0...1000), Gen.int(in: 1...1000), Gen.int(in: 1...400)
    ) { x, recencyRaw, ageRaw, parameters in
      let model = BetaGeoModel(
        r: Double(parameters) / 100, alpha: Double(parameters % 37 + 1), a: 0.25 + Double(parameters % 11) / 10,
        b: 0.5 + Double(parameters % 7))
      let age = Double(ageRaw)
      let recency = x == 0 ? 0 : Double(recencyRaw % (ageRaw + 1))
      let alive = model.probabilityAlive(frequency: Double(x), recency: recency, age: age)
      #expect(alive >= 0 && alive <= 1)
      let purchases = model.expectedPurchases(in: 52, frequency: Double(x), recency: recency, age: age)
      #expect(purchases >= 0)
      let clv = LifetimeValue.value(
        purchases: model, spend: spend, frequency: Double(x), recency: recency, age: age, monetaryValue: 20,
        months: 12, discount: 0.01, unit: .weeks)
      #expect(clv >= 0)
    }
  }

  @Test("digamma and the hypergeometric function agree with known values")
  func specialFunctions() {
    // ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2.
    let euler = 0.57721566490153286
    #expect(abs(SpecialFunctions.digamma(1) + euler) < 1e-14)
    #expect(abs(SpecialFunctions.digamma(0.5) + euler + 2 * 0.69314718055994531) < 1e-14)
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z.
    let z = 0.6
    let expected = -log(1 - z) / z
    #expect(abs(SpecialFunctions.logHypergeometric2F1(a: 1, b: 1, c: 2, z: z) - log(expected)) < 1e-13)
  }
}
