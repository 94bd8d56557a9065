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
    /// Of them, targets.
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
    let rows = try OutcomeRows(
      path: path, required: ["customer_id", "reached", "converted"], optional: ["contacted_at", "revenue"],
      what: "a response file", badRows: skipBadRows ? .skip : .stopImport)
    var responses: [CampaignResponse] = []
    var seen = Set<Int64>()
    try rows.forEach {
      let id = rows.text("customer_id")
      guard let row = index.ids.index(of: id) else {
        throw rows.problem("customer_id", "unknown_customer", "customer '\(id)' is not in the workspace")
      }
      let key = index.keys[row]
      guard arm[key] != nil else {
        throw rows.problem(
          "customer_id", "not_in_campaign", "customer '\(id)' is neither a target nor a control of campaign '\(name)'")
      }
      guard seen.insert(key).inserted else {
        throw rows.problem("customer_id", "duplicate", "customer '\(id)' appears twice in the file")
      }
      let reached = try rows.flag("reached")
      let converted = try rows.flag("converted")
      let revenue = try rows.number("revenue")
      let contactedAt = try rows.seconds("contacted_at").map { CivilDate.isoString(seconds: $0) + "Z" }
      responses.append(
        CampaignResponse(key: key, contactedAt: contactedAt, reached: reached, converted: converted, revenue: revenue))
    }
    try workspace.saveResponses(campaign: name, responses)
    let targets = responses.filter { arm[$0.key] == true }.count
    return Report(
      campaign: name, file: path, rowsRead: rows.rowsRead, stored: responses.count, targets: targets,
      controls: responses.count - targets, skipped: rows.skipped, firstSkippedLine: rows.firstSkippedLine)
  }
}
