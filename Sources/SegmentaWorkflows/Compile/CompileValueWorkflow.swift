import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta compile value`: the stored value table, its RFM scores and lifetime-value predictions as one
/// SQL query over a transaction table for Spark, PostgreSQL or DuckDB (see ``ValueSQL``), written to a file or
/// returned.
package struct CompileValueWorkflow: Workflow {
  package var target: SQLDialect
  /// The transaction table.
  package var transactionsTable: String
  /// Its columns of customer ids, dates and amounts (as `value build` names them in the file).
  package var customerColumn: String
  package var dateColumn: String
  package var amountColumn: String
  /// The value table (default: the latest built).
  package var label: String?
  /// The end of the observation (days since 1970-01-01); default the stored table's.
  package var asOf: Int?
  /// The time unit; default the stored table's (models fitted in one unit do not apply in another).
  package var timeUnit: ValueTimeUnit?
  /// RFM score bins; default those of the stored `value rfm`, else 5.
  package var bins: Int?
  /// The file to write (`-` standard output); nil returns the text only.
  package var out: String?

  package init(
    target: SQLDialect, transactionsTable: String = "transactions", customerColumn: String = "customer_id",
    dateColumn: String = "date", amountColumn: String = "amount", label: String? = nil, asOf: Int? = nil,
    timeUnit: ValueTimeUnit? = nil, bins: Int? = nil, out: String? = nil
  ) {
    self.target = target
    self.transactionsTable = transactionsTable
    self.customerColumn = customerColumn
    self.dateColumn = dateColumn
    self.amountColumn = amountColumn
    self.label = label
    self.asOf = asOf
    self.timeUnit = timeUnit
    self.bins = bins
    self.out = out
  }

  package struct Output: Sendable, Codable {
    package var target: SQLDialect
    package var transactionsTable: String
    /// The value table compiled and its observation end and time unit.
    package var valueTable: String
    package var asOf: String
    package var timeUnit: ValueTimeUnit
    package var bins: Int
    /// The columns the query returns besides `customer_id`.
    package var columns: [String]
    /// The stored columns the query does not compute, each with why.
    package var notCompiled: [ValueSQL.Omitted]
    /// The stored parameters used (nil without `value clv`).
    package var bgnbd: LifetimeValueWorkflow.PurchaseModel?
    package var gammaGamma: LifetimeValueWorkflow.SpendModel?
    package var horizonMonths: Int?
    package var discount: Double?
    /// Terms the hypergeometric series is summed to (nil when it is not compiled).
    package var seriesTerms: Int?
    package var notes: [String]
    package var file: String?
    package var sql: String
  }

  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    try SQLDialect.checkTableName(transactionsTable, field: "transactions-table")
    for (value, option) in [
      (customerColumn, "customer-column"), (dateColumn, "date-column"), (amountColumn, "amount-column"),
    ] where value.isEmpty {
      throw SegmentaError(.invalidRequest, "--\(option) needs a column name", field: option)
    }
    if let bins, !(2...10).contains(bins) {
      throw SegmentaError(.invalidRequest, "--bins takes 2 to 10, not \(bins)", field: "bins")
    }
    let target = try out.map { path throws(SegmentaError) in try context.checkOutput(path, option: "--out") }
    let workspace = try context.workspace(for: .read)
    guard let table = try workspace.valueTableIfBuilt(label: label, columns: []) else {
      throw SegmentaError(
        .missingPrerequisite,
        "no value table is stored to compile; build one from transactions with `segmenta value build "
          + "--transactions FILE` (then `segmenta value rfm` and `segmenta value clv`)")
    }
    guard let storedEnd = ValueParser.withBytes(of: table.info.asOf, { ValueParser.parseDate($0) }) else {
      throw SegmentaError(.invalidRequest, "value table \(table.info.label) has an unreadable end '\(table.info.asOf)'")
    }
    var notes: [String] = []
    let rfm = try table.storedResult(RFMWorkflow.Output.self, kind: "rfm", workspace: workspace)
    let clv = try table.storedResult(LifetimeValueWorkflow.Output.self, kind: "clv", workspace: workspace)
    let unit = timeUnit ?? table.info.timeUnit
    if unit != table.info.timeUnit, clv != nil {
      throw SegmentaError(
        .invalidRequest,
        "value table \(table.info.label)'s models were fitted in \(table.info.timeUnit.rawValue); --time-unit "
          + "\(unit.rawValue) would apply them to other numbers (rebuild the table in \(unit.rawValue) and rerun "
          + "`segmenta value clv`)", field: "time-unit")
    }
    let end = asOf ?? storedEnd
    if end != storedEnd {
      notes.append(
        "the observation ends \(CivilDate.isoString(days: end)), not on the stored table's "
          + "\(table.info.asOf): the query's numbers are not the stored ones")
    }
    let scoreBins = bins ?? rfm?.bins ?? 5
    if bins == nil && rfm == nil { notes.append("`segmenta value rfm` has not run; RFM is scored in 5 bins") }
    let fitted = clv == nil ? nil : try workspace.valueResultDate(kind: "clv", table: table.id)
    let models = clv.map { clv in
      ValueSQL.Models(
        purchases: BetaGeoModel(r: clv.bgnbd.r, alpha: clv.bgnbd.alpha, a: clv.bgnbd.a, b: clv.bgnbd.b),
        spend: GammaGammaModel(p: clv.gammaGamma.p, q: clv.gammaGamma.q, v: clv.gammaGamma.v),
        horizonMonths: clv.horizonMonths, discount: clv.discount, column: clv.column, fitted: fitted)
    }
    let compiler = ValueSQL(
      table: ValueSQL.Table(
        label: table.info.label, builtAt: table.info.builtAt, end: end, timeUnit: unit, source: table.info.source,
        customers: table.info.customers),
      bins: scoreBins, models: models)
    let sql = compiler.query(
      transactions: transactionsTable,
      columns: ValueSQL.Columns(customer: customerColumn, date: dateColumn, amount: amountColumn), dialect: self.target)
    if let target { try TextOutput.write(sql, to: target) }
    return Output(
      target: self.target, transactionsTable: transactionsTable, valueTable: table.info.label,
      asOf: CivilDate.isoString(days: end), timeUnit: unit, bins: scoreBins,
      columns: ValueSQL.summaryColumns + compiler.modelColumns, notCompiled: compiler.omitted, bgnbd: clv?.bgnbd,
      gammaGamma: clv?.gammaGamma, horizonMonths: clv?.horizonMonths, discount: clv?.discount,
      seriesTerms: compiler.seriesTerms, notes: notes, file: out, sql: sql)
  }
}

extension StoredValueTable {
  /// The stored result `kind` of this table decoded, nil when the command has not run on it.
  fileprivate func storedResult<T: Decodable>(_ type: T.Type, kind: String, workspace: Workspace)
    throws(SegmentaError) -> T?
  {
    guard let text = try workspace.valueResult(kind: kind, table: id) else { return nil }
    return try SegmentaError.catching { try ValueResults.decode(type, text) }
  }
}
