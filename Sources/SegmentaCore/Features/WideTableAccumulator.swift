/// Accumulates event batches into per-customer aggregates and finishes them into a wide table.
///
/// Batches must be added in file order: each customer's sums are then formed in the same order as a
/// single-threaded pass, so the result is identical whatever the number of parsing threads.
/// Memory is a few numbers per customer and aggregate, plus one entry per distinct
/// (customer, value) pair for distinct counts and, per `mode` tally, a count and a latest day
/// (8 bytes) per customer and category; it does not grow with the number of events.
public final class WideTableAccumulator {
  /// The compiled spec whose aggregates are accumulated.
  public let plan: WideTablePlan
  /// The number of customers (rows of the wide table).
  public let customerCount: Int
  /// Every customer's aggregates side by side (customer-major: `customer * aggregateCount + slot`),
  /// so a row touches one or two cache lines however many features the spec has.
  private let primary: UnsafeMutablePointer<Double>
  /// Value counts of mean aggregates, customer-major over the mean aggregates only.
  private let secondary: UnsafeMutablePointer<Double>
  private let aggregateCount: Int
  private let meanCount: Int
  /// Per aggregate: its function, filter word and bit, measure slot, mean row and distinct slot.
  private let operations: [Operation]
  private let distinctPairs: PairSet
  /// Per customer and tally, the events counted in each category (customer-major over `tallyWidth`).
  private let tallyCounts: UnsafeMutablePointer<UInt32>
  /// The latest day of an event counted in each category, laid out like `tallyCounts`.
  private let tallyDays: UnsafeMutablePointer<Int32>
  /// Every tally's categories side by side: the sum of their widths.
  private let tallyWidth: Int
  /// Per tally: its filter word and bit, and where its categories start in a customer's row.
  private let tallies: [Tally]

  private struct Tally {
    var word: Int
    var bit: UInt64
    var start: Int
    var width: Int
  }

  private struct Operation {
    var function: AggregateFunction
    var word: Int
    var bit: UInt64
    var measure: Int
    var meanRow: Int
    var distinct: Int
  }

  /// The number of data rows read, over all batches added.
  public private(set) var rowsRead = 0
  /// The number of rows whose customer is not in the workspace (skipped).
  public private(set) var unknownCustomerRows = 0
  /// The number of rows at or after the reference date (ignored).
  public private(set) var afterReferenceRows = 0
  /// The latest event day of a known customer (days since 1970-01-01), if any.
  public private(set) var latestDay: Int?

  /// Creates an accumulator with no events.
  public init(plan: WideTablePlan, customerCount: Int) {
    self.plan = plan
    self.customerCount = customerCount
    aggregateCount = plan.aggregates.count
    var means = 0
    operations = plan.aggregates.map { aggregate in
      var meanRow = -1
      if aggregate.function == .mean {
        meanRow = means
        means += 1
      }
      return Operation(
        function: aggregate.function, word: aggregate.filter >> 6, bit: UInt64(1) << UInt64(aggregate.filter & 63),
        measure: aggregate.measure, meanRow: meanRow, distinct: aggregate.distinct)
    }
    meanCount = means
    let distinctFeatures = plan.aggregates.filter { $0.function == .distinct }.count
    distinctPairs = PairSet(capacity: distinctFeatures * customerCount)
    primary = .allocate(capacity: max(1, aggregateCount * customerCount))
    let initial = plan.aggregates.map { aggregate -> Double in
      switch aggregate.function {
      case .min: return .infinity
      case .max, .recency: return -.infinity
      case .count, .sum, .mean, .distinct, .mode, .modeShare: return 0
      }
    }
    for customer in 0..<customerCount {
      for slot in 0..<aggregateCount { (primary + customer * aggregateCount + slot).initialize(to: initial[slot]) }
    }
    secondary = .allocate(capacity: max(1, meanCount * customerCount))
    secondary.initialize(repeating: 0, count: max(1, meanCount * customerCount))
    var width = 0
    tallies = plan.tallies.map { tally in
      defer { width += tally.width }
      return Tally(
        word: tally.filter >> 6, bit: UInt64(1) << UInt64(tally.filter & 63), start: width, width: tally.width)
    }
    tallyWidth = width
    tallyCounts = .allocate(capacity: max(1, width * customerCount))
    tallyCounts.initialize(repeating: 0, count: max(1, width * customerCount))
    tallyDays = .allocate(capacity: max(1, width * customerCount))
    tallyDays.initialize(repeating: .min, count: max(1, width * customerCount))
  }

