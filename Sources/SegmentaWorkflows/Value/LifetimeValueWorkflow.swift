import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta value clv`: BG/NBD and Gamma-Gamma fitted on the value table, and per customer
/// P(alive), expected purchases and spend and the discounted lifetime value over a horizon, stored as
/// columns of the value table (`p_alive`, `expected_purchases`, `expected_spend`, `clv_12m`).
package struct LifetimeValueWorkflow: Workflow {
  /// The horizon in months.
  package var horizon: Int
  /// The monthly discount rate.
  package var discount: Double

  package init(horizon: Int = 12, discount: Double = 0.01) {
    self.horizon = horizon
    self.discount = discount
  }

  /// The BG/NBD parameters under their usual names.
  package struct PurchaseModel: Sendable, Codable, Equatable {
    package var r: Double
    package var alpha: Double
    package var a: Double
    package var b: Double
    package var logLikelihood: Double
    package var customers: Int
    package var distinctRows: Int
    package var iterations: Int
    package var converged: Bool

    init(_ fit: BetaGeoModel.Fit) {
      r = fit.model.r
      alpha = fit.model.alpha
      a = fit.model.a
      b = fit.model.b
      logLikelihood = fit.logLikelihood
      customers = fit.customers
      distinctRows = fit.distinctRows
      iterations = fit.iterations
      converged = fit.converged
    }

    var model: BetaGeoModel { BetaGeoModel(r: r, alpha: alpha, a: a, b: b) }
  }

  /// The Gamma-Gamma parameters under their usual names.
  package struct SpendModel: Sendable, Codable, Equatable {
    package var p: Double
    package var q: Double
    package var v: Double
    package var logLikelihood: Double
    package var customers: Int
    package var iterations: Int
    package var converged: Bool

    init(_ fit: GammaGammaModel.Fit) {
      p = fit.model.p
      q = fit.model.q
      v = fit.model.v
      logLikelihood = fit.logLikelihood
      customers = fit.customers
      iterations = fit.iterations
      converged = fit.converged
    }
  }

  /// The P(alive) matrix: rows are recencies, columns frequencies 0…, at age `age`.
  package struct AliveMatrix: Sendable, Codable, Equatable {
    package var age: Double
    package var recencies: [Double]
    package var frequencies: [Int]
    package var values: [[Double]]
  }

  /// What `value clv` fitted and stored.
  package struct Output: Sendable, Codable, Equatable {
    package var table: String
    package var timeUnit: ValueTimeUnit
    package var horizonMonths: Int
    package var discount: Double
    package var bgnbd: PurchaseModel
    package var gammaGamma: SpendModel
    package var column: String
    package var customers: Int
    package var totalClv: Double
    package var meanClv: Double
    package var meanProbabilityAlive: Double
    /// The model fitted on the calibration part, when the table has one.
    package var calibrationModel: PurchaseModel?
    /// Actual against predicted holdout purchases by calibration frequency.
    package var calibration: [ValueDiagnostics.CalibrationRow]
    package var aliveMatrix: AliveMatrix
    package var notes: [String]
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SegmentaError.catching { try fit(context) }
  }

  /// The name of the stored CLV column for `horizon` months (`clv_12m`).
  package static func columnName(horizon: Int) -> String { "clv_\(horizon)m" }

  private func fit(_ context: WorkflowContext) throws -> Output {
    guard (1...120).contains(horizon) else {
      throw SegmentaError(.invalidRequest, "--horizon takes 1 to 120 months, not \(horizon)")
    }
    guard discount >= 0, discount < 1, discount.isFinite else {
      throw SegmentaError(.invalidRequest, "--discount takes a monthly rate from 0 to below 1, not \(discount)")
    }
    let workspace = try context.workspace()
    let table = try workspace.valueTable()
    let frequency = table.columns["frequency"] ?? []
    let recency = table.columns["recency"] ?? []
    let age = table.columns["T"] ?? []
    let monetary = table.columns["monetary_value"] ?? []
    context.progress.report(.status("fitting BG/NBD", "\(frequency.count) customers"))
    guard frequency.contains(where: { $0 > 0 }),
      let purchases = BetaGeoModel.fit(frequency: frequency, recency: recency, age: age)
    else {
      throw SegmentaError(
        .insufficientData, "no customer of value table \(table.info.label) bought twice; BG/NBD needs repeat purchases")
    }
    context.progress.report(.status("fitting Gamma-Gamma", "customers with repeat purchases"))
    guard let spend = GammaGammaModel.fit(frequency: frequency, monetaryValue: monetary) else {
      throw SegmentaError(
        .insufficientData,
        "fewer than two customers have repeat purchases of positive value; Gamma-Gamma cannot be fitted")
    }
    var notes: [String] = []
    if !purchases.converged { notes.append("the BG/NBD fit stopped before its gradient vanished") }
    if !spend.converged { notes.append("the Gamma-Gamma fit stopped before its gradient vanished") }
    if spend.model.q <= 1 {
      notes.append("Gamma-Gamma's q ≤ 1: the population's mean spend is undefined, so spend and CLV are missing")
    }
    let model = purchases.model
    let unit = table.info.timeUnit
    context.progress.report(.status("predicting", "\(frequency.count) customers"))
    let predictions = LifetimeValue.predictions(
      purchases: model, spend: spend.model, frequency: frequency, recency: recency, age: age,
      monetaryValue: monetary, months: horizon, discount: discount, unit: unit)
    let alive = predictions.probabilityAlive
    let clv = predictions.value
    let n = frequency.count
    let column = Self.columnName(horizon: horizon)
    try workspace.saveValueColumns(
      [
        ("p_alive", alive), ("expected_purchases", predictions.expectedPurchases),
        ("expected_spend", predictions.expectedSpend), (column, clv),
      ],
      table: table.id)

    var calibrationModel: PurchaseModel?
    var calibrationRows: [ValueDiagnostics.CalibrationRow] = []
    if let fc = table.columns["frequency_cal"], let rc = table.columns["recency_cal"], let tc = table.columns["T_cal"],
      let fh = table.columns["frequency_holdout"], let end = table.info.calibrationEnd,
      let endDay = ValueParser.withBytes(of: end, { ValueParser.parseDate($0) }),
      let asOf = ValueParser.withBytes(of: table.info.asOf, { ValueParser.parseDate($0) })
    {
      let rows = fc.indices.filter { !fc[$0].isNaN }
      let calibration = TransactionSummary(
        customers: rows.map { Int32($0) }, frequency: rows.map { fc[$0] }, recency: rows.map { rc[$0] },
        age: rows.map { tc[$0] }, monetaryValue: [], totalValue: [], transactions: [], firstDay: [], lastDay: [])
      let duration = Double(unit.periodStart(asOf) - unit.periodStart(endDay)) / Double(unit.days)
      if calibration.frequency.contains(where: { $0 > 0 }),
        let fit = BetaGeoModel.fit(frequency: calibration.frequency, recency: calibration.recency, age: calibration.age)
      {
        calibrationModel = PurchaseModel(fit)
        calibrationRows = ValueDiagnostics.calibrationTable(
          model: fit.model, calibration: calibration,
          holdout: HoldoutSummary(frequency: rows.map { fh[$0] }, monetaryValue: [], duration: duration))
      }
    }
    let maxFrequency = min(30, Int(frequency.max() ?? 0))
    let maxAge = age.max() ?? 0
    let steps = min(40, Int(maxAge))
    let recencies = (0...max(0, steps)).map { steps == 0 ? 0 : (maxAge * Double($0) / Double(steps)).rounded() }
    let matrix = AliveMatrix(
      age: maxAge, recencies: recencies, frequencies: Array(0...maxFrequency),
      values: recencies.map { r in
        (0...maxFrequency).map { model.probabilityAlive(frequency: Double($0), recency: r, age: maxAge) }
      })
    let finiteCLV = clv.filter(\.isFinite)
    let output = Output(
      table: table.info.label, timeUnit: unit, horizonMonths: horizon, discount: discount,
      bgnbd: PurchaseModel(purchases), gammaGamma: SpendModel(spend), column: column, customers: n,
      totalClv: finiteCLV.reduce(0, +),
      meanClv: finiteCLV.isEmpty ? .nan : finiteCLV.reduce(0, +) / Double(finiteCLV.count),
      meanProbabilityAlive: alive.reduce(0, +) / Double(max(1, n)), calibrationModel: calibrationModel,
      calibration: calibrationRows, aliveMatrix: matrix, notes: notes)
    try workspace.saveValueResult(try ValueResults.encode(output), kind: "clv", table: table.id)
    return output
  }
}
