/// Encodes one event row: resolves the customer, parses the timestamp and measures, and evaluates
/// every filter of the plan exactly on the row's bytes.
///
/// A plain value of pointers into its ``EventEncoding``: copying it or calling it costs no
/// reference counting, which matters at tens of millions of rows.
public struct EventRowEncoder: @unchecked Sendable {
  let customers: FrozenByteStringTable.View
  let types: FrozenByteStringTable.View
  let customerColumn: Int
  let timestampColumn: Int
  let typeColumn: Int
  let measureCount: Int
  let measureColumns: UnsafePointer<Int32>
  let textFieldCount: Int
  let textColumns: UnsafePointer<Int32>
  let textTables: UnsafePointer<FrozenByteStringTable.View>
  let conditionCount: Int
  let conditionFields: UnsafePointer<Int32>
  let conditionNegated: UnsafePointer<Bool>
  let memberOffsets: UnsafePointer<Int32>
  let members: UnsafePointer<UInt8>
  let distinctCount: Int
  let distinctFields: UnsafePointer<Int32>
  let tallyCount: Int
  let tallyFields: UnsafePointer<Int32>
  /// Per tally, where its code table starts in `tallyCodes` (one code per value of its field's lookup table).
  let tallyOffsets: UnsafePointer<Int32>
  let tallyCodes: UnsafePointer<UInt8>
  /// Per tally, the code of a value its field's lookup table does not hold ("other").
  let tallyOther: UnsafePointer<UInt8>
  let filterCount: Int
  let maskWords: Int
  let typeMasks: UnsafePointer<UInt64>
  let windowStarts: UnsafePointer<Int64>
  let splitMasks: UnsafePointer<UInt8>
  let textMasks: UnsafePointer<UInt64>
  let testStarts: UnsafePointer<Int32>
  let testMeasures: UnsafePointer<Int32>
  let testOperators: UnsafePointer<UInt8>
  let testValues: UnsafePointer<Double>
  let referenceSecond: Int64
  let weekendBits: UInt8
  let peakHours: MinuteRange
  let nightHours: MinuteRange

  /// The code of `op` in the encoder's operator table (0 = equal … 5 = greater or equal), which the
  /// per-row filter loop switches on.
  static func operatorCode(_ op: ComparisonOperator) -> UInt8 {
    switch op {
    case .equal: return 0
    case .notEqual: return 1
    case .less: return 2
    case .lessOrEqual: return 3
    case .greater: return 4
    case .greaterOrEqual: return 5
    }
  }

  /// The bit of `split` in a row's split mask.
  static func splitBit(_ split: TimeSplit) -> UInt8 {
    switch split {
    case .weekday: return 1
    case .weekend: return 2
    case .peak: return 4
    case .offpeak: return 8
    case .night: return 16
    }
  }

  /// Encodes one data row whose fields lie in `base`; `line` is only recorded for unknown ids.
  ///
  /// Returns nil when the row was used or skipped, or the problem with the row.
  public func encode(
    base: UnsafePointer<UInt8>, fields: UnsafeBufferPointer<FieldSpan>, line: Int, into batch: inout EventBatch
  ) -> EventRowProblem? {
    batch.rowsRead += 1
    let idBytes = ValueParser.trimmed(fields[customerColumn].bytes(in: base))
    if idBytes.isEmpty { return EventRowProblem(column: customerColumn, message: "the customer id is empty") }
    let customer = customers.index(of: idBytes)
    if customer < 0 {
      batch.unknownCustomerRows += 1
      if batch.firstUnknownCustomerLine == nil { batch.firstUnknownCustomerLine = line }
      return nil
    }
    let timestampBytes = fields[timestampColumn].bytes(in: base)
    guard let second = ValueParser.parseTimestamp(timestampBytes) else {
      return EventRowProblem(
        column: timestampColumn,
        message: ValueParser.isMissing(timestampBytes)
          ? "the timestamp is empty"
          : "expected \(ColumnType.timestamp.expectation), found '\(Self.excerpt(timestampBytes))'")
    }
    if second >= referenceSecond {
      batch.afterReferenceRows += 1
      return nil
    }
    let day = CivilDate.floorDivide(second, CivilDate.secondsPerDay)
    let minute = Int(second - day * CivilDate.secondsPerDay) / 60
    let dayNumber = Int32(truncatingIfNeeded: day)
    if dayNumber > batch.latestDay { batch.latestDay = dayNumber }

    var typeBit: UInt64 = 1 << 63
    if typeColumn >= 0 {
      let id = types.index(of: ValueParser.trimmed(fields[typeColumn].bytes(in: base)))
      if id >= 0 { typeBit = 1 << UInt64(id) }
    }
    var splits: UInt8 = (weekendBits >> UInt8(CivilDate.isoWeekday(days: Int(day)))) & 1 == 1 ? 2 : 1
    splits |= peakHours.contains(minute) ? 4 : 8
    if nightHours.contains(minute) { splits |= 16 }

    return withUnsafeTemporaryAllocation(of: (id: Int, hash: UInt64).self, capacity: textFieldCount) { text in
      // Each text field once: its hash (0 when missing) and its index among the listed values.
      for field in 0..<textFieldCount {
        let column = Int(textColumns[field])
        let bytes =
          column < 0 ? UnsafeBufferPointer(start: base, count: 0) : ValueParser.trimmed(fields[column].bytes(in: base))
        if bytes.isEmpty {
          text[field] = (-2, 0)
        } else {
          let hash = ByteHash.hash(bytes)
          text[field] = (textTables[field].index(of: bytes, hash: hash), hash == 0 ? 1 : hash)
        }
      }
      var textBits: UInt64 = 0
      for condition in 0..<conditionCount {
        let id = text[Int(conditionFields[condition])].id
        if id == -2 { continue }
        let member = id >= 0 && members[Int(memberOffsets[condition]) + id] != 0
        if member != conditionNegated[condition] { textBits |= 1 << UInt64(condition) }
      }
      return finishRow(
        base: base, fields: fields, customer: customer, second: second, dayNumber: dayNumber, typeBit: typeBit,
        splits: splits, textBits: textBits, text: text, into: &batch)
    }
  }

