/// How a value table was built: the transactions read and the dates and unit of its summaries.
public struct ValuePeriodInfo: Sendable, Equatable, Codable {
  /// The label (the as-of date unless named).
  public var label: String
  /// When it was built, ISO 8601 in UTC.
  public var builtAt: String
  /// The end of the observation, ISO date.
  public var asOf: String
  /// The end of the calibration part, when split.
  public var calibrationEnd: String?
  /// The time unit of frequency, recency and age.
  public var timeUnit: ValueTimeUnit
  /// The transaction file's name (no directories).
  public var source: String
  /// Transactions read.
  public var transactionsRead: Int
  /// Transactions of customers not in the workspace (left out).
  public var unknownCustomerRows: Int
  /// Customers summarised.
  public var customers: Int

  /// Creates the description of a value table.
  public init(
    label: String, builtAt: String, asOf: String, calibrationEnd: String?, timeUnit: ValueTimeUnit, source: String,
    transactionsRead: Int, unknownCustomerRows: Int, customers: Int
  ) {
    self.label = label
    self.builtAt = builtAt
    self.asOf = asOf
    self.calibrationEnd = calibrationEnd
    self.timeUnit = timeUnit
    self.source = source
    self.transactionsRead = transactionsRead
    self.unknownCustomerRows = unknownCustomerRows
    self.customers = customers
  }
}

/// A stored value table: per-customer summaries and the scores and predictions added to them.
public struct StoredValueTable: Sendable {
  /// Row id in the workspace.
  public var id: Int64
  /// How it was built.
  public var info: ValuePeriodInfo
  /// The summarised customers' keys, ascending.
  public var customerKeys: [Int64]
  /// Columns by name, aligned to ``customerKeys`` (NaN missing): all of them, or those asked for.
  public var columns: [String: [Double]]
  /// The names of every column the table holds, sorted (also those not read into ``columns``).
  public var columnNames: [String]

  /// Creates a stored value table; `columnNames` defaults to the names of `columns`.
  public init(
    id: Int64, info: ValuePeriodInfo, customerKeys: [Int64], columns: [String: [Double]], columnNames: [String]? = nil
  ) {
    self.id = id
    self.info = info
    self.customerKeys = customerKeys
    self.columns = columns
    self.columnNames = columnNames ?? columns.keys.sorted()
  }

  /// The summary columns every build stores, in order.
  public static let summaryColumns = [
    "frequency", "recency", "T", "monetary_value", "total_value", "transactions", "first_purchase", "last_purchase",
    "days_since_last",
  ]

  /// The calibration and holdout columns a build with a calibration end adds.
  public static let calibrationColumns = [
    "frequency_cal", "recency_cal", "T_cal", "monetary_value_cal", "frequency_holdout", "monetary_value_holdout",
  ]

  /// Columns that hold dates (days since 1970-01-01), which rules read as dates.
  public static let dateColumns: Set<String> = ["first_purchase", "last_purchase"]
}
