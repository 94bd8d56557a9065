import Foundation
import Hummingbird
import SegmentaCore

/// Reading the API's query parameters and bodies: every value is checked, and a bad one is refused
/// with `invalid_request` naming it (never a fault).
enum APIInput {
  /// The longest text a query parameter or a name in a body may hold.
  static let maximumTextLength = 200

  /// `value` unless it is longer than ``maximumTextLength`` or holds control characters.
  static func checkedText(_ value: String, field: String) throws(SegmentaError) -> String {
    guard value.count <= maximumTextLength,
      !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    else {
      throw SegmentaError(
        .invalidRequest, "\(field) takes at most \(maximumTextLength) characters and no control characters",
        field: field)
    }
    return value
  }

  /// An optional name from a body, checked as ``checkedText(_:field:)``.
  static func checked(_ value: String?, field: String) throws(SegmentaError) -> String? {
    try value.map { value throws(SegmentaError) in try checkedText(value, field: field) }
  }
}

extension Request {
  /// A text query parameter, checked (at most 200 characters, no control characters).
  func queryText(_ name: String) throws(SegmentaError) -> String? {
    guard let value = query(name) else { return nil }
    return try APIInput.checkedText(value, field: name)
  }

  /// A whole-number query parameter within `range`.
  func queryInteger(_ name: String, in range: ClosedRange<Int>) throws(SegmentaError) -> Int? {
    guard let text = query(name) else { return nil }
    guard let value = Int(text), range.contains(value) else {
      throw SegmentaError(
        .invalidRequest, "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound)", field: name)
    }
    return value
  }

  /// A finite number query parameter within `range`.
  func queryNumber(_ name: String, in range: ClosedRange<Double> = -1e15...1e15) throws(SegmentaError) -> Double? {
    guard let text = query(name) else { return nil }
    guard let value = Double(text), value.isFinite, range.contains(value) else {
      throw SegmentaError(
        .invalidRequest, "\(name) takes a number from \(range.lowerBound) to \(range.upperBound)", field: name)
    }
    return value
  }

  /// A yes/no query parameter: `true`/`false`, `1`/`0` or `yes`/`no`.
  func queryFlag(_ name: String) throws(SegmentaError) -> Bool? {
    guard let text = query(name) else { return nil }
    switch text.lowercased() {
    case "true", "1", "yes": return true
    case "false", "0", "no": return false
    default: throw SegmentaError(.invalidRequest, "\(name) takes true or false", field: name)
    }
  }

  /// A query parameter that names one of `T`'s cases.
  func queryChoice<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws(SegmentaError) -> T?
  where T.RawValue == String {
    guard let text = query(name) else { return nil }
    guard let value = T(rawValue: text) else {
      throw SegmentaError(
        .invalidRequest, "\(name) takes one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: name)
    }
    return value
  }

  /// Decodes a JSON body as `T`, or returns nil when the body is empty (a POST that needs no options).
  mutating func decodeJSONIfPresent<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T? {
    let buffer: ByteBuffer
    do {
      buffer = try await collectBody(upTo: limit)
    } catch {
      throw SegmentaError(.tooLarge, "the request body is larger than \(limit) bytes")
    }
    guard buffer.readableBytesView.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
    else { return nil }
    do {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
    } catch let error as DecodingError {
      throw SegmentaError(.invalidRequest, "the request body is not valid: \(DecodingProblem.describe(error))")
    }
  }
}

extension AppContext {
  /// A 1-based whole-number path parameter (a segment id).
  func positiveParameter(_ name: String) throws(SegmentaError) -> Int {
    guard let value = Int(try parameter(name)), value >= 1, value <= 1_000_000 else {
      throw SegmentaError(.invalidRequest, "\(name) is a whole number from 1", field: name)
    }
    return value
  }
}

extension BadRowPolicy {
  /// The `on_error` query parameter (`fail` by default).
  static func query(_ request: Request) throws(SegmentaError) -> BadRowPolicy {
    guard let text = request.query("on_error") else { return .fail }
    guard let policy = BadRowPolicy(rawValue: text) else {
      throw SegmentaError(.invalidRequest, "on_error takes fail or skip", field: "on_error")
    }
    return policy
  }
}
