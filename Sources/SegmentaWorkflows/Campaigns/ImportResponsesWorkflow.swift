import Foundation
import SegmentaCore
import SegmentaIO
import SegmentaStore

/// `segmenta campaign responses NAME --input FILE`: a campaign's outcomes into the workspace.
///
/// Columns (any order, names case-insensitive): `customer_id`, `reached`, `converted` (true/false,
/// yes/no, y/n, 1/0 or 是/否), optionally `contacted_at` (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS) and
/// `revenue` (a number, empty is 0). Every customer must be a target or control of the campaign and
/// appear once. By default the first bad row stops the import and nothing is stored; with
/// `onError: .skip` bad rows are left out and counted by reason, and the rest is stored.
package struct ImportResponsesWorkflow: Workflow {
  /// What an import did.
  package struct Output: Sendable, Codable {
    package var campaign: String
    package var file: String
    /// Data rows read.
    package var rowsRead: Int
    /// Responses stored.
    package var stored: Int
    /// Of them, targets.
    package var targets: Int
    /// Of them, controls.
    package var controls: Int
    /// Rows left out, by reason.
    package var skipped: [RowProblemReason: Int]
    /// The first line left out for each reason.
    package var firstSkippedLine: [RowProblemReason: Int]
  }

  /// The campaign.
  package var name: String
  /// The response file (CSV).
  package var path: String
  package var onError: BadRowPolicy

  package init(name: String, path: String, onError: BadRowPolicy = .fail) {
    self.name = name
    self.path = path
    self.onError = onError
  }

  /// Imports the file into the campaign.
  package func run(_ context: WorkflowContext) throws(SegmentaError) -> Output {
    let workspace = try context.workspace()
    let campaign = try context.campaign(named: name, in: workspace)
    guard campaign.selection != nil else {
      throw SegmentaError(
        .missingPrerequisite, "campaign '\(name)' has no selection yet; run `segmenta campaign select \(name)`")
    }
    let name = name
    let path = path
    var arm: [Int64: Bool] = [:]
    for member in try workspace.campaignMembers(name) { arm[member.key] = member.isTarget }
    let index = try workspace.customerIndex()
    let rows = try SegmentaError.catching {
      try OutcomeRows(
        path: path, required: ["customer_id", "reached", "converted"], optional: ["contacted_at", "revenue"],
        what: "a response file", onError: onError, isImport: true)
    }
    var responses: [CampaignResponse] = []
    var seen = Set<Int64>()
    try SegmentaError.catching {
      try rows.forEach {
        let id = rows.text("customer_id")
        guard let row = index.ids.index(of: id) else {
          throw rows.problem("customer_id", .unknownCustomer, "customer '\(id)' is not in the workspace")
        }
        let key = index.keys[row]
        guard arm[key] != nil else {
          throw rows.problem(
            "customer_id", .notInCampaign, "customer '\(id)' is neither a target nor a control of campaign '\(name)'")
        }
        guard seen.insert(key).inserted else {
          throw rows.problem("customer_id", .duplicate, "customer '\(id)' appears twice in the file")
        }
        let reached = try rows.flag("reached")
        let converted = try rows.flag("converted")
        let revenue = try rows.number("revenue")
        let contactedAt = try rows.seconds("contacted_at").map { CivilDate.isoString(seconds: $0) + "Z" }
        responses.append(
          CampaignResponse(key: key, contactedAt: contactedAt, reached: reached, converted: converted, revenue: revenue)
        )
      }
    }
    try workspace.saveResponses(campaign: name, responses)
    let targets = responses.filter { arm[$0.key] == true }.count
    return Output(
      campaign: name, file: path, rowsRead: rows.rowsRead, stored: responses.count, targets: targets,
      controls: responses.count - targets, skipped: rows.skipped, firstSkippedLine: rows.firstSkippedLine)
  }
}
