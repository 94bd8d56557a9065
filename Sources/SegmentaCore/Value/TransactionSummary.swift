/// Per-customer purchase summaries from transactions, as lifetimes 0.11.3's
/// `summary_data_from_transaction_data` and `calibration_and_holdout_data` compute them.
///
/// Transactions are grouped into periods of the time unit (days, or Monday-to-Sunday weeks) and the
/// amounts of one period summed. For each customer with a period on or before the end:
/// - frequency x: periods with a purchase after the first;
/// - recency tₓ: from the first to the last such period, in units;
/// - age T: from the first period to the end's period, in units;
/// - monetary value: the mean of the repeat periods' sums (0 without repeats);
/// - total value, first and last day: over every transaction counted.
public struct TransactionSummary: Sendable, Equatable {
  /// The customers summarised (indexes given by the caller), ascending.
  public var customers: [Int32]
  /// Repeat periods with a purchase.
  public var frequency: [Double]
  /// Units from the first to the last purchase period.
  public var recency: [Double]
  /// Units from the first purchase period to the end's period.
  public var age: [Double]
  /// Mean value of the repeat periods (0 without repeats).
  public var monetaryValue: [Double]
  /// Sum of every counted transaction's amount.
  public var totalValue: [Double]
  /// Number of transactions counted.
  public var transactions: [Double]
  /// Day of the first counted transaction (days since 1970-01-01).
  public var firstDay: [Int32]
  /// Day of the last counted transaction.
  public var lastDay: [Int32]

  /// The number of customers summarised.
  public var count: Int { customers.count }

  /// A summary of the given columns (all of one length).
  public init(
    customers: [Int32], frequency: [Double], recency: [Double], age: [Double], monetaryValue: [Double],
    totalValue: [Double], transactions: [Double], firstDay: [Int32], lastDay: [Int32]
  ) {
    self.customers = customers
    self.frequency = frequency
    self.recency = recency
    self.age = age
    self.monetaryValue = monetaryValue
    self.totalValue = totalValue
    self.transactions = transactions
    self.firstDay = firstDay
    self.lastDay = lastDay
  }
}

/// The holdout part of a calibration and holdout split (lifetimes' `*_holdout` columns), aligned to
/// the calibration summary's customers.
public struct HoldoutSummary: Sendable, Equatable {
  /// Periods with a purchase after the calibration end, up to the end.
  public var frequency: [Double]
  /// The mean amount of the holdout transactions (not summed per period, as lifetimes); 0 without.
  public var monetaryValue: [Double]
  /// Units from the calibration end's period to the end's period.
  public var duration: Double

  /// A holdout summary.
  public init(frequency: [Double], monetaryValue: [Double], duration: Double) {
    self.frequency = frequency
    self.monetaryValue = monetaryValue
    self.duration = duration
  }
}

/// Transactions held column by column, grouped by customer for summaries.
public struct TransactionLedger: Sendable {
  /// Each transaction's customer index.
  public private(set) var customer: [Int32] = []
  /// Each transaction's day (days since 1970-01-01).
  public private(set) var day: [Int32] = []
  /// Each transaction's amount.
  public private(set) var amount: [Double] = []

  /// An empty ledger.
  public init() {}

  /// The number of transactions.
  public var count: Int { customer.count }

  /// The latest day of any transaction.
  public var lastDay: Int? { day.max().map(Int.init) }

  /// Adds one transaction.
  @inline(__always)
  public mutating func append(customer: Int32, day: Int32, amount: Double) {
    self.customer.append(customer)
    self.day.append(day)
    self.amount.append(amount)
  }

  /// Adds every transaction of `other`.
  public mutating func append(contentsOf other: TransactionLedger) {
    customer.append(contentsOf: other.customer)
    day.append(contentsOf: other.day)
    amount.append(contentsOf: other.amount)
  }

  /// Transactions grouped by customer (`offsets[c]..<offsets[c+1]`) and sorted by day then amount
  /// within each customer, by a counting sort on the customer.
  struct Grouped {
    var offsets: [Int]
    var day: [Int32]
    var amount: [Double]
  }

  func grouped(customerCount: Int) -> Grouped {
    var offsets = [Int](repeating: 0, count: customerCount + 1)
    for c in customer { offsets[Int(c) + 1] += 1 }
    for c in 0..<customerCount { offsets[c + 1] += offsets[c] }
    var next = offsets
    var days = [Int32](repeating: 0, count: count)
    var amounts = [Double](repeating: 0, count: count)
    days.withUnsafeMutableBufferPointer { days in
      amounts.withUnsafeMutableBufferPointer { amounts in
        for i in 0..<count {
          let c = Int(customer[i])
          let position = next[c]
          next[c] = position + 1
          days[position] = day[i]
          amounts[position] = amount[i]
        }
        for c in 0..<customerCount {
          let range = offsets[c]..<offsets[c + 1]
          guard range.count > 1 else { continue }
          // Insertion sort: a customer's transactions are few and usually already in order.
          for i in (range.lowerBound + 1)..<range.upperBound {
            let d = days[i]
            let a = amounts[i]
            var j = i - 1
            while j >= range.lowerBound && (days[j] > d || (days[j] == d && amounts[j] > a)) {
              days[j + 1] = days[j]
              amounts[j + 1] = amounts[j]
              j -= 1
            }
            days[j + 1] = d
            amounts[j + 1] = a
          }
        }
      }
    }
    return Grouped(offsets: offsets, day: days, amount: amounts)
  }

