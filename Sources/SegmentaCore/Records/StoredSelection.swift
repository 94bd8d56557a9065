/// A campaign's selection: how many customers the rule chose, how many suppression removed, and the
/// sizes of the target and control groups.
public struct StoredSelection: Sendable, Equatable, Codable {
  /// When the selection was made, ISO 8601 in UTC.
  public var selectedAt: String
  /// Customers the target rule selected.
  public var candidates: Int
  /// Customers in the target group.
  public var targets: Int
  /// Customers in the control group.
  public var controls: Int
  /// Selected customers left out by suppression, by reason.
  public var excluded: [ExclusionReason: Int]

  /// Creates a selection summary.
  public init(selectedAt: String, candidates: Int, targets: Int, controls: Int, excluded: [ExclusionReason: Int]) {
    self.selectedAt = selectedAt
    self.candidates = candidates
    self.targets = targets
    self.controls = controls
    self.excluded = excluded
  }
}
