import PropertyBased
import Testing

@testable import SegmentaCore

@Suite("RFM scores, the grid and the Pareto analysis")
struct RFMScoringTests {
  @Test("quintiles of ten distinct values are two customers per score, lower recency best")
  func quintiles() {
    let scoring = RFMScoring(bins: 5)
    let values = (1...10).map(Double.init)
    #expect(scoring.scores(values) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    #expect(scoring.scores(values, lowerIsBetter: true) == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])
  }

  @Test("equal values get equal scores and a missing value scores 0")
  func ties() {
    let scores = RFMScoring(bins: 5).scores([0, 0, 0, 0, 0, 0, 1, 2, 3, .nan])
    #expect(scores == [1, 1, 1, 1, 1, 1, 4, 4, 5, 0])
  }

  @Test("property: scores never decrease as a value improves, and lie in 1…bins")
  func monotone() async {
    await propertyCheck(count: 200, input: Gen.int(in: -50...50).array(of: 1...300), Gen.int(in: 2...10)) {
      integers, bins in
      let values = integers.map(Double.init)
      let scoring = RFMScoring(bins: bins)
      let higher = scoring.scores(values)
      let lower = scoring.scores(values, lowerIsBetter: true)
      for i in values.indices {
        #expect(higher[i] >= 1 && Int(higher[i]) <= bins)
        for j in values.indices where values[i] < values[j] {
          #expect(higher[i] <= higher[j])
          #expect(lower[i] >= lower[j])
        }
        for j in values.indices where values[i] == values[j] { #expect(higher[i] == higher[j]) }
      }
    }
  }

  @Test("the default grid's ten cells cover every recency and frequency score once")
  func gridCovers() {
    let grid = RFMGrid(cells: [
      .init(label: FeatureLabel(zh: "冠军", en: "Champions"), recency: 5...5, frequency: 4...5),
      .init(label: FeatureLabel(zh: "休眠", en: "Hibernating"), recency: 1...5, frequency: 1...5),
    ])
    #expect(grid.table[4][4] == 0)
    #expect(grid.table[0][0] == 1)
    let scores = RFMScores(recency: [5, 1, 0], frequency: [5, 1, 3], monetary: [1, 1, 1], bins: 5)
    #expect(grid.assign(scores) == [0, 1, -1])
    #expect(RFMGrid.gridScore(3, bins: 3) == 5)
    #expect(RFMGrid.gridScore(1, bins: 3) == 2)
  }

  @Test("Pareto: shares, Gini and tiers of a skewed value")
  func pareto() throws {
    // One customer holds 80 of 100; four hold 5 each.
    let (analysis, tiers) = ParetoAnalysis.analyse([5, 80, 5, .nan, 5, 5])
    #expect(analysis.customers == 5)
    #expect(analysis.total == 100)
    #expect(analysis.topFifthShare == 0.8)
    #expect(analysis.customersForFourFifths == 0.2)
    // G = Σ (2i − n − 1) xᵢ / (n Σx) = (−4·5 − 2·5 + 0 + 2·5 + 4·80) / 500.
    #expect(abs(try #require(analysis.gini) - 0.6) < 1e-12)
    #expect(tiers == [1, 0, 1, -1, 1, 2])
    #expect(analysis.tierSizes == [1, 3, 1])
    #expect(analysis.lorenz.first?.value == 0)
    #expect(abs((analysis.lorenz.last?.value ?? 0) - 1) < 1e-12)
  }
}