  /// Summarises every customer (indexes below `customerCount`) up to `end` in `unit`.
  ///
  /// As lifetimes, a transaction counts when its period starts on or before the end's period (so in
  /// weeks the rest of the end's week counts too), unless `onlyUpToEnd` also drops days after `end`
  /// (as the calibration part of a split does).
  public func summary(customerCount: Int, end: Int, unit: ValueTimeUnit, onlyUpToEnd: Bool = false)
    -> TransactionSummary
  {
    summary(of: grouped(customerCount: customerCount), end: end, unit: unit, onlyUpToEnd: onlyUpToEnd)
  }

  func summary(of grouped: Grouped, end: Int, unit: ValueTimeUnit, onlyUpToEnd: Bool) -> TransactionSummary {
    var result = TransactionSummary(
      customers: [], frequency: [], recency: [], age: [], monetaryValue: [], totalValue: [], transactions: [],
      firstDay: [], lastDay: [])
    let endPeriod = unit.periodStart(end)
    let unitDays = Double(unit.days)
    let customerCount = grouped.offsets.count - 1
    for c in 0..<customerCount {
      var periods = 0
      var firstPeriod = 0
      var currentPeriod = Int.min
      var currentSum = 0.0
      var repeatSum = 0.0
      var total = 0.0
      var counted = 0
      var firstDay: Int32 = 0
      var lastDay: Int32 = 0
      for i in grouped.offsets[c]..<grouped.offsets[c + 1] {
        let day = Int(grouped.day[i])
        if onlyUpToEnd && day > end { break }
        let period = unit.periodStart(day)
        if period > endPeriod { break }
        if period != currentPeriod {
          if periods > 1 { repeatSum += currentSum }
          periods += 1
          if periods == 1 {
            firstPeriod = period
            firstDay = Int32(day)
          }
          currentPeriod = period
          currentSum = 0
        }
        currentSum += grouped.amount[i]
        total += grouped.amount[i]
        counted += 1
        lastDay = Int32(day)
      }
      guard periods > 0 else { continue }
      if periods > 1 { repeatSum += currentSum }
      result.customers.append(Int32(c))
      result.frequency.append(Double(periods - 1))
      result.recency.append(Double(currentPeriod - firstPeriod) / unitDays)
      result.age.append(Double(endPeriod - firstPeriod) / unitDays)
      result.monetaryValue.append(periods > 1 ? repeatSum / Double(periods - 1) : 0)
      result.totalValue.append(total)
      result.transactions.append(Double(counted))
      result.firstDay.append(firstDay)
      result.lastDay.append(lastDay)
    }
    return result
  }

  /// The calibration summary up to `calibrationEnd` (transactions after it dropped) and the holdout
  /// from the day after it to `end`, for the calibration summary's customers (lifetimes'
  /// `calibration_and_holdout_data`).
  public func calibrationAndHoldout(customerCount: Int, calibrationEnd: Int, end: Int, unit: ValueTimeUnit)
    -> (calibration: TransactionSummary, holdout: HoldoutSummary)
  {
    let grouped = grouped(customerCount: customerCount)
    let calibration = summary(of: grouped, end: calibrationEnd, unit: unit, onlyUpToEnd: true)
    var frequency = [Double](repeating: 0, count: calibration.count)
    var monetary = [Double](repeating: 0, count: calibration.count)
    for (row, c) in calibration.customers.enumerated() {
      var periods = 0
      var current = Int.min
      var sum = 0.0
      var count = 0
      for i in grouped.offsets[Int(c)]..<grouped.offsets[Int(c) + 1] {
        let day = Int(grouped.day[i])
        guard day > calibrationEnd && day <= end else { continue }
        let period = unit.periodStart(day)
        if period != current {
          periods += 1
          current = period
        }
        sum += grouped.amount[i]
        count += 1
      }
      frequency[row] = Double(periods)
      monetary[row] = count > 0 ? sum / Double(count) : 0
    }
    let duration = Double(unit.periodStart(end) - unit.periodStart(calibrationEnd)) / Double(unit.days)
    return (calibration, HoldoutSummary(frequency: frequency, monetaryValue: monetary, duration: duration))
  }
}
