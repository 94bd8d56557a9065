import Foundation

/// Why a row of an outcome file was left out.
package enum RowProblemReason: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
  /// A cell does not hold what its column needs.
  case badValue = "bad_value"
  /// The row repeats a customer or staff member.
  case duplicate
  /// The customer is not in the workspace.
  case unknownCustomer = "unknown_customer"
  /// The customer is neither a target nor a control of the campaign.
  case notInCampaign = "not_in_campaign"

  /// The reason as words: "unknown customer".
  package var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
