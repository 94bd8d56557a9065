import Foundation

@testable import SegmentaCore

/// The customer-value fixtures under `Tests/Fixtures/value/` (CDNOW, Fader, Hardie & Lee 2005, as
/// shipped with lifetimes 0.11.3; references made by `scripts/fixtures/value_reference.py`).
enum ValueFixture {
  /// The rows of a fixture CSV (no quoted fields) as dictionaries by header name.
  static func rows(_ name: String) throws -> [[String: String]] {
    let text = String(decoding: try fixtureData("value/" + name), as: UTF8.self)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    return lines.map { line in
      Dictionary(
        uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
      )
    }
  }

  /// A column of a fixture CSV as numbers.
  static func numbers(_ rows: [[String: String]], _ column: String) -> [Double] {
    rows.map { Double($0[column] ?? "") ?? .nan }
  }

  /// `value_reference.json`.
  struct Reference: Decodable {
    struct Fit: Decodable {
      var params: [String: Double]
      var negativeLogLikelihood: Double
    }
    struct Weeks: Decodable {
      var bgnbd: Fit
      var gammaGamma: Fit
    }
    var sample: Fit
    var weeks: Weeks
    var matrixSample: [[Double]]
  }

  static func reference() throws -> Reference {
    try decodeFixture(Reference.self, from: "value/value_reference.json")
  }

  /// The CDNOW transactions of the fixture: customer ids in order of first appearance and a ledger.
  static func transactions() throws -> (ids: [String], ledger: TransactionLedger) {
    var index: [String: Int32] = [:]
    var ids: [String] = []
    var ledger = TransactionLedger()
    for row in try rows("cdnow_transactions.csv") {
      let id = row["customer_id"] ?? ""
      let c: Int32
      if let known = index[id] {
        c = known
      } else {
        c = Int32(ids.count)
        index[id] = c
        ids.append(id)
      }
      let parts = (row["date"] ?? "").split(separator: "-").compactMap { Int($0) }
      let day = CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
      ledger.append(customer: c, day: Int32(day), amount: Double(row["amount"] ?? "") ?? .nan)
    }
    return (ids, ledger)
  }

  /// |a − b| ≤ tolerance · max(|b|, tiny).
  static func close(_ a: Double, _ b: Double, relative tolerance: Double, absolute: Double = 1e-12) -> Bool {
    abs(a - b) <= max(tolerance * abs(b), absolute)
  }
}
