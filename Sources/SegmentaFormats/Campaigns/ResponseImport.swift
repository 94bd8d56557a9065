import Foundation
import SegmentaCore
import SegmentaStore

/// `segmenta campaign responses NAME --input FILE`: a campaign's outcomes into the workspace.
///
/// Columns (any order, names case-insensitive): `customer_id`, `reached`, `converted` (true/false,
/// yes/no, y/n, 1/0 or 是/否), optionally `contacted_at` (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) and
/// `revenue` (a number, empty is 0). Every customer must be a target or control of the campaign and
/// appear once. By default the first bad row stops the import and nothing is stored; with
/// `skipBadRows` bad rows are left out and counted by reason, and the rest is stored.
public enum ResponseImport {
  /// What an import did.
  public struct Report: Sendable, Codable {
    /// The campaign.
    public var campaign: String
    /// The file.
    public var file: String
    /// Data rows read.
    public var rowsRead: Int
    /// Responses stored.
    public var stored: Int
    /// Of them, targets and controls.
    public var targets: Int
    /// Of them, controls.
    public var controls: Int
    /// Rows left out, by reason.
    public var skipped: [String: Int]
    /// The first line left out for each reason.
    public var firstSkippedLine: [String: Int]
  }

  /// Imports `path` into campaign `name`.
  public static func run(workspace: Workspace, campaign name: String, path: String, skipBadRows: Bool) throws -> Report
  {
    let campaign = try workspace.campaign(named: name)
    guard campaign.selection != nil else {
      throw WorkspaceError.invalidRequest(
        "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
    }
    var arm: [Int64: Bool] = [:]
    for member in try workspace.campaignMembers(name) { arm[member.key] = member.isTarget }
    let index = try workspace.customerIndex()

    let reader = try CSVReader(path: path)
    let header = reader.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    var position: [String: Int] = [:]
    for (column, name) in header.enumerated() where position[name] == nil { position[name] = column }
    let missing = ["customer_id", "reached", "converted"].filter { position[$0] == nil }
    guard missing.isEmpty else {
      throw DataFileError(
        file: path, line: 1,
        message:
          "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); a response file needs "
          + "customer_id, reached, converted and optionally contacted_at and revenue")
    }
    var responses: [CampaignResponse] = []
    var seen = Set<Int64>()
    var rowsRead = 0
    var skipped: [String: Int] = [:]
    var firstSkipped: [String: Int] = [:]
    func text(_ column: String) -> String {
      guard let at = position[column], at < reader.fieldCount else { return "" }
      return reader.string(at: at).trimmingCharacters(in: .whitespaces)
    }
    func problem(_ column: String, _ reason: String, _ message: String) -> RowProblem {
      RowProblem(
        reason: reason,
        error: DataFileError(
          file: path, line: reader.line, column: position[column].map { $0 + 1 }, columnName: column,
          message: message + (skipBadRows ? "" : "; nothing was imported (fix the row, or pass --on-error skip)")))
    }
    while try reader.next() {
      rowsRead += 1
      do {
        let id = text("customer_id")
        guard let row = index.ids.index(of: id) else {
          throw problem("customer_id", "unknown_customer", "customer '\(id)' is not in the workspace")
        }
        let key = index.keys[row]
        guard arm[key] != nil else {
          throw problem(
            "customer_id", "not_in_campaign", "customer '\(id)' is neither a target nor a control of campaign '\(name)'"
          )
        }
        guard seen.insert(key).inserted else {
          throw problem("customer_id", "duplicate", "customer '\(id)' appears twice in the file")
        }
        func flag(_ column: String) throws -> Bool {
          let value = text(column)
          guard let parsed = Array(value.utf8).withUnsafeBufferPointer({ ValueParser.parseBoolean($0) }) else {
            throw problem(
              column, "bad_value",
              "expected true/false, yes/no, y/n, 1/0 or 是/否, found \(value.isEmpty ? "an empty cell" : "'\(value)'")")
          }
          return parsed
        }
        let reached = try flag("reached")
        let converted = try flag("converted")
        var revenue = 0.0
        let revenueText = text("revenue")
        if !revenueText.isEmpty {
          guard let value = Double(revenueText), value.isFinite else {
            throw problem("revenue", "bad_value", "expected a number, found '\(revenueText)'")
          }
          revenue = value
        }
        var contactedAt: String?
        let when = text("contacted_at")
        if !when.isEmpty {
          let bytes = Array(when.utf8)
          let parsed = bytes.withUnsafeBufferPointer { buffer in
            ValueParser.parseTimestamp(buffer) ?? ValueParser.parseDate(buffer).map { Int64($0) * 86_400 }
          }
          guard let seconds = parsed else {
            throw problem(
              "contacted_at", "bad_value", "expected a date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, found '\(when)'")
          }
          contactedAt = CivilDate.isoString(seconds: seconds) + "Z"
        }
        responses.append(
          CampaignResponse(
            key: key, contactedAt: contactedAt, reached: reached, converted: converted, revenue: revenue))
      } catch let problem as RowProblem {
        guard skipBadRows else { throw problem.error }
        skipped[problem.reason, default: 0] += 1
        if firstSkipped[problem.reason] == nil { firstSkipped[problem.reason] = reader.line }
      }
    }
    try workspace.saveResponses(campaign: name, responses)
    let targets = responses.filter { arm[$0.key] == true }.count
    return Report(
      campaign: name, file: path, rowsRead: rowsRead, stored: responses.count, targets: targets,
      controls: responses.count - targets, skipped: skipped, firstSkippedLine: firstSkipped)
  }
}

/// A bad row: why (for the skip counts) and the located error.
private struct RowProblem: Error {
  var reason: String
  var error: DataFileError
}
