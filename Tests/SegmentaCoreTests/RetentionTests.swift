import Testing

@testable import SegmentaCore

@Suite("Retention views: lifecycle stages and cross tables")
struct RetentionTests {
  @Test("lifecycle: new by tenure first, unknown without usage, lapsed, then the relative change")
  func lifecycle() {
    let rule = LifecycleRule()
    #expect(rule.stage(tenure: 1, previous: .nan, current: .nan) == .new)
    #expect(rule.stage(tenure: 2.9, previous: 100, current: 0) == .new)
    #expect(rule.stage(tenure: 12, previous: .nan, current: 50) == nil)
    #expect(rule.stage(tenure: .nan, previous: 50, current: 50) == .stable)
    #expect(rule.stage(tenure: 12, previous: 100, current: 0) == .lapsed)
    #expect(rule.stage(tenure: 12, previous: 0, current: 0) == .lapsed)
    #expect(rule.stage(tenure: 12, previous: 0, current: 5) == .growing)
    #expect(rule.stage(tenure: 12, previous: 100, current: 120) == .growing)
    #expect(rule.stage(tenure: 12, previous: 100, current: 119) == .stable)
    #expect(rule.stage(tenure: 12, previous: 100, current: 81) == .stable)
    #expect(rule.stage(tenure: 12, previous: 100, current: 80) == .declining)
    let strict = LifecycleRule(newTenure: 6, change: 0.5, lapsedAtMost: 10)
    #expect(strict.stage(tenure: 5, previous: 1, current: 1) == .new)
    #expect(strict.stage(tenure: 6, previous: 100, current: 10) == .lapsed)
    #expect(strict.stage(tenure: 6, previous: 100, current: 140) == .stable)
    #expect(strict.stages(tenure: [1, 12], previous: [1, 100], current: [1, 40]) == [.new, .declining])
  }

  @Test("property: more current usage never moves a customer to a lower stage")
  func lifecycleMonotone() {
    var rng = SplitMix64(seed: 21)
    let order: [LifecycleStage] = [.lapsed, .declining, .stable, .growing]
    let rule = LifecycleRule()
    for _ in 0..<2_000 {
      let previous = Double(rng.nextPoisson(20))
      let low = Double(rng.nextPoisson(20))
      let high = low + Double(rng.nextPoisson(5))
      let a = rule.stage(tenure: 24, previous: previous, current: low)
      let b = rule.stage(tenure: 24, previous: previous, current: high)
      #expect(order.firstIndex(of: a!)! <= order.firstIndex(of: b!)!)
    }
  }

  @Test("cross table: counts, shares, value, value at risk and KPI means per cell, riskiest first")
  func crossTable() {
    // Six customers: tier (high, low) × band (high, low); customer 5 has no band.
    let tiers: [Int32] = [0, 0, 1, 1, 0, 1]
    let bands: [Int32] = [0, 1, 0, 0, 0, -1]
    let value: [Double] = [100, 200, 10, .nan, 50, 5]
    let churn: [Double] = [0.8, 0.1, 0.9, 0.7, .nan, 0.5]
    let arpu: [Double] = [30, 40, 5, 7, .nan, 1]
    let table = CrossTable.build(
      dimensions: [("value_tier", ["high", "low"], tiers), ("churn_risk", ["high", "low"], bands)],
      value: value, churnProbability: churn, kpis: [("arpu", arpu)])
    #expect(table.customers == 5)
    #expect(table.dimensions.map(\.name) == ["value_tier", "churn_risk"])
    #expect(table.cells.map(\.labels) == [["high", "high"], ["high", "low"], ["low", "high"]])
    let first = table.cells[0]
    #expect(first.customers == 2 && first.share == 0.4)
    #expect(first.value == 150 && first.valueAtRisk == 80)
    #expect(first.kpis == [30])
    #expect(table.cells[1].valueAtRisk == 20 && table.cells[1].value == 200 && table.cells[1].customers == 1)
    let third = table.cells[2]
    #expect(third.customers == 2 && third.value == 10 && third.valueAtRisk == 9 && third.kpis == [6])
  }

  @Test("cross table of three dimensions without a value: by customers, label order among equals")
  func threeDimensions() {
    let a: [Int32] = [0, 0, 1, 1, 1]
    let b: [Int32] = [0, 0, 0, 1, 1]
    let c: [Int32] = [1, 1, 0, 0, 1]
    let table = CrossTable.build(dimensions: [
      ("segment", ["S1", "S2"], a), ("tier", ["t1", "t2"], b), ("band", ["x", "y"], c),
    ])
    #expect(
      table.cells.map(\.labels) == [["S1", "t1", "y"], ["S2", "t1", "x"], ["S2", "t2", "x"], ["S2", "t2", "y"]])
    #expect(table.cells.map(\.customers) == [2, 1, 1, 1])
    #expect(table.cells.allSatisfy { $0.value == nil && $0.valueAtRisk == nil && $0.kpis.isEmpty })
  }
}
