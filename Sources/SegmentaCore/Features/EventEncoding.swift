/// The per-file tables that turn raw event rows into ``EventBatch`` rows: column positions, the
/// frozen lookup tables and every filter flattened into bit masks.
///
/// One encoding serves one event file (its header fixes the column positions) and owns the memory
/// that its ``EventRowEncoder`` points into; keep it alive while encoding.
public final class EventEncoding: @unchecked Sendable {
  /// The encoder; a plain value that every parsing thread may copy.
  public private(set) var encoder: EventRowEncoder
  private let tables: [FrozenByteStringTable]
  private let allocations: [UnsafeMutableRawPointer]

  /// Prepares the encoding of a file with the given header.
  ///
  /// Throws when the customer id, timestamp or (if filters name event types) event type column is missing. Other
  /// fields the spec reads may be absent from a file (each of several files may carry different fields): they read as
  /// missing there. ``WideTablePlan/missingFields(in:)`` tells which fields no file has.
  public init(plan: WideTablePlan, header: [String], customers: FrozenByteStringTable) throws(EventFileError) {
    func column(_ name: String, role: String) throws(EventFileError) -> Int {
      guard let index = header.firstIndex(of: name) else {
        throw EventFileError.missingColumn(name: name, role: role, available: header)
      }
      return index
    }
    let roles = plan.spec.eventColumns
    let customerColumn = try column(roles.customerID, role: "customer id")
    let timestampColumn = try column(roles.timestamp, role: "timestamp")
    var typeColumn = -1
    if let type = roles.type {
      if !plan.typeNames.isEmpty {
        typeColumn = try column(type, role: "event type")
      } else {
        typeColumn = header.firstIndex(of: type) ?? -1
      }
    }
    var allocations: [UnsafeMutableRawPointer] = []
    func buffer<T>(_ values: [T]) -> UnsafePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
      pointer.initialize(from: values, count: values.count)
      allocations.append(UnsafeMutableRawPointer(pointer))
      return UnsafePointer(pointer)
    }
    let types = FrozenByteStringTable(ByteStringTable(plan.typeNames))
    // Each text field is looked up once per row in the union of the values its conditions list;
    // a condition is then one membership byte per value of that union.
    var fieldValues = [ByteStringTable](repeating: ByteStringTable(), count: plan.textFieldNames.count)
    for condition in plan.textConditions {
      for value in condition.values { fieldValues[condition.textSlot].insert(value) }
    }
    for tally in plan.tallies {
      for value in tally.categories { fieldValues[tally.textSlot].insert(value) }
    }
    var memberOffsets: [Int32] = []
    var members: [UInt8] = []
    for condition in plan.textConditions {
      memberOffsets.append(Int32(members.count))
      var row = [UInt8](repeating: 0, count: fieldValues[condition.textSlot].count)
      for value in condition.values {
        if let index = fieldValues[condition.textSlot].index(of: value) { row[index] = 1 }
      }
      members += row
    }
    // A tally maps each value of its field's table to its code: a declared category's position + 1,
    // anything else "other".
    var tallyOffsets: [Int32] = []
    var tallyCodes: [UInt8] = []
    var tallyOther: [UInt8] = []
    for tally in plan.tallies {
      let other = UInt8(tally.categories.firstIndex(of: EventAggregate.otherCategory).map { $0 + 1 } ?? tally.width)
      tallyOffsets.append(Int32(tallyCodes.count))
      var row = [UInt8](repeating: other, count: fieldValues[tally.textSlot].count)
      for (position, value) in tally.categories.enumerated() {
        if let index = fieldValues[tally.textSlot].index(of: value) { row[index] = UInt8(position + 1) }
      }
      tallyCodes += row
      tallyOther.append(other)
    }
    let fieldTables = fieldValues.map(FrozenByteStringTable.init)
    tables = [customers, types] + fieldTables

    var typeMasks: [UInt64] = []
    var windowStarts: [Int64] = []
    var splitMasks: [UInt8] = []
    var textMasks: [UInt64] = []
    var testStarts: [Int32] = []
    var testMeasures: [Int32] = []
    var testOperators: [UInt8] = []
    var testValues: [Double] = []
    for filter in plan.filters {
      if let ids = filter.typeIDs {
        typeMasks.append(ids.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) })
      } else {
        typeMasks.append(.max)
      }
      if let days = filter.windowDays, let reference = plan.spec.referenceDay {
        windowStarts.append(Int64(reference - days) * CivilDate.secondsPerDay)
      } else {
        windowStarts.append(.min)
      }
      splitMasks.append(filter.splits.reduce(UInt8(0)) { $0 | EventRowEncoder.splitBit($1) })
      textMasks.append(filter.textConditions.reduce(UInt64(0)) { $0 | (1 << UInt64($1)) })
      testStarts.append(Int32(testMeasures.count))
      for test in filter.numeric {
        testMeasures.append(Int32(test.measure))
        testOperators.append(EventRowEncoder.operatorCode(test.op))
        testValues.append(test.value)
      }
    }
    testStarts.append(Int32(testMeasures.count))
    let calendar = plan.spec.calendar
    var weekendBits: UInt8 = 0
    for day in calendar.weekendDays { weekendBits |= 1 << UInt8(day) }

    encoder = EventRowEncoder(
      customers: customers.view, types: types.view, customerColumn: customerColumn, timestampColumn: timestampColumn,
      typeColumn: typeColumn, measureCount: plan.measureNames.count,
      measureColumns: buffer(plan.measureNames.map { Int32(header.firstIndex(of: $0) ?? -1) }),
      textFieldCount: plan.textFieldNames.count,
      textColumns: buffer(plan.textFieldNames.map { Int32(header.firstIndex(of: $0) ?? -1) }),
      textTables: buffer(fieldTables.map(\.view)),
      conditionCount: plan.textConditions.count,
      conditionFields: buffer(plan.textConditions.map { Int32($0.textSlot) }),
      conditionNegated: buffer(plan.textConditions.map(\.negated)), memberOffsets: buffer(memberOffsets),
      members: buffer(members), distinctCount: plan.distinctTextSlots.count,
      distinctFields: buffer(plan.distinctTextSlots.map { Int32($0) }), tallyCount: plan.tallies.count,
      tallyFields: buffer(plan.tallies.map { Int32($0.textSlot) }), tallyOffsets: buffer(tallyOffsets),
      tallyCodes: buffer(tallyCodes), tallyOther: buffer(tallyOther),
      filterCount: plan.filters.count, maskWords: plan.maskWords, typeMasks: buffer(typeMasks),
      windowStarts: buffer(windowStarts), splitMasks: buffer(splitMasks), textMasks: buffer(textMasks),
      testStarts: buffer(testStarts), testMeasures: buffer(testMeasures), testOperators: buffer(testOperators),
      testValues: buffer(testValues),
      referenceSecond: plan.spec.referenceDay.map { Int64($0) * CivilDate.secondsPerDay } ?? .max,
      weekendBits: weekendBits, peakHours: calendar.peakHours, nightHours: calendar.nightHours)
    self.allocations = allocations
  }

  deinit {
    for pointer in allocations { pointer.deallocate() }
  }
}
