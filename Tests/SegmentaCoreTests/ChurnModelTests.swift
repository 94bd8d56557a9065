import Testing

@testable import SegmentaCore

@Suite("Churn models against scikit-learn")
struct ChurnModelTests {
  static let fixture = Result { try ChurnFixture.load() }

  static var cases: [ChurnFixture.Case] { (try? fixture.get().cases) ?? [] }

  @Test("the fixture loads and holds both data sets")
  func fixtureLoads() throws {
    let fixture = try Self.fixture.get()
    #expect(fixture.sklearn == "1.9.1")
    #expect(fixture.cases.map(\.name) == ["usage", "interaction"])
  }

  @Test(
    "logistic regression's cross-validated AUC is within 0.01 of scikit-learn's on the same folds",
    arguments: cases)
  func logistic(_ data: ChurnFixture.Case) {
    var options = ChurnFitOptions()
    options.kind = .logistic
    let (evaluation, scores) = ChurnEvaluation.crossValidate(
      columns: data.values, labels: data.labels, folds: data.folds, options: options)
    #expect(abs(evaluation.auc - data.logistic.auc) < 0.01, "ours \(evaluation.auc), scikit-learn \(data.logistic.auc)")
    for (ours, theirs) in zip(evaluation.foldAUCs, data.logistic.foldAucs) { #expect(abs(ours - theirs) < 0.01) }
    #expect(abs(evaluation.pooledAUC - data.logistic.pooledAuc) < 0.01)
    #expect(scores.allSatisfy { $0 > 0 && $0 < 1 })
    // Gains: the top decile reaches about as many churners as scikit-learn's.
    let top = Double(evaluation.gains[0].churners)
    #expect(abs(top - Double(data.logistic.gainsChurners[0])) <= 0.1 * Double(data.logistic.gainsChurners[0]))
  }

  @Test(
    "gradient-boosted trees' cross-validated AUC is within 0.01 of scikit-learn's on the same folds",
    arguments: cases)
  func boosted(_ data: ChurnFixture.Case) {
    var options = ChurnFitOptions()
    options.kind = .gbt
    let (evaluation, scores) = ChurnEvaluation.crossValidate(
      columns: data.values, labels: data.labels, folds: data.folds, options: options)
    #expect(abs(evaluation.auc - data.gbt.auc) < 0.01, "ours \(evaluation.auc), scikit-learn \(data.gbt.auc)")
    #expect(abs(evaluation.pooledAUC - data.gbt.pooledAuc) < 0.015)
    #expect(scores.allSatisfy { $0 > 0 && $0 < 1 })
    let top = Double(evaluation.gains[0].churners)
    #expect(abs(top - Double(data.gbt.gainsChurners[0])) <= 0.1 * Double(data.gbt.gainsChurners[0]))
  }

  @Test("trees beat the linear model where the label comes from an interaction, as in scikit-learn")
  func treesWinOnInteraction() throws {
    let data = try #require(Self.cases.first { $0.name == "interaction" })
    #expect(data.gbt.auc > data.logistic.auc + 0.05)
  }

  @Test("a fit is identical for the same seed, and stores and reloads unchanged")
  func deterministic() throws {
    let data = try #require(Self.cases.first)
    var options = ChurnFitOptions()
    options.kind = .gbt
    options.boosting.maxIterations = 20
    let rows = Array(data.labels.indices)
    let first = ChurnModel.fit(kind: .gbt, columns: data.values, labels: data.labels, rows: rows, options: options)
    let second = ChurnModel.fit(kind: .gbt, columns: data.values, labels: data.labels, rows: rows, options: options)
    #expect(first == second)
    #expect(first.scores(columns: data.values) == second.scores(columns: data.values))
    let logistic = ChurnModel.fit(
      kind: .logistic, columns: data.values, labels: data.labels, rows: rows, options: options)
    #expect(
      logistic
        == ChurnModel.fit(kind: .logistic, columns: data.values, labels: data.labels, rows: rows, options: options))
  }

  @Test("a perfectly separable label gets AUC 1 from both models, scores in [0, 1]")
  func separable() {
    var rng = SplitMix64(seed: 3)
    // 200 distinct values, fewer than the bins, so that a threshold falls exactly between the classes.
    let x = (0..<600).map { _ in Double(rng.next() % 200) / 200 }
    let labels = x.map { $0 > 0.6 }
    let folds = StratifiedFolds.assign(labels: labels, folds: 3, seed: 1)
    for kind in ChurnModelKind.allCases {
      var options = ChurnFitOptions()
      options.kind = kind
      options.boosting.maxIterations = 30
      let (evaluation, scores) = ChurnEvaluation.crossValidate(
        columns: [x], labels: labels, folds: folds, options: options)
      #expect(evaluation.auc == 1, "\(kind)")
      #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
  }

  @Test("logistic regression reaches the L2 objective's minimum: the gradient vanishes")
  func logisticOptimum() throws {
    let data = try #require(Self.cases.first)
    let rows = Array(data.labels.indices)
    let columns = data.values.map { column in
      let present = column.filter { !$0.isNaN }
      let mean = present.reduce(0, +) / Double(present.count)
      return column.map { $0.isNaN ? mean : $0 }
    }
    let model = LogisticModel.fit(columns: columns, labels: data.labels, rows: rows)
    let scores = model.scores(columns: columns)
    // ∂/∂wⱼ [C Σ loss + ½‖w‖²] = Σ (p − y) zⱼ + wⱼ = 0 at the optimum; the intercept's Σ (p − y) = 0.
    var intercept = 0.0
    for (score, label) in zip(scores, data.labels) { intercept += score - (label ? 1 : 0) }
    #expect(abs(intercept) < 1e-4)
    for j in columns.indices {
      var gradient = model.coefficients[j]
      for i in rows {
        gradient += (scores[i] - (data.labels[i] ? 1 : 0)) * (columns[j][i] - model.means[j]) / model.scales[j]
      }
      #expect(abs(gradient) < 1e-3, "feature \(j)")
    }
  }

  @Test("binning: few distinct values get midpoints, missing values the last bin")
  func binning() {
    let column = [1.0, 2, 2, 3, .nan, 5]
    let binning = FeatureBinning.fit(columns: [column], rows: Array(column.indices))
    #expect(binning.thresholds[0] == [1.5, 2.5, 4])
    #expect(binning.bin(columns: [column]) == [0, 1, 1, 2, 255, 3])
  }

  @Test("boosted trees' gain importance sums to 1 and favours the informative feature")
  func importance() throws {
    let data = try #require(Self.cases.first { $0.name == "interaction" })
    var options = ChurnFitOptions()
    options.boosting.maxIterations = 30
    let model = ChurnModel.fit(
      kind: .gbt, columns: data.values, labels: data.labels, rows: Array(data.labels.indices), options: options)
    let importance = model.importance
    #expect(abs(importance.reduce(0, +) - 1) < 1e-9)
    // x0 and x1 (interaction) and x2 (threshold) carry the signal; x4 and x5 are noise.
    #expect(importance[0] > importance[4] && importance[2] > importance[5])
  }
}
