import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("Churn metrics: AUC, gains, calibration")
struct ChurnMetricsTests {
  @Test("AUC counts ties as half, as the Mann–Whitney statistic does")
  func aucByHand() {
    // Pairs (churner, other): (0.8, 0.1) win, (0.8, 0.4) win, (0.4, 0.1) win, (0.4, 0.4) tie → 3.5 / 4.
    let auc = ChurnMetrics.auc(scores: [0.8, 0.4, 0.1, 0.4], labels: [true, true, false, false])
    #expect(auc == 0.875)
    #expect(ChurnMetrics.auc(scores: [0.1, 0.2], labels: [true, true]).isNaN)
  }

  @Test("a perfectly separating score has AUC 1, its reverse 0")
  func separable() {
    let scores = (0..<100).map { Double($0) / 100 }
    let labels = (0..<100).map { $0 >= 70 }
    #expect(ChurnMetrics.auc(scores: scores, labels: labels) == 1)
    #expect(ChurnMetrics.auc(scores: scores.map { -$0 }, labels: labels) == 0)
  }

  @Test("the gains table's deciles add up to every customer and every churner")
  func gainsAddUp() async {
    await propertyCheck(count: 100, input: Gen.int(in: 10...400), Gen.int(in: 0...1_000_000)) { n, seed in
      var rng = SplitMix64(seed: UInt64(seed))
      let scores = (0..<n).map { _ in Double(rng.next() % 1000) / 1000 }
      let labels = scores.map { _ in rng.next() % 3 == 0 }
      let gains = ChurnMetrics.gains(scores: scores, labels: labels)
      #expect(gains.count == 10)
      #expect(gains.map(\.customers).reduce(0, +) == n)
      #expect(gains.map(\.churners).reduce(0, +) == labels.filter { $0 }.count)
      #expect((gains.map(\.customers).max() ?? 0) - (gains.map(\.customers).min() ?? 0) <= 1)
      if labels.contains(true) { #expect(abs((gains.last?.cumulativeChurnerShare ?? 0) - 1) < 1e-12) }
    }
  }

  @Test("a top decile holding every churner has lift 10")
  func topDecileLift() {
    let scores = (0..<1000).map { Double(1000 - $0) }
    let labels = (0..<1000).map { $0 < 100 }
    let gains = ChurnMetrics.gains(scores: scores, labels: labels)
    #expect(gains[0].lift == 10)
    #expect(gains[0].cumulativeChurnerShare == 1)
    #expect(gains[1].churners == 0)
  }

  @Test("calibration bins count every score once and average within the bin")
  func calibration() {
    let scores = [0.05, 0.05, 0.15, 0.95, 1.0]
    let labels = [false, true, false, true, true]
    let bins = ChurnMetrics.calibration(scores: scores, labels: labels)
    #expect(bins.count == 10)
    #expect(bins.map(\.customers).reduce(0, +) == 5)
    #expect(bins[0].customers == 2 && bins[0].churnRate == 0.5 && bins[0].meanScore == 0.05)
    #expect(bins[9].customers == 2 && abs(bins[9].meanScore - 0.975) < 1e-12)
    #expect(bins[5].meanScore.isNaN)
  }

  @Test("stratified folds share out churners within one and are the same for a seed")
  func folds() {
    let labels = (0..<103).map { $0 % 4 == 0 }
    let folds = StratifiedFolds.assign(labels: labels, folds: 5, seed: 7)
    #expect(folds == StratifiedFolds.assign(labels: labels, folds: 5, seed: 7))
    #expect(folds != StratifiedFolds.assign(labels: labels, folds: 5, seed: 8))
    let churners = (0..<5).map { fold in labels.indices.filter { folds[$0] == fold && labels[$0] }.count }
    let sizes = (0..<5).map { fold in folds.filter { $0 == fold }.count }
    #expect((churners.max() ?? 0) - (churners.min() ?? 0) <= 1)
    #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
  }
}
