import Testing

@testable import SegmentaCore

@Suite("Preprocessing")
struct PreprocessingModelTests {
  @Test("median fill, p1/p99 winsorising, log1p above the skewness threshold, population z-scores")
  func defaults() throws {
    // A right-skewed usage feature with a missing value and an outlier.
    var usage = (1...99).map { Double($0 * $0) }
    usage.append(1_000_000)
    usage[10] = .nan
    let model = try PreprocessingModel.fit([("usage", usage)], options: PreprocessingOptions())
    let t = model.transforms[0]
    let present = usage.filter { !$0.isNaN }.sorted()
    #expect(t.fill == ColumnSummary.quantile(present, 0.5))
    #expect(t.missing == 1)
    #expect(t.lower == ColumnSummary.quantile(present, 0.01))
    #expect(t.upper == ColumnSummary.quantile(present, 0.99))
    #expect(t.log1p)
    #expect(t.logReason.hasPrefix("skewness"))
    // Applying the model to the fitted data gives mean 0 and population standard deviation 1.
    let matrix = model.matrix([usage])
    let values = (0..<matrix.rows).map { Double(matrix[$0, 0]) }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    #expect(abs(mean) < 1e-6)
    #expect(abs(variance - 1) < 1e-5)
    // The outlier is clipped to the upper bound before the log.
    let upper = try #require(t.upper)
    #expect(t.apply(1_000_000) == t.apply(upper))
    #expect(t.apply(.nan) == t.apply(t.fill))
  }

  @Test("symmetric or negative features keep their scale; overrides and options are honoured")
  func choices() throws {
    let symmetric = (0..<100).map { Double($0 % 10) }
    let negative = (0..<100).map { Double($0) - 50 }
    let model = try PreprocessingModel.fit(
      [("a", symmetric), ("b", negative)],
      options: PreprocessingOptions(winsorize: nil, scaling: .minmax, weights: ["b": 2]))
    #expect(!model.transforms[0].log1p && model.transforms[0].logReason.hasPrefix("skewness"))
    #expect(!model.transforms[1].log1p && model.transforms[1].logReason == "negative values")
    #expect(model.transforms[0].apply(9) == 1 && model.transforms[0].apply(0) == 0)
    #expect(model.transforms[1].apply(49) == 2)
    let forced = try PreprocessingModel.fit(
      [("a", symmetric)], options: PreprocessingOptions(log: .auto, logOverrides: ["a": true], scaling: .none))
    #expect(forced.transforms[0].log1p && forced.transforms[0].logReason == "forced")
    #expect(abs(forced.transforms[0].apply(3) - 1.3862943611198906) < 1e-15)
    #expect(
      throws: PreprocessingError(feature: "b", message: "log1p was asked for, but the feature has negative values")
    ) {
      try PreprocessingModel.fit([("b", negative)], options: PreprocessingOptions(log: .on))
    }
    #expect(throws: PreprocessingError.self) {
      try PreprocessingModel.fit([("c", [.nan, .nan])], options: PreprocessingOptions())
    }
    let constant = try PreprocessingModel.fit([("c", [5, 5, 5])], options: PreprocessingOptions())
    #expect(constant.transforms[0].scale == 1 && constant.transforms[0].apply(5) == 0)
  }

  @Test("the matrix built a few columns at a time equals the one built from every prepared column")
  func matrixInBatches() throws {
    var rng = SplitMix64(seed: 3)
    let rows = 5_000
    // Nine columns (three batches), one without any value and one constant after preprocessing.
    var columns: [(name: String, values: [Double])] = (0..<9).map { index in
      ("f\(index)", (0..<rows).map { _ in rng.nextUnit() < 0.05 ? .nan : rng.nextLogNormal(mu: 0, sigma: 1) })
    }
    columns[2].values = [Double](repeating: .nan, count: rows)
    columns[6].values = [Double](repeating: 4, count: rows)
    var loaded: [Int] = []
    let built = try PreprocessingModel.fitMatrix(
      names: columns.map(\.name), rows: rows, options: PreprocessingOptions()
    ) { index in
      loaded.append(index)
      return columns[index].values
    }
    #expect(loaded == Array(0..<9))
    #expect(built.empty == [2] && built.constant == [6])
    let kept = columns.indices.filter { $0 != 2 && $0 != 6 }.map { columns[$0] }
    let reference = try PreprocessingModel.fitPrepared(kept, options: PreprocessingOptions())
    #expect(built.model == reference.model)
    let matrix = PreprocessingModel.matrix(prepared: reference.prepared)
    #expect(built.matrix.columns == 7 && built.matrix.stride == matrix.stride)
    #expect(built.matrix.values == matrix.values)
  }
}