  /// Parses the row's measures, evaluates every filter and appends the row to `batch` when it
  /// passes one; returns the problem with a measure, if any.
  @inline(__always)
  private func finishRow(
    base: UnsafePointer<UInt8>, fields: UnsafeBufferPointer<FieldSpan>, customer: Int, second: Int64, dayNumber: Int32,
    typeBit: UInt64, splits: UInt8, textBits: UInt64, text: UnsafeMutableBufferPointer<(id: Int, hash: UInt64)>,
    into batch: inout EventBatch
  ) -> EventRowProblem? {
    let measureStart = batch.measures.count
    for slot in 0..<measureCount {
      let column = Int(measureColumns[slot])
      if column < 0 {
        batch.measures.append(.nan)
        continue
      }
      let bytes = fields[column].bytes(in: base)
      if let value = ValueParser.parseDecimal(bytes) {
        batch.measures.append(value)
      } else if ValueParser.isMissing(bytes) {
        batch.measures.append(.nan)
      } else {
        batch.measures.removeSubrange(measureStart...)
        return EventRowProblem(column: column, message: "expected a number, found '\(Self.excerpt(bytes))'")
      }
    }

    let maskStart = batch.masks.count
    for _ in 0..<maskWords { batch.masks.append(0) }
    var anyPassed = false
    batch.measures.withUnsafeBufferPointer { measures in
      let row = UnsafeBufferPointer(rebasing: measures[measureStart...])
      batch.masks.withUnsafeMutableBufferPointer { masks in
        for filter in 0..<filterCount {
          guard typeMasks[filter] & typeBit != 0, second >= windowStarts[filter],
            splits & splitMasks[filter] == splitMasks[filter], textBits & textMasks[filter] == textMasks[filter]
          else { continue }
          var passes = true
          for test in Int(testStarts[filter])..<Int(testStarts[filter + 1]) {
            let value = row[Int(testMeasures[test])]
            let bound = testValues[test]
            let holds: Bool
            switch testOperators[test] {
            case 0: holds = value == bound
            case 1: holds = !value.isNaN && value != bound
            case 2: holds = value < bound
            case 3: holds = value <= bound
            case 4: holds = value > bound
            default: holds = value >= bound
            }
            if !holds {
              passes = false
              break
            }
          }
          if passes {
            masks[maskStart + filter >> 6] |= 1 << UInt64(filter & 63)
            anyPassed = true
          }
        }
      }
    }
    guard anyPassed else {
      batch.masks.removeSubrange(maskStart...)
      batch.measures.removeSubrange(measureStart...)
      return nil
    }
    batch.append(customer: Int32(customer), day: dayNumber)
    for slot in 0..<distinctCount {
      batch.hashes.append(text[Int(distinctFields[slot])].hash)
    }
    for tally in 0..<tallyCount {
      let id = text[Int(tallyFields[tally])].id
      batch.codes.append(id == -2 ? 0 : id < 0 ? tallyOther[tally] : tallyCodes[Int(tallyOffsets[tally]) + id])
    }
    return nil
  }

  /// At most 40 characters of a field, for messages about numeric and timestamp columns.
  static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    let text = String(decoding: bytes, as: UTF8.self)
    return text.count > 40 ? String(text.prefix(40)) + "…" : text
  }
}
