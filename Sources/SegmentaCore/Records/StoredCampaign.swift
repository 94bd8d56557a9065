/// A campaign as stored: its spec and, once selected, its groups.
public struct StoredCampaign: Sendable {
  /// The spec it was created with.
  public var spec: CampaignSpec
  /// When it was created, ISO 8601 in UTC.
  public var createdAt: String
  /// The user who created it (the server's signed-in user, or the operating-system user of the command line).
  public var owner: String
  /// The stored selection, if it was selected.
  public var selection: StoredSelection?
  /// Exports made so far.
  public var exports: Int
  /// Responses imported so far.
  public var responses: Int

  /// Creates a stored campaign.
  public init(
    spec: CampaignSpec, createdAt: String, owner: String = "", selection: StoredSelection?, exports: Int, responses: Int
  ) {
    self.spec = spec
    self.createdAt = createdAt
    self.owner = owner
    self.selection = selection
    self.exports = exports
    self.responses = responses
  }
}
