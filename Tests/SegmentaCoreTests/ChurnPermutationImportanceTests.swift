import Foundation
import Testing

@testable import SegmentaCore

@Suite("Permutation importance of churn models")
struct ChurnPermutationImportanceTests {
  /// 2,000 customers: the label follows `signal`; `noise` is unrelated; `constant` never varies.
  static func data() -> (columns: [[Double]], labels: [Bool]) {
    var rng = SplitMix64(seed: 5)
    var signal: [Double] = []
    var noise: [Double] = []
    var labels: [Bool] = []
    for _ in 0..<2_000 {
      let x = rng.nextNormal()
      signal.append(x)
      noise.append(rng.nextNormal())
      labels.append(rng.nextUnit() < 1 / (1 + Foundation.exp(-2.5 * x)))
    }
    return ([signal, noise, [Double](repeating: 1, count: 2_000)], labels)
  }

  @Test(
    "the signal's AUC drop is large, noise's a fraction of it, a constant's exactly zero",
    arguments: ChurnModelKind.allCases)
  func ranksSignalFirst(_ kind: ChurnModelKind) {
    let (columns, labels) = Self.data()
    var options = ChurnFitOptions()
    options.kind = kind
    options.boosting.maxIterations = 30
    let model = ChurnModel.fit(
      kind: kind, columns: columns, labels: labels, rows: Array(labels.indices), options: options)
    let importance = ChurnPermutationImportance.compute(
      model: model, columns: columns, labels: labels, repeats: 5, seed: 3)
    #expect(importance.count == 3)
    // Shuffling the signal leaves an AUC near 0.5 from about 0.88: a drop of more than 0.3.
    #expect(importance[0] > 0.3, "\(importance)")
    // On its own training customers, trees fit some noise; the linear model hardly any.
    #expect(abs(importance[1]) < (kind == .gbt ? 0.08 : 0.01), "\(importance)")
    #expect(abs(importance[1]) < importance[0] / 5)
    #expect(importance[2] == 0)
    // The same seed repeats exactly; another draws other shuffles.
    let again = ChurnPermutationImportance.compute(model: model, columns: columns, labels: labels, repeats: 5, seed: 3)
    #expect(again == importance)
    let other = ChurnPermutationImportance.compute(model: model, columns: columns, labels: labels, repeats: 5, seed: 4)
    #expect(other != importance && abs(other[0] - importance[0]) < 0.02)
  }

  @Test("one repeat is the baseline AUC minus the AUC with that one shuffle of the column")
  func oneRepeatByHand() {
    let (columns, labels) = Self.data()
    let model = ChurnModel.fit(
      kind: .logistic, columns: columns, labels: labels, rows: Array(labels.indices), options: ChurnFitOptions())
    let importance = ChurnPermutationImportance.compute(
      model: model, columns: columns, labels: labels, repeats: 1, seed: 9)
    let baseline = ChurnMetrics.auc(scores: model.scores(columns: columns), labels: labels)
    var rng = SplitMix64(seed: 9)
    var shuffled = columns
    shuffled[0] = columns[0].shuffled(using: &rng)
    let drop = baseline - ChurnMetrics.auc(scores: model.scores(columns: shuffled), labels: labels)
    #expect(importance[0] == drop)
  }
}