  deinit {
    primary.deallocate()
    secondary.deallocate()
    tallyCounts.deallocate()
    tallyDays.deallocate()
  }

  /// Adds a batch; batches must come in file order.
  public func add(_ batch: EventBatch) {
    rowsRead += batch.rowsRead
    unknownCustomerRows += batch.unknownCustomerRows
    afterReferenceRows += batch.afterReferenceRows
    if batch.latestDay != .min { latestDay = Swift.max(latestDay ?? .min, Int(batch.latestDay)) }
    let rows = batch.rowCount
    guard rows > 0 else { return }
    let words = batch.maskWords
    let measureCount = batch.measureCount
    let hashCount = batch.hashCount
    let aggregateCount = aggregateCount
    let meanCount = meanCount
    let primary = primary
    let secondary = secondary
    let pairs = distinctPairs
    addTallies(batch)
    operations.withUnsafeBufferPointer { operations in
      batch.customers.withUnsafeBufferPointer { customers in
        batch.masks.withUnsafeBufferPointer { masks in
          batch.measures.withUnsafeBufferPointer { measures in
            batch.days.withUnsafeBufferPointer { days in
              batch.hashes.withUnsafeBufferPointer { hashes in
                for row in 0..<rows {
                  let customer = Int(customers[row])
                  let values = primary + customer &* aggregateCount
                  let mask = row &* words
                  let measure = row &* measureCount
                  for slot in 0..<aggregateCount {
                    let operation = operations[slot]
                    guard masks[mask &+ operation.word] & operation.bit != 0 else { continue }
                    switch operation.function {
                    case .count:
                      values[slot] += 1
                    case .sum:
                      let value = measures[measure &+ operation.measure]
                      if !value.isNaN { values[slot] += value }
                    case .mean:
                      let value = measures[measure &+ operation.measure]
                      if !value.isNaN {
                        values[slot] += value
                        secondary[customer &* meanCount &+ operation.meanRow] += 1
                      }
                    case .min:
                      let value = measures[measure &+ operation.measure]
                      if value < values[slot] { values[slot] = value }
                    case .max:
                      let value = measures[measure &+ operation.measure]
                      if value > values[slot] { values[slot] = value }
                    case .recency:
                      let day = Double(days[row])
                      if day > values[slot] { values[slot] = day }
                    case .distinct:
                      let hash = hashes[row &* hashCount &+ operation.distinct]
                      if hash != 0 && pairs.insert(owner: UInt64(slot) << 32 | UInt64(customer), value: hash) {
                        values[slot] += 1
                      }
                    case .mode, .modeShare:
                      continue
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Counts each row's category codes in the tallies whose filter it passed.
  private func addTallies(_ batch: EventBatch) {
    let tallyCount = tallies.count
    guard tallyCount > 0 else { return }
    let words = batch.maskWords
    let width = tallyWidth
    let counts = tallyCounts
    let latest = tallyDays
    tallies.withUnsafeBufferPointer { tallies in
      batch.customers.withUnsafeBufferPointer { customers in
        batch.masks.withUnsafeBufferPointer { masks in
          batch.days.withUnsafeBufferPointer { days in
            batch.codes.withUnsafeBufferPointer { codes in
              for row in 0..<batch.rowCount {
                let base = Int(customers[row]) &* width
                let day = days[row]
                for index in 0..<tallyCount {
                  let tally = tallies[index]
                  let code = Int(codes[row &* tallyCount &+ index])
                  guard code != 0, masks[row &* words &+ tally.word] & tally.bit != 0 else { continue }
                  let cell = base &+ tally.start &+ code &- 1
                  counts[cell] &+= 1
                  if day > latest[cell] { latest[cell] = day }
                }
              }
            }
          }
        }
      }
    }
  }

  /// Each customer's mode of tally `index` as a 0-based category code (NaN without counted events)
  /// and, with `share`, the mode's share of the counted events instead.
  ///
  /// The mode is the category counted most often; a tie goes to the category seen on the latest
  /// day, then to the one declared first.
  private func mode(tally index: Int, share: Bool) -> [Double] {
    let tally = tallies[index]
    let width = tallyWidth
    return (0..<customerCount).map { customer in
      let row = customer * width + tally.start
      var best = -1
      var bestCount: UInt32 = 0
      var bestDay = Int32.min
      var total: UInt32 = 0
      for code in 0..<tally.width {
        let count = tallyCounts[row + code]
        total += count
        let day = tallyDays[row + code]
        if count > bestCount || (count == bestCount && count > 0 && day > bestDay) {
          best = code
          bestCount = count
          bestDay = day
        }
      }
      guard best >= 0 else { return .nan }
      return share ? Double(bestCount) / Double(total) : Double(best)
    }
  }

  /// Aggregate `slot` of every customer, as a column.
  private func column(_ slot: Int) -> [Double] {
    (0..<customerCount).map { primary[$0 * aggregateCount + slot] }
  }

  /// The reference day used for recency and tenure: the spec's, else the day after the latest event.
  public var effectiveReferenceDay: Int? {
    plan.spec.referenceDay ?? latestDay.map { $0 + 1 }
  }

  /// Computes every feature: finishes the aggregates, derives customer features from
  /// `customerColumns` (values per customer in the same order; dates as day numbers, NaN missing),
  /// then ratios, shares, bands and changes.
  ///
  /// `previous` holds, for every `changed` feature by its name, the compared feature's categories and
  /// values in the previous period, aligned to this table's customers (NaN for customers it lacks).
  public func finish(
    customerColumns: [String: CustomerColumnValues], previous: [String: CategoricalValues] = [:]
  ) throws(WideTableSpecError) -> WideTable {
    let features = plan.spec.features
    var values = [[Double]](repeating: [], count: features.count)
    for (slot, aggregate) in plan.aggregates.enumerated() {
      let divisor = aggregate.divisor
      if aggregate.function.talliesCategories {
        values[aggregate.feature] = mode(tally: aggregate.tally, share: aggregate.function == .modeShare)
        continue
      }
      var column = column(slot)
      switch aggregate.function {
      case .mode, .modeShare:
        continue
      case .count, .distinct, .sum:
        if divisor != 1 { for i in column.indices { column[i] /= divisor } }
      case .mean:
        let row = operations[slot].meanRow
        for i in column.indices {
          let count = secondary[i * meanCount + row]
          column[i] = count > 0 ? column[i] / count / divisor : .nan
        }
      case .min, .max:
        for i in column.indices { column[i] = column[i].isInfinite ? .nan : column[i] / divisor }
      case .recency:
        let reference = Double(effectiveReferenceDay ?? 0)
        for i in column.indices { column[i] = column[i].isInfinite ? .nan : (reference - column[i]) / divisor }
      }
      values[aggregate.feature] = column
    }
    let names = Dictionary(uniqueKeysWithValues: features.enumerated().map { ($1.name, $0) })
    for index in plan.evaluationOrder {
      let feature = features[index]
      switch feature.kind {
      case .aggregate:
        continue
      case .ratio(let a, let b, let rule), .share(let a, let b, let rule):
        guard let numeratorIndex = names[a], let denominatorIndex = names[b] else {
          preconditionFailure("the plan checked that '\(a)' and '\(b)' are features")
        }
        let numerator = values[numeratorIndex]
        let denominator = values[denominatorIndex]
        values[index] = (0..<customerCount).map { rule.divide(numerator[$0], denominator[$0]) }
      case .bands(let source, let edges, _):
        guard let sourceIndex = names[source] else {
          preconditionFailure("the plan checked that '\(source)' is a feature")
        }
        values[index] = values[sourceIndex].map { Self.band(of: $0, edges: edges) }
      case .changed(let source, _, _):
        guard let sourceIndex = names[source] else {
          preconditionFailure("the plan checked that '\(source)' is a feature")
        }
        guard let before = previous[feature.name], before.values.count == customerCount else {
          throw WideTableSpecError(
            feature: feature.name, "the previous period's values of '\(source)' are not available")
        }
        values[index] = Self.changes(
          from: before, to: CategoricalValues(categories: features[sourceIndex].categories, values: values[sourceIndex])
        )
      case .customer(let derivation):
        guard let column = customerColumns[derivation.column] else {
          throw WideTableSpecError(
            feature: feature.name, "reads customer column '\(derivation.column)', which the workspace does not have")
        }
        values[index] = try Self.derive(
          derivation, from: column, feature: feature.name, referenceDay: effectiveReferenceDay)
      }
    }
    return WideTable(
      customerCount: customerCount,
      columns: features.enumerated().map { WideTableColumn(definition: $1, values: values[$0]) })
  }

  /// The band index of `value`: 0 below `edges[0]`, i for `edges[i-1] <= value < edges[i]`; NaN stays missing.
  static func band(of value: Double, edges: [Double]) -> Double {
    if value.isNaN { return .nan }
    var band = 0
    while band < edges.count && value >= edges[band] { band += 1 }
    return Double(band)
  }

  /// Per customer, 1 when the category in `after` differs from the one in `before`, 0 when it is the
  /// same, NaN when either is missing; categories are matched by label, so codes may differ.
  public static func changes(from before: CategoricalValues, to after: CategoricalValues) -> [Double] {
    let labelCodes = Dictionary(after.categories.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    let translated = before.categories.map { labelCodes[$0] ?? -1 }
    return zip(before.values, after.values).map { old, new in
      guard let oldCode = before.code(old), let newCode = after.code(new) else { return .nan }
      return translated[oldCode] == newCode ? 0 : 1
    }
  }

  /// The values of a customer-derived feature from its customer column: the numbers, their band
  /// indices, or the tenure to `referenceDay`.
  static func derive(
    _ derivation: CustomerDerivation, from column: CustomerColumnValues, feature: String, referenceDay: Int?
  ) throws(WideTableSpecError) -> [Double] {
    if derivation.readsNumbers && !column.type.isNumeric {
      throw WideTableSpecError(
        feature: feature,
        "reads customer column '\(derivation.column)' as a number, but it holds \(column.type) values")
    }
    switch derivation {
    case .copy:
      return column.values
    case .bands(_, let edges, _):
      return column.values.map { band(of: $0, edges: edges) }
    case .tenure(_, let unit):
      guard column.type == .date || column.type == .timestamp else {
        throw WideTableSpecError(
          feature: feature,
          "takes tenure from customer column '\(derivation.column)', which holds \(column.type) values, not dates")
      }
      guard let referenceDay else {
        throw WideTableSpecError(
          feature: feature, "tenure needs a reference date: set reference_date in the spec or pass --as-of")
      }
      let reference = CivilDate.components(days: referenceDay)
      return column.values.map { value in
        if value.isNaN { return .nan }
        let start = Int(value.rounded(.down))
        switch unit {
        case .days:
          return Double(referenceDay - start)
        case .months, .years:
          let s = CivilDate.components(days: start)
          var months = (reference.year - s.year) * 12 + (reference.month - s.month)
          if reference.day < s.day { months -= 1 }
          return unit == .months ? Double(months) : (Double(months) / 12).rounded(.down)
        }
      }
    }
  }
}
