import Foundation
import SegmentaCore

/// A stored value table (`value build`), its RFM scoring (`value rfm`) and lifetime-value models
/// (`value clv`) as one SQL query over a transaction table.
///
/// The query reads `customer`, `date` (a DATE or TIMESTAMP; its day counts) and `amount` from the
/// transaction table and returns, per customer with a transaction counted, the summaries the workspace
/// stores (``TransactionLedger/summary(customerCount:end:unit:onlyUpToEnd:)``), the RFM scores with the
/// workspace's tie policy (``RFMScoring``) and, from the stored parameters, P(alive), the expected spend,
/// the expected purchases over the horizon and the discounted lifetime value (``LifetimeValue``). The same
/// inputs give the same text, byte for byte.
package struct ValueSQL: Sendable {
  /// The stored value table the query reproduces.
  package struct Table: Sendable {
    package var label: String
    package var builtAt: String
    /// The end of the observation (days since 1970-01-01).
    package var end: Int
    package var timeUnit: ValueTimeUnit
    /// The transaction file it was built from.
    package var source: String
    package var customers: Int

    package init(label: String, builtAt: String, end: Int, timeUnit: ValueTimeUnit, source: String, customers: Int) {
      self.label = label
      self.builtAt = builtAt
      self.end = end
      self.timeUnit = timeUnit
      self.source = source
      self.customers = customers
    }
  }

  /// The fitted lifetime-value models and the horizon they were applied over.
  package struct Models: Sendable {
    package var purchases: BetaGeoModel
    /// Gamma-Gamma; spend and CLV are missing (NULL) when it is nil or its q ≤ 1, as in the workspace.
    package var spend: GammaGammaModel?
    package var horizonMonths: Int
    package var discount: Double
    /// The stored CLV column (`clv_12m`).
    package var column: String
    /// When `value clv` fitted them, for the header.
    package var fitted: String?

    package init(
      purchases: BetaGeoModel, spend: GammaGammaModel?, horizonMonths: Int, discount: Double, column: String,
      fitted: String? = nil
    ) {
      self.fitted = fitted
      self.purchases = purchases
      self.spend = spend
      self.horizonMonths = horizonMonths
      self.discount = discount
      self.column = column
    }
  }

  /// The transaction table's column names.
  package struct Columns: Sendable {
    package var customer: String
    package var date: String
    package var amount: String

    package init(customer: String = "customer_id", date: String = "date", amount: String = "amount") {
      self.customer = customer
      self.date = date
      self.amount = amount
    }
  }

  /// A column the query does not compute, and why.
  package struct Omitted: Sendable, Codable, Equatable {
    package var column: String
    package var reason: String
  }

  package var table: Table
  /// RFM score bins (2 to 10).
  package var bins: Int
  package var models: Models?

  /// Terms of the hypergeometric series beyond which this compiler does not go (each a row per distinct
  /// frequency and age and month).
  package static let maximumTerms = 20_000

  package init(table: Table, bins: Int, models: Models?) {
    self.table = table
    self.bins = bins
    self.models = models
  }

  /// The summary columns, in the order the query returns them (after `customer_id`).
  package static let summaryColumns = [
    "frequency", "recency", "T", "monetary_value", "total_value", "transactions", "first_purchase", "last_purchase",
    "days_since_last", "r_score", "f_score", "m_score", "rfm_score",
  ]

  /// The model columns the query returns (P(alive) and spend with models; purchases and CLV when the
  /// series compiles).
  package var modelColumns: [String] {
    guard let models else { return [] }
    var columns = ["p_alive", "expected_spend"]
    if seriesTerms != nil { columns += ["expected_purchases", models.column] }
    return columns
  }

  /// The columns the workspace stores that the query does not compute, with the reason.
  package var omitted: [Omitted] {
    guard let models else {
      return ["p_alive", "expected_purchases", "expected_spend", "clv_<horizon>m"].map {
        Omitted(
          column: $0,
          reason: "no lifetime-value model is stored for value table \(table.label); run `segmenta value clv`"
        )
      }
    }
    guard seriesTerms == nil else { return [] }
    let reason =
      models.purchases.a == 1
      ? "BG/NBD's a = 1 leaves the expected purchases undefined"
      : "the hypergeometric series needs more than \(Self.maximumTerms) terms over the horizon"
    return [Omitted(column: "expected_purchases", reason: reason), Omitted(column: models.column, reason: reason)]
  }

  /// The number of terms the hypergeometric series is summed to, or nil when it is not compiled.
  ///
  /// BG/NBD's ₂F₁ is summed after Euler's transformation, with parameters a + b − 1 − r and a − 1 (both
  /// independent of the customer) over c = a + b + x − 1 at z = t / (α + T + t). Each term's size is largest
  /// for x = 0 and T = 0 at the horizon, so the number of terms there until one falls below 1e-18 (the
  /// workspace stops below 1e-17 of a sum of about 1 or more), plus a margin, covers every customer.
  package var seriesTerms: Int? {
    guard let models else { return nil }
    let m = models.purchases
    let first = m.a + m.b - 1 - m.r
    let second = m.a - 1
    guard m.a != 1, models.horizonMonths > 0 else { return nil }
    let horizon = Double(models.horizonMonths) * LifetimeValue.unitsPerMonth(table.timeUnit)
    let z = horizon / (m.alpha + horizon)
    let c = m.a + m.b - 1
    var term = 1.0
    var k = 0.0
    while k < Double(Self.maximumTerms) {
      term *= abs((first + k) * (second + k) / ((c + k) * (k + 1)) * z)
      k += 1
      if term <= 1e-18 && k > 2 { return min(Self.maximumTerms, Int(k) + 8) }
      if !term.isFinite { return nil }
    }
    return nil
  }

  /// The query for `dialect` over the transaction table `transactions`.
  package func query(transactions: String, columns: Columns = Columns(), dialect: SQLDialect) -> String {
    let unit = table.timeUnit
    let endPeriod = unit.periodStart(table.end)
    let double = dialect.doubleType
    let id = dialect.identifier("customer_id")
    let date = "CAST(\(dialect.identifier(columns.date)) AS DATE)"
    let day: String
    switch dialect {
    case .spark: day = "DATEDIFF(\(date), DATE '1970-01-01')"
    case .postgres: day = "(\(date) - DATE '1970-01-01')"
    case .duckdb: day = "DATE_DIFF('day', DATE '1970-01-01', \(date))"
    }
    let period = unit == .days ? "purchase_day" : "purchase_day - ((purchase_day % 7 + 10) % 7)"
    let perUnit = unit == .days ? "" : " / \(unit.days)"
    var lines: [String] = [
      "-- Value table '\(ModelSQL.comment(table.label))' compiled by Segmenta for \(dialect.title).",
      "-- Built \(ModelSQL.comment(table.builtAt)) from \(ModelSQL.comment(table.source)) for \(table.customers) "
        + "customers; time unit \(unit.rawValue), observation end \(CivilDate.isoString(days: table.end)).",
      "-- Reads \(columns.customer), \(columns.date) (DATE or TIMESTAMP, its day counts) and \(columns.amount) from "
        + "\(transactions);",
      "-- returns per customer with a transaction counted:",
      "-- " + Self.summaryColumns[..<9].joined(separator: ", ") + ",",
      "-- " + (Self.summaryColumns[9...] + modelColumns).joined(separator: ", ") + ".",
    ]
    lines += [
      "-- Summaries as lifetimes' summary_data_from_transaction_data: amounts summed per \(unit == .days ? "day" : "Monday-to-Sunday week"),",
      "-- every transaction of a period starting on or before the end's period counted.",
      "-- RFM: \(bins) bins, score = 1 + floor(\(bins) * worse / n), worse = RANK() over the worst-first order - 1",
      "-- (equal values get equal scores); R from days_since_last (lower better), F from frequency, M from total_value.",
    ]
    if let models {
      let m = models.purchases
      lines.append(
        "-- BG/NBD (fitted by `value clv`" + (models.fitted.map { " at \(ModelSQL.comment($0))" } ?? "")
          + "): r = \(Self.exact(m.r)), alpha = \(Self.exact(m.alpha)), a = \(Self.exact(m.a)), "
          + "b = \(Self.exact(m.b)).")
      if let spend = models.spend {
        lines.append(
          "-- Gamma-Gamma: p = \(Self.exact(spend.p)), q = \(Self.exact(spend.q)), v = \(Self.exact(spend.v))"
            + (spend.q > 1 ? "." : "; q <= 1, so expected_spend and \(models.column) are NULL."))
      }
      if let terms = seriesTerms {
        lines.append(
          "-- Horizon \(models.horizonMonths) months of \(ModelSQL.format(LifetimeValue.unitsPerMonth(unit))) "
            + "\(unit.rawValue), discount \(Self.exact(models.discount)) a month; 2F1 summed to \(terms) terms.")
      }
      for omitted in omitted { lines.append("-- Not compiled: \(omitted.column): \(omitted.reason).") }
    }
    lines += [
      "WITH counted AS \(dialect.materialized)(",
      "  SELECT customer_id, purchase_date, purchase_day, \(period) AS period_start, amount",
      "  FROM (",
      "    SELECT",
      "      CAST(\(dialect.identifier(columns.customer)) AS \(dialect.textType)) AS customer_id,",
      "      \(date) AS purchase_date,",
      "      \(day) AS purchase_day,",
      "      CAST(\(dialect.identifier(columns.amount)) AS \(double)) AS amount",
      "    FROM \(dialect.table(transactions))",
      "  ) AS dated",
      "  WHERE \(unit == .days ? "purchase_day" : "purchase_day - ((purchase_day % 7 + 10) % 7)") <= \(endPeriod)",
      "),",
      "-- One row per customer and period with a purchase.",
      "periods AS (",
      "  SELECT customer_id, period_start, SUM(amount) AS period_sum,",
      "    MIN(period_start) OVER (PARTITION BY customer_id) AS first_period",
      "  FROM counted",
      "  GROUP BY customer_id, period_start",
      "),",
      "repeats AS (",
      "  SELECT",
      "    customer_id,",
      "    CAST(COUNT(*) - 1 AS \(double)) AS frequency,",
      "    CAST(MAX(period_start) - MIN(period_start) AS \(double))\(perUnit) AS recency,",
      "    CAST(\(endPeriod) - MIN(period_start) AS \(double))\(perUnit) AS age,",
      "    COALESCE(SUM(CASE WHEN period_start > first_period THEN period_sum END) / NULLIF(COUNT(*) - 1, 0), 0)",
      "      AS monetary_value",
      "  FROM periods",
      "  GROUP BY customer_id",
      "),",
      "totals AS (",
      "  SELECT",
      "    customer_id,",
      "    SUM(amount) AS total_value,",
      "    CAST(COUNT(*) AS \(double)) AS transactions,",
      "    MIN(purchase_date) AS first_purchase,",
      "    MAX(purchase_date) AS last_purchase,",
      "    CAST(GREATEST(0, \(table.end) - MAX(purchase_day)) AS \(double)) AS days_since_last",
      "  FROM counted",
      "  GROUP BY customer_id",
      "),",
      "summary AS \(dialect.materialized)(",
      "  SELECT",
      "    repeats.customer_id, frequency, recency, age, monetary_value, total_value, transactions, first_purchase,",
      "    last_purchase, days_since_last,",
      "    -- RANK() - 1 counts the customers with a strictly worse value.",
      "    " + score("RANK() OVER (ORDER BY days_since_last DESC)", dialect) + " AS r_score,",
      "    " + score("RANK() OVER (ORDER BY frequency)", dialect) + " AS f_score,",
      "    " + score("RANK() OVER (ORDER BY total_value)", dialect) + " AS m_score",
      "  FROM repeats",
      "  JOIN totals ON totals.customer_id = repeats.customer_id",
      ")",
    ]
    let compilesSeries = models != nil && seriesTerms != nil
    let source = models == nil ? "summary" : "alive"
    var select = [
      "SELECT",
      "  \(source).customer_id AS \(id),",
      "  \(source).frequency,",
      "  recency,",
      "  \(source).age AS \(dialect.identifier("T")),",
      "  monetary_value,",
      "  total_value,",
      "  transactions,",
      "  first_purchase,",
      "  last_purchase,",
      "  days_since_last,",
      "  r_score,",
      "  f_score,",
      "  m_score,",
      "  r_score * 100 + f_score * 10 + m_score AS rfm_score",
    ]
    var from = ["FROM \(source)"]
    if let models {
      lines[lines.count - 1] = "),"
      lines += modelSteps(models, dialect: dialect)
      select[select.count - 1] += ","
      select.append("  p_alive,")
      let spend = models.spend.flatMap { $0.q > 1 ? $0 : nil }
      var expectedSpend = "CAST(NULL AS \(double))"
      if let spend {
        let p = SQLDialect.number(spend.p)
        let weight = "\(p) * \(source).frequency / (\(p) * \(source).frequency + \(SQLDialect.number(spend.q)) - 1)"
        let population = SQLDialect.number(spend.v * spend.p / (spend.q - 1))
        select.append("  -- Gamma-Gamma: (1 - w) * v p / (q - 1) + w * monetary_value, w = p x / (p x + q - 1).")
        expectedSpend = "(1 - \(weight)) * \(population) + \(weight) * monetary_value"
      }
      select.append("  \(expectedSpend) AS expected_spend" + (compilesSeries ? "," : ""))
      if compilesSeries {
        select.append("  p_alive * if_alive AS expected_purchases,")
        select.append(
          "  " + (spend == nil ? expectedSpend : "(\(expectedSpend)) * p_alive * discounted")
            + " AS \(dialect.identifier(models.column))")
        from.append(
          "JOIN pair_values ON pair_values.frequency = alive.frequency AND pair_values.age = alive.age")
      }
    }
    lines += select + from
    lines.append("ORDER BY \(id);")
    return lines.joined(separator: "\n") + "\n"
  }

  /// 1 + floor(bins · (rank − 1) / n) as an integer, n the customers scored.
  private func score(_ rank: String, _ dialect: SQLDialect) -> String {
    "CAST(1 + FLOOR(CAST(\(bins) * (\(rank) - 1) AS \(dialect.doubleType)) / COUNT(*) OVER ()) AS INTEGER)"
  }

  /// The steps that apply the models: P(alive) per customer, the hypergeometric series per distinct
  /// (frequency, age) and month, and the expectations per pair.
  private func modelSteps(_ models: Models, dialect: SQLDialect) -> [String] {
    let m = models.purchases
    let (r, alpha, a, b) = (
      SQLDialect.number(m.r), SQLDialect.number(m.alpha), SQLDialect.number(m.a), SQLDialect.number(m.b)
    )
    let double = dialect.doubleType
    var lines = [
      "-- BG/NBD P(alive) = 1 / (1 + exp(L)) for x > 0 (1 for x = 0), L = (r + x) ln((alpha + T) / (alpha + t_x))",
      "-- + ln(a / (b + x - 1)), as a logistic that does not overflow (0 below exp(-700)).",
      "odds AS (",
      "  SELECT summary.*,",
      "    CASE WHEN frequency > 0 THEN (\(r) + frequency) * LN((\(alpha) + age) / (\(alpha) + recency))",
      "      + LN(\(a) / (\(b) + frequency - 1)) END AS log_odds",
      "  FROM summary",
      "),",
      "alive AS \(dialect.materialized)(",
      "  SELECT odds.*,",
      "    CASE",
      "      WHEN log_odds IS NULL THEN CAST(1 AS \(double))",
      "      WHEN log_odds <= 0 THEN 1 / (1 + EXP(log_odds))",
      "      WHEN log_odds > 700 THEN CAST(0 AS \(double))",
      "      ELSE EXP(-log_odds) / (1 + EXP(-log_odds))",
      "    END AS p_alive",
      "  FROM odds",
      ")",
    ]
    guard let terms = seriesTerms else { return lines }
    let factor = LifetimeValue.unitsPerMonth(table.timeUnit)
    let months = models.horizonMonths
    let numbers: (String, Int) -> String = { name, count in
      switch dialect {
      case .spark: "SELECT EXPLODE(SEQUENCE(1, \(count))) AS \(name)"
      case .postgres, .duckdb:
        "SELECT CAST(\(name) AS INTEGER) AS \(name) FROM GENERATE_SERIES(1, \(count)) AS g(\(name))"
      }
    }
    let c = "(\(a) + \(b) + frequency - 1)"
    lines[lines.count - 1] = "),"
    lines += [
      "-- E[X(t) | alive, x, T] = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + t + T))^(r + x)",
      "-- * 2F1(r + x, b + x; a + b + x - 1; z)), z = t / (alpha + T + t), at t = month * \(Self.exact(factor)) for",
      "-- months 1 to \(months), once per distinct (frequency, age). 2F1 = (1 - z)^(c - a - b) * 2F1(c - a, c - b; c; z)",
      "-- (Euler), the series summed to \(terms) terms, each the product of the ratios",
      "-- (c - a + j) (c - b + j) / ((c + j) (j + 1)) z of the terms before (a sum of logarithms and a count of",
      "-- negative ratios). Where the transformed sum is not positive the workspace sums the direct series",
      "-- instead; the query gives NULL there.",
      "months AS (",
      "  SELECT month_number, CAST(month_number AS \(double)) * \(SQLDialect.number(factor)) AS span",
      "  FROM (\(numbers("month_number", months))) AS month_numbers",
      "),",
      "ratios AS (",
      "  SELECT pairs.frequency, pairs.age, month_number, term_number,",
      "    (\(c) - (\(r) + pairs.frequency) + (term_number - 1)) * (\(c) - (\(b) + pairs.frequency) + (term_number - 1))",
      "      / ((\(c) + (term_number - 1)) * term_number) * (span / (\(alpha) + pairs.age + span)) AS ratio",
      "  FROM (SELECT DISTINCT frequency, age FROM summary) AS pairs",
      "  CROSS JOIN months",
      "  CROSS JOIN (\(numbers("term_number", terms))) AS term_numbers",
      "),",
      "terms AS (",
      "  SELECT frequency, age, month_number,",
      "    SUM(LN(GREATEST(ABS(ratio), 1e-300))) OVER running AS log_term,",
      "    SUM(CASE WHEN ratio < 0 THEN 1 ELSE 0 END) OVER running AS negatives",
      "  FROM ratios",
      "  WINDOW running AS (PARTITION BY frequency, age, month_number ORDER BY term_number",
      "    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
      "),",
      "series AS (",
      "  SELECT frequency, age, month_number,",
      "    1 + SUM(CASE WHEN log_term < -700 THEN 0 WHEN negatives % 2 = 1 THEN -EXP(GREATEST(log_term, -700))",
      "      ELSE EXP(GREATEST(log_term, -700)) END) AS total",
      "  FROM terms",
      "  GROUP BY frequency, age, month_number",
      "),",
      "exponents AS (",
      "  SELECT series.frequency, series.age, series.month_number,",
      "    (\(c) - (\(r) + series.frequency) - (\(b) + series.frequency)) * LN(1 - span / (\(alpha) + series.age + span))",
      "      + LN(CASE WHEN total > 0 THEN total END)",
      "      + (\(r) + series.frequency) * LN((\(alpha) + series.age) / (\(alpha) + span + series.age)) AS exponent",
      "  FROM series",
      "  JOIN months ON months.month_number = series.month_number",
      "),",
      "-- 1 - e^y, by its series where e^y is within 1e-5 of 1.",
      "alive_expectations AS (",
      "  SELECT frequency, age, month_number,",
      "    \(c) / (\(a) - 1) * CASE WHEN ABS(exponent) < 1e-5",
      "      THEN -(exponent + exponent * exponent / 2 + exponent * exponent * exponent / 6)",
      "      ELSE 1 - EXP(exponent) END AS expected",
      "  FROM exponents",
      "),",
      "increments AS (",
      "  SELECT frequency, age, month_number, expected,",
      "    expected - LAG(expected, 1, 0) OVER (PARTITION BY frequency, age ORDER BY month_number) AS increment",
      "  FROM alive_expectations",
      "),",
      "-- Per pair: E[X(horizon) | alive] and the sum of the monthly increments discounted by 1 / (1 + d)^month.",
      "pair_values AS \(dialect.materialized)(",
      "  SELECT frequency, age,",
      "    SUM(CASE WHEN month_number = \(months) THEN expected END) AS if_alive,",
      "    SUM(increment * CASE month_number",
    ]
    for month in 1...months {
      lines.append(
        "      WHEN \(month) THEN \(SQLDialect.number(1 / Foundation.pow(1 + models.discount, Double(month))))")
    }
    lines += [
      "    END) AS discounted",
      "  FROM increments",
      "  GROUP BY frequency, age",
      ")",
    ]
    return lines
  }

  /// A parameter in a comment, with the shortest digits that read back as it.
  static func exact(_ value: Double) -> String { "\(value)" }
}
