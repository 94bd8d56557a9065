import SegmentaCore

/// Finds the records of RFC 4180 text in a buffer, one at a time.
///
/// Fields may be quoted with `"`; inside quotes, delimiters and line breaks are data and `""` is a
/// quote. Records end with LF, CRLF or a lone CR. A completely empty line is not a record. Two
/// departures from RFC 4180 are errors rather than guesses: a `"` inside an unquoted field, and
/// anything but a delimiter or line break after a closing quote.
struct CSVScanner {
  enum Problem: Equatable {
    case quoteInUnquotedField
    case textAfterClosingQuote
    case unterminatedQuote

    var message: String {
      switch self {
      case .quoteInUnquotedField:
        return "a quote (\") inside an unquoted field; quote the whole field and double the quotes inside it"
      case .textAfterClosingQuote:
        return "text after a closing quote; a quoted field must end at a delimiter or line break"
      case .unterminatedQuote:
        return "a quoted field is never closed (unterminated quote)"
      }
    }
  }

  enum Result: Equatable {
    /// A record ends just before `end`; `lineBreaks` were consumed, including the terminator.
    case record(end: Int, lineBreaks: Int)
    /// An empty line, skipped.
    case blankLine(end: Int)
    /// The buffer ends inside a record and more input exists.
    case needMore
    /// No more records.
    case endOfInput
    /// The record is malformed; the problem is in field `field` (0-based), `lineBreaks` lines
    /// below the record's first line, at buffer offset `offset`.
    case failure(Problem, field: Int, lineBreaks: Int, offset: Int)
  }

  let delimiter: UInt8

  init(dialect: CSVDialect) {
    delimiter = dialect.delimiter
  }

  /// Whether `byte` ends an unquoted run.
  ///
  /// The delimiter, CR, LF or the quote. The last three are all ≤ 0x22, so ordinary text costs two comparisons.
  @inline(__always)
  private func isSpecial(_ byte: UInt8) -> Bool {
    byte == delimiter || (byte <= 0x22 && (byte == 0x22 || byte == 0x0A || byte == 0x0D))
  }

