/// Parsed events of one chunk of an event file, reduced to what the features need.
///
/// Rows are stored column-wise: the customer, the day, which filters the event passed (a bit mask),
/// its numeric measures, the hashes of fields counted distinctly and the category codes of tallied fields. Events that pass no filter
/// are dropped here, so a batch is often much smaller than its chunk.
public struct EventBatch: Sendable {
  /// The number of rows kept (events that passed at least one filter).
  public private(set) var rowCount = 0
  var customers: [Int32] = []
  var days: [Int32] = []
  var masks: [UInt64] = []
  var measures: [Double] = []
  var hashes: [UInt64] = []
  /// Per row, one category code per tally of the plan (0 where the field is missing).
  var codes: [UInt8] = []
  let maskWords: Int
  let measureCount: Int
  let hashCount: Int
  let codeCount: Int

  /// The number of data rows read, kept or not.
  public var rowsRead = 0
  /// The number of rows whose customer id is not in the workspace.
  public var unknownCustomerRows = 0
  /// The number of rows at or after the reference date, ignored.
  public var afterReferenceRows = 0
  /// Line (within the chunk, 0-based) of the first row with an unknown customer.
  public var firstUnknownCustomerLine: Int?
  /// The latest event day seen (days since 1970-01-01), over rows of known customers.
  public var latestDay: Int32 = .min

  /// Creates an empty batch for `plan` (a placeholder with no columns when nil).
  public init(plan: WideTablePlan?) {
    maskWords = plan?.maskWords ?? 1
    measureCount = plan?.measureNames.count ?? 0
    hashCount = plan?.distinctTextSlots.count ?? 0
    codeCount = plan?.tallies.count ?? 0
  }

  /// Empties the batch, keeping its storage.
  public mutating func removeAll() {
    rowCount = 0
    customers.removeAll(keepingCapacity: true)
    days.removeAll(keepingCapacity: true)
    masks.removeAll(keepingCapacity: true)
    measures.removeAll(keepingCapacity: true)
    hashes.removeAll(keepingCapacity: true)
    codes.removeAll(keepingCapacity: true)
    rowsRead = 0
    unknownCustomerRows = 0
    afterReferenceRows = 0
    firstUnknownCustomerLine = nil
    latestDay = .min
  }

  /// Appends a kept row's customer and day (its mask, measures and hashes are appended by the
  /// encoder).
  @inline(__always)
  mutating func append(customer: Int32, day: Int32) {
    customers.append(customer)
    days.append(day)
    rowCount += 1
  }
}
