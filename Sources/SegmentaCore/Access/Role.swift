/// What a member of the team does with Segmenta, which decides what they may do (see ``Permission``).
public enum Role: String, Sendable, Equatable, Codable, CaseIterable, Comparable {
  /// Manages users and may reveal contacts; may do everything.
  case admin
  /// Marketing analyst: loads data, builds features, segments and tags.
  case analyst
  /// Campaign or product manager: creates, selects and exports campaigns (contacts masked), imports responses.
  case campaign
  /// Front line (account managers, call centre, shops): looks up one customer at a time.
  case frontline
  /// Reads dashboards, with personal data masked.
  case viewer

  /// The permissions of the role (the permission table of docs/server.md).
  public var permissions: Set<Permission> {
    switch self {
    case .admin: Set(Permission.allCases)
    case .analyst:
      [
        .readDashboards, .readCustomers, .importData, .buildFeatures, .segment, .editTags, .editProducts, .exportData,
        .manageCampaigns, .readAllCampaigns, .runBaskets,
      ]
    case .campaign:
      [.readDashboards, .readCustomers, .manageCampaigns, .exportData, .runBaskets]
    case .frontline: [.readCustomers]
    case .viewer: [.readDashboards, .readAllCampaigns]
    }
  }

  /// Whether the role has `permission`.
  public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }

  /// Roles in the order of the list above (admin first).
  public static func < (a: Role, b: Role) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }
}

/// Something a user may be allowed to do; routes and pages each require one.
public enum Permission: String, Sendable, Equatable, Codable, CaseIterable {
  /// Read dashboards, reports, segment profiles, tags, campaigns' results and lists, personal data masked.
  case readDashboards = "read_dashboards"
  /// Look up one customer: segment, tags, recommended products (contacts masked).
  case readCustomers = "read_customers"
  /// Upload customers and events.
  case importData = "import_data"
  /// Build wide tables.
  case buildFeatures = "build_features"
  /// Run and rename segmentations.
  case segment
  /// Define and apply tags.
  case editTags = "edit_tags"
  /// Define the product catalogue.
  case editProducts = "edit_products"
  /// Export lists (segments, features, recommendations; campaign lists with contacts masked). Audited.
  case exportData = "export_data"
  /// Create, select and evaluate campaigns, import their responses.
  case manageCampaigns = "manage_campaigns"
  /// See every campaign, not only one's own.
  case readAllCampaigns = "read_all_campaigns"
  /// Run basket analyses.
  case runBaskets = "run_baskets"
  /// Write phone numbers and e-mail addresses unmasked (audited).
  case revealContacts = "reveal_contacts"
  /// Add, disable and list users, issue tokens, read the audit.
  case manageUsers = "manage_users"

  /// What the permission allows, in a few words (the permission table of docs/server.md).
  public var summary: String {
    switch self {
    case .readDashboards: "dashboards, reports, profiles, tags, campaign results (personal data masked)"
    case .readCustomers: "look up one customer (contacts masked)"
    case .importData: "upload customers and events"
    case .buildFeatures: "build wide tables"
    case .segment: "run and rename segmentations"
    case .editTags: "define and apply tags"
    case .editProducts: "the product catalogue"
    case .exportData: "export lists (contacts masked; audited)"
    case .manageCampaigns: "create and select campaigns, import responses"
    case .readAllCampaigns: "every campaign, not only one's own"
    case .runBaskets: "basket analyses"
    case .revealContacts: "unmasked contacts (audited)"
    case .manageUsers: "users, tokens, the whole audit"
    }
  }
}