  /// The offset of the first delimiter, quote, CR or LF at or after `start`, or `end`.
  ///
  /// Eight bytes are looked at a time: for each special byte `s`, `(w ^ s·0x0101…) - 0x0101… & ~(w ^ s·0x0101…)
  /// & 0x8080…` sets the high bit of the bytes equal to `s` (borrows can only mark bytes above a
  /// match), so the lowest set bit of their union is the first special byte.
  @inline(__always)
  func nextSpecial(_ buffer: UnsafeMutablePointer<UInt8>, from start: Int, end: Int) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    let delimiters = UInt64(delimiter) &* ones
    var i = start
    while i + 8 <= end {
      // Byte k of the word is bits 8k… whatever the platform's byte order.
      let word = UInt64(littleEndian: UnsafeRawPointer(buffer + i).loadUnaligned(as: UInt64.self))
      let delimiter = word ^ delimiters
      let quote = word ^ 0x2222_2222_2222_2222
      let lineFeed = word ^ 0x0A0A_0A0A_0A0A_0A0A
      let carriageReturn = word ^ 0x0D0D_0D0D_0D0D_0D0D
      let found =
        ((delimiter &- ones) & ~delimiter | (quote &- ones) & ~quote | (lineFeed &- ones) & ~lineFeed
          | (carriageReturn &- ones) & ~carriageReturn) & highs
      if found != 0 { return i + found.trailingZeroBitCount >> 3 }
      i += 8
    }
    while i < end && !isSpecial(buffer[i]) { i += 1 }
    return i
  }

  /// Scans one record starting at `start` in `buffer[0..<end]`.
  ///
  /// Field spans are written to `fields`; quoted fields holding `""` are unescaped in place once the record is
  /// complete.
  func scan(
    _ buffer: UnsafeMutablePointer<UInt8>, start: Int, end: Int, isFinal: Bool, fields: inout [FieldSpan]
  ) -> Result {
    fields.removeAll(keepingCapacity: true)
    if start >= end { return isFinal ? .endOfInput : .needMore }
    let first = buffer[start]
    if first == 0x0A { return .blankLine(end: start + 1) }
    if first == 0x0D {
      if start + 1 < end { return .blankLine(end: buffer[start + 1] == 0x0A ? start + 2 : start + 1) }
      return isFinal ? .blankLine(end: start + 1) : .needMore
    }
    var i = start
    var lineBreaks = 0
    var escapedFields = 0
    while true {
      // At the start of a field.
      var problem = Problem.quoteInUnquotedField
      if i < end && buffer[i] == 0x22 {
        i += 1
        let fieldStart = i
        let fieldLineBreaks = lineBreaks
        var hasEscapes = false
        while true {
          while i < end && buffer[i] != 0x22 {
            let byte = buffer[i]
            if byte == 0x0A {
              lineBreaks += 1
            } else if byte == 0x0D && !(i + 1 < end && buffer[i + 1] == 0x0A) {
              if i + 1 == end && !isFinal { return .needMore }
              lineBreaks += 1
            }
            i += 1
          }
          if i >= end {
            return isFinal
              ? .failure(.unterminatedQuote, field: fields.count, lineBreaks: fieldLineBreaks, offset: end) : .needMore
          }
          // At a quote: either "" (an escaped quote) or the closing quote.
          if i + 1 < end && buffer[i + 1] == 0x22 {
            hasEscapes = true
            i += 2
            continue
          }
          if i + 1 == end && !isFinal { return .needMore }
          break
        }
        // A negative count marks a field to unescape once the record is complete.
        fields.append(FieldSpan(start: fieldStart, count: hasEscapes ? -(i - fieldStart) - 1 : i - fieldStart))
        if hasEscapes { escapedFields += 1 }
        i += 1
        problem = .textAfterClosingQuote
      } else {
        let fieldStart = i
        i = nextSpecial(buffer, from: i, end: end)
        if i >= end && !isFinal { return .needMore }
        fields.append(FieldSpan(start: fieldStart, count: i - fieldStart))
      }
      switch afterField(buffer, i, end: end, isFinal: isFinal) {
      case .nextField(let next):
        i = next
      case .recordEnd(let stop, let breaks):
        return finish(buffer, &fields, escapedFields, .record(end: stop, lineBreaks: lineBreaks + breaks))
      case .needMore:
        return .needMore
      case .unexpected:
        return .failure(problem, field: fields.count - 1, lineBreaks: lineBreaks, offset: i)
      }
    }
  }

  /// What follows a field.
  private enum AfterField {
    /// A delimiter: the next field starts here.
    case nextField(Int)
    /// The record ends just before `Int`, after this many line breaks.
    case recordEnd(Int, Int)
    /// The buffer ends before it can tell.
    case needMore
    /// Anything else.
    case unexpected
  }

  /// Reads what follows a field ending at `i`: a delimiter, a line break (LF, CRLF or lone CR) or
  /// the end of the input.
  @inline(__always)
  private func afterField(_ buffer: UnsafeMutablePointer<UInt8>, _ i: Int, end: Int, isFinal: Bool) -> AfterField {
    if i >= end { return isFinal ? .recordEnd(i, 0) : .needMore }
    switch buffer[i] {
    case delimiter:
      return .nextField(i + 1)
    case 0x0A:
      return .recordEnd(i + 1, 1)
    case 0x0D:
      if i + 1 < end { return .recordEnd(buffer[i + 1] == 0x0A ? i + 2 : i + 1, 1) }
      return isFinal ? .recordEnd(i + 1, 1) : .needMore
    default:
      return .unexpected
    }
  }

  /// Unescapes `""` in the fields marked with a negative count, in place.
  @inline(__always)
  private func finish(
    _ buffer: UnsafeMutablePointer<UInt8>, _ fields: inout [FieldSpan], _ escaped: Int, _ result: Result
  ) -> Result {
    guard escaped > 0 else { return result }
    for index in fields.indices where fields[index].count < 0 {
      let start = fields[index].start
      let length = -fields[index].count - 1
      var read = start
      var write = start
      let stop = start + length
      while read < stop {
        let byte = buffer[read]
        buffer[write] = byte
        write += 1
        read += byte == 0x22 ? 2 : 1
      }
      fields[index].count = write - start
    }
    return result
  }
}
