import Foundation
import SegmentaCore

/// A stored campaign as one SQL script that (re)creates its target list where the data is: one row per customer
/// the target rule selects (and, for a random control group, per control drawn from the others), with
/// `customer_id`, `campaign_group` (`target`, `control` or `excluded`), `reason` (the ``ExclusionReason`` raw
/// value of an excluded customer, else NULL) and `stratum` (the segment of the segmentation the split is
/// stratified by, 0 where it covers no customer; NULL when not stratified).
///
/// The counts per group, reason and stratum are those of `segmenta campaign select` for the same data and time:
/// the rule is ``RuleSQL`` (only true selects), suppression takes the first reason in ``ExclusionReason`` order,
/// and the split takes round-half-even(share × n) controls per stratum, as ``CampaignSelection`` does. Which
/// customers become controls cannot be the workspace's: its Fisher–Yates shuffle of a SplitMix64 stream has no
/// set-based form. The script orders customers by an engine-independent key instead: the first 15 hexadecimal
/// digits of `md5('<seed>:' || customer_id)` as a BIGINT, ties broken by `customer_id` in byte order (and
/// `md5('<seed>:list:' || customer_id)` for the list-size cut), so Spark, PostgreSQL and DuckDB write the same
/// list, row for row, for the same seed.
package struct CampaignSQL: Sendable {
  /// The tables the script reads and writes.
  package struct Tables: Sendable, Equatable, Codable {
    /// The table with `customer_id` and every field the target rule reads.
    package var table: String
    /// The table with `customer_id` and the customer columns suppression reads (opt-out, do-not-contact, the
    /// channel's address); the rule's table when nil.
    package var customers: String?
    /// The table of tag memberships (`customer_id`, `tag`).
    package var tags: String
    /// The table of contact statuses (`customer_id`, `status` text `dormant` or `void`); nil leaves statuses
    /// unchecked.
    package var statuses: String?
    /// The table of contacts made (`customer_id`, `contacted_at` TIMESTAMP), for the frequency cap.
    package var contacts: String?
    /// The list table the script (re)creates.
    package var list: String

    package init(
      table: String, customers: String? = nil, tags: String = "customer_tags", statuses: String? = nil,
      contacts: String? = nil, list: String
    ) {
      self.table = table
      self.customers = customers
      self.tags = tags
      self.statuses = statuses
      self.contacts = contacts
      self.list = list
    }
  }

  /// The customer columns suppression reads, as the workspace finds them (`CampaignContactSetup`).
  package struct Columns: Sendable {
    /// Opt-out columns and how each is stored (a boolean, a number, …).
    package var optOut: [(name: String, type: ColumnType)]
    /// The do-not-contact column, if any.
    package var doNotContact: (name: String, type: ColumnType)?
    /// The column with the channel's address, when the channel needs one.
    package var contact: String?

    package init(
      optOut: [(name: String, type: ColumnType)], doNotContact: (name: String, type: ColumnType)?, contact: String?
    ) {
      self.optOut = optOut
      self.doNotContact = doNotContact
      self.contact = contact
    }
  }

  package var spec: CampaignSpec
  /// The target rule, checked, with how the table holds each field it reads.
  package var rule: RuleSQL
  package var columns: Columns
  /// The start of the frequency cap's window (`now` minus the cap's days), in whole seconds since 1970; nil
  /// without a cap.
  package var capSince: Int64?
  package var dialect: SQLDialect { rule.dialect }

  package init(spec: CampaignSpec, rule: RuleSQL, columns: Columns, capSince: Int64?) {
    self.spec = spec
    self.rule = rule
    self.columns = columns
    self.capSince = capSince
  }

  /// The default list table of a campaign: `campaign_` and its name, every character that is not a letter,
  /// digit or `_` replaced by `_`.
  package static func listTable(for name: String) -> String {
    "campaign_"
      + String(
        name.unicodeScalars.map { scalar in
          scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_")
            ? Character(scalar) : "_"
        })
  }

  /// The number of controls `round-half-even(value)` of a non-negative DOUBLE expression, written out (the
  /// engines' ROUND rounds halves away from zero, or by their own rules for DOUBLE): the whole part, plus one
  /// when the fraction is above one half, or exactly one half and the whole part odd.
  package static func roundedHalfEven(_ value: String) -> String {
    let half = SQLDialect.number(0.5)
    return "(CASE WHEN \(value) - FLOOR(\(value)) > \(half) THEN CAST(FLOOR(\(value)) AS BIGINT) + 1 "
      + "WHEN \(value) - FLOOR(\(value)) < \(half) THEN CAST(FLOOR(\(value)) AS BIGINT) "
      + "ELSE CAST(FLOOR(\(value)) AS BIGINT) + CAST(FLOOR(\(value)) AS BIGINT) % 2 END)"
  }

  /// `round(value)` of a non-negative DOUBLE expression with halves rounded up, as Swift's `rounded()` does.
  package static func roundedHalfUp(_ value: String) -> String {
    "(CASE WHEN \(value) - FLOOR(\(value)) >= \(SQLDialect.number(0.5)) THEN CAST(FLOOR(\(value)) AS BIGINT) + 1 "
      + "ELSE CAST(FLOOR(\(value)) AS BIGINT) END)"
  }

  /// Whether the text `address` is usable for a channel needing `kind` (never NULL).
  ///
  /// The SQL form of ``SuppressionPolicy/isUsable(_:for:)``. A phone number, trimmed of spaces, is an optional leading `+` then
  /// digits, spaces, `-`, `.`, `(` and `)`, with 5 to 15 digits (``ContactSafety/phone(_:)``); an e-mail address
  /// holds an `@`; missing is unusable.
  package func usable(_ address: String, kind: CampaignSpec.ContactKind) -> String {
    let trimmed = "TRIM(CAST(\(address) AS \(dialect.textType)))"
    switch kind {
    case .phone:
      return "COALESCE(\(dialect.matches(trimmed, pattern: Self.phonePattern)) "
        + "AND \(dialect.digitCount(trimmed)) BETWEEN 5 AND 15, FALSE)"
    case .email:
      return "COALESCE(\(trimmed) LIKE '%@%', FALSE)"
    }
  }

  /// What a trimmed phone number may hold: an optional leading `+`, then digits, spaces, `-`, `.`, `(` and `)`
  /// (the same in POSIX, RE2 and Java regular expressions: no escapes).
  package static let phonePattern = "^[+]?[-0-9 ().]*$"

  /// A flag column as `Workspace.anyFlag` reads it: set when present and not 0 or false (booleans as the words
  /// rules read, numbers as numbers; text is never a flag).
  func flag(_ column: String, type: ColumnType, alias: String) -> String {
    let kind: RuleSQL.Column
    switch type {
    case .boolean: kind = .boolean
    case .integer, .decimal: kind = .number
    case .date, .timestamp: kind = .date
    default: return "FALSE"
    }
    let reader = RuleSQL(rule: rule.rule, columns: [column: kind], dialect: dialect)
    let value = reader.number(.field(column))
    return (alias == "c" ? value : value.replacingOccurrences(of: "c.", with: "\(alias).")) + " <> 0"
  }

  /// The controls' share of the contactable customers, and how many a random control group draws per target.
  private var randomRatio: Double { spec.controlShare / (1 - spec.controlShare) }

  /// The most contactable customers a hold-out split keeps so that `maximum_targets` targets remain.
  private var holdoutLimit: Int? {
    spec.maximumTargets.map { Int((Double($0) / (1 - spec.controlShare)).rounded(.down)) }
  }

  /// How many contactable customers stay on the list: `maximum_targets` targets with a random control group, else
  /// enough for them after the hold-out share (0 without a maximum).
  private var listLimit: Int { (spec.control == .random ? spec.maximumTargets : holdoutLimit) ?? 0 }

  /// Comment lines naming the campaign, the tables and what the list holds.
  func header(_ tables: Tables) -> [String] {
    let share = "\(spec.controlShare)"
    var lines = [
      "-- Campaign '\(ModelSQL.comment(spec.name))' compiled by Segmenta for \(dialect.title): its target list in "
        + "\(tables.list).",
      "--   target rule: \(ModelSQL.comment(spec.target))",
      "--   channel \(spec.channel.rawValue); control: \(spec.control.rawValue), share \(share), seed \(spec.seed)"
        + (spec.stratifyBy.map { "; stratified by segmentation \($0)" } ?? "")
        + (spec.maximumTargets.map { "; at most \($0) targets" } ?? "") + ".",
    ]
    lines += rule.reads(RuleSQL.Sources(table: tables.table, tagTable: tables.tags))
    var suppression: [String] = []
    let customers = tables.customers ?? tables.table
    let flags = columns.optOut.map(\.name) + [columns.doNotContact?.name].compactMap { $0 }
    if !flags.isEmpty || columns.contact != nil {
      suppression.append(
        "\(customers) (customer_id, " + (flags + [columns.contact].compactMap { $0 }).joined(separator: ", ") + ")")
    }
    if let statuses = tables.statuses {
      suppression.append(
        "\(statuses) (customer_id, status: \(spec.excludedStatuses.map(\.rawValue).joined(separator: ", ")) excluded)")
    }
    if let contacts = tables.contacts, let cap = spec.frequencyCap, let capSince {
      suppression.append(
        "\(contacts) (customer_id, contacted_at: capped at \(cap.contacts) contacts since "
          + "\(CivilDate.isoString(seconds: capSince)), \(cap.days) days before now)")
    }
    if let segmentation = spec.stratifyBy {
      lines.append(
        "-- Stratum: \(segmentation) from \(segmentTable) (customer_id, segment_id), 0 where it has no segment.")
    }
    if !suppression.isEmpty {
      lines.append("-- Suppression reads:")
      lines += suppression.map { "--   \($0)" }
    }
    lines += [
      "-- One row per customer: customer_id, campaign_group (target, control, excluded), reason (why excluded:",
      "-- opted_out, do_not_contact, contact_status, no_contact_address, frequency_cap, list_size; the first that",
      "-- applies) and stratum. The counts per group, reason and stratum are those of `segmenta campaign select`;",
      "-- the customers drawn follow md5('\(spec.seed):' || customer_id), the same on every engine.",
    ]
    return lines
  }

  /// The table the stratum is read from.
  private var segmentTable: String {
    spec.stratifyBy.map { RuleSQL.Sources(table: "").segmentTable(SegmentationReference($0)) } ?? ""
  }

  /// The script: the header, then `DROP TABLE IF EXISTS` and `CREATE TABLE … AS` the list.
  package func script(_ tables: Tables) -> String {
    var lines = header(tables)
    lines.append("DROP TABLE IF EXISTS \(dialect.table(tables.list));")
    lines.append("CREATE TABLE \(dialect.table(tables.list))\(dialect.tableStorage) AS")
    lines.append(query(tables) + ";")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The query (WITH … SELECT, without a final `;`) returning the list's rows.
  package func query(_ tables: Tables) -> String {
    let id = dialect.identifier("customer_id")
    let text = dialect.textType
    var steps: [(name: String, comment: String, body: [String])] = []
    let sources = RuleSQL.Sources(table: tables.table, tagTable: tables.tags)
    steps.append(
      (
        "selected", "The customers for whom the target rule is true (not false, not unknown).",
        ["SELECT c.\(id)"] + rule.selection(sources)
      ))
    if let contacts = tables.contacts, let cap = spec.frequencyCap, let capSince {
      steps.append(
        (
          "contacted",
          "Contacts since \(CivilDate.isoString(seconds: capSince)) (\(cap.days) days before now), per customer.",
          [
            "SELECT \(id), COUNT(*) AS \(dialect.identifier("contacts"))",
            "FROM \(dialect.table(contacts))",
            "WHERE CAST(\(dialect.identifier("contacted_at")) AS TIMESTAMP) >= TIMESTAMP "
              + "'\(CivilDate.isoString(seconds: capSince).replacingOccurrences(of: "T", with: " "))'",
            "GROUP BY \(id)",
          ]
        ))
    }
    if let statuses = tables.statuses, !spec.excludedStatuses.isEmpty {
      steps.append(
        (
          "unreachable", "Customers whose contact status the campaign excludes.",
          [
            "SELECT DISTINCT \(id)",
            "FROM \(dialect.table(statuses))",
            "WHERE CAST(\(dialect.identifier("status")) AS \(text)) IN ("
              + spec.excludedStatuses.map { dialect.text($0.rawValue) }.joined(separator: ", ") + ")",
          ]
        ))
    }
    steps.append(("checked", "Each customer's first reason not to be contacted, stratum and keys.", customers(tables)))
    if spec.control == .random {
      steps += randomSplit()
    } else {
      steps += holdoutSplit()
    }
    var lines = ["WITH"]
    for (index, step) in steps.enumerated() {
      lines.append("-- \(step.comment)")
      lines.append("\(dialect.identifier(step.name)) AS (")
      lines += step.body.map { "  " + $0 }
      lines.append(index == steps.count - 1 ? ")" : "),")
    }
    lines += final()
    return lines.joined(separator: "\n")
  }

  /// The body of `checked`: one row per customer of the table (per selected customer for a hold-out split).
  private func customers(_ tables: Tables) -> [String] {
    let id = dialect.identifier("customer_id")
    let text = dialect.textType
    // Suppression columns live in the rule's table unless another customers table is given.
    let own = tables.customers == nil || tables.customers == tables.table
    let alias = own ? "c" : "p"
    var reasons: [(String, ExclusionReason)] = []
    if !columns.optOut.isEmpty {
      reasons.append(
        (columns.optOut.map { flag($0.name, type: $0.type, alias: alias) }.joined(separator: " OR "), .optedOut))
    }
    if let doNotContact = columns.doNotContact {
      reasons.append((flag(doNotContact.name, type: doNotContact.type, alias: alias), .doNotContact))
    }
    if tables.statuses != nil, !spec.excludedStatuses.isEmpty {
      reasons.append(("x.\(id) IS NOT NULL", .contactStatus))
    }
    if let contact = columns.contact, let kind = spec.channel.address {
      reasons.append(("NOT \(usable("\(alias).\(dialect.identifier(contact))", kind: kind))", .noContactAddress))
    } else if spec.channel.address != nil {
      reasons.append(("TRUE", .noContactAddress))
    }
    if tables.contacts != nil, let cap = spec.frequencyCap, capSince != nil {
      reasons.append(("k.\(dialect.identifier("contacts")) >= \(cap.contacts)", .frequencyCap))
    }
    let reason =
      reasons.isEmpty
      ? "CAST(NULL AS \(text))"
      : "CASE " + reasons.map { "WHEN \($0.0) THEN \(dialect.text($0.1.rawValue))" }.joined(separator: "\n      ")
        + " END"
    let key = "CAST(c.\(id) AS \(text))"
    let seed = String(spec.seed)
    let random = spec.control == .random
    let stratum =
      spec.stratifyBy == nil
      ? "CAST(NULL AS BIGINT)" : "CAST(COALESCE(g.\(dialect.identifier("segment_id")), 0) AS BIGINT)"
    var lines = ["SELECT \(key) AS \(id),"]
    if random { lines.append("  CASE WHEN r.\(id) IS NULL THEN 0 ELSE 1 END AS \(dialect.identifier("selected")),") }
    lines += [
      "  \(stratum) AS \(dialect.identifier("stratum")),",
      "  \(reason) AS \(dialect.identifier("reason")),",
      "  \(dialect.hashKey(dialect.text("\(seed):") + " || \(key)")) AS \(dialect.identifier("split_key")),",
      "  \(dialect.hashKey(dialect.text("\(seed):list:") + " || \(key)")) AS \(dialect.identifier("list_key"))",
      "FROM \(dialect.table(tables.table)) AS c",
      (random ? "LEFT JOIN" : "JOIN") + " \(dialect.identifier("selected")) AS r ON r.\(id) = c.\(id)",
    ]
    if !own, let customers = tables.customers {
      lines.append("LEFT JOIN \(dialect.table(customers)) AS p ON p.\(id) = c.\(id)")
    }
    if spec.stratifyBy != nil {
      lines.append("LEFT JOIN \(dialect.table(segmentTable)) AS g ON g.\(id) = c.\(id)")
    }
    if tables.statuses != nil, !spec.excludedStatuses.isEmpty {
      lines.append("LEFT JOIN \(dialect.identifier("unreachable")) AS x ON x.\(id) = c.\(id)")
    }
    if tables.contacts != nil, spec.frequencyCap != nil, capSince != nil {
      lines.append("LEFT JOIN \(dialect.identifier("contacted")) AS k ON k.\(id) = c.\(id)")
    }
    return lines
  }

  /// The order in which customers are drawn: the split key, then the id in byte order.
  private func order(_ key: String) -> String {
    "ORDER BY \(dialect.identifier(key)), \(dialect.byteOrdered(dialect.identifier("customer_id")))"
  }

  /// The contactable customers cut to the list size (`listed`, `kept`), for either kind of split.
  private func listCut(from source: String, limit: Int) -> [(name: String, comment: String, body: [String])] {
    let id = dialect.identifier("customer_id")
    return [
      (
        "listed", "The contactable customers in the list-size order.",
        [
          "SELECT \(id), \(dialect.identifier("stratum")), \(dialect.identifier("split_key")),",
          "  ROW_NUMBER() OVER (\(order("list_key"))) AS \(dialect.identifier("list_rank"))",
          "FROM \(dialect.identifier("checked"))",
          "WHERE \(source)",
        ]
      ),
      (
        "kept", "The first \(limit) of them stay on the list; the others are excluded for its size.",
        [
          "SELECT \(id), \(dialect.identifier("stratum")), \(dialect.identifier("split_key"))",
          "FROM \(dialect.identifier("listed"))",
          "WHERE \(dialect.identifier("list_rank")) <= \(limit)",
        ]
      ),
    ]
  }

  private func holdoutSplit() -> [(name: String, comment: String, body: [String])] {
    let id = dialect.identifier("customer_id")
    let stratum = dialect.identifier("stratum")
    var steps: [(name: String, comment: String, body: [String])] = []
    var pool = dialect.identifier("checked")
    let contactable = "\(dialect.identifier("reason")) IS NULL"
    if let limit = holdoutLimit {
      steps += listCut(from: contactable, limit: limit)
      pool = dialect.identifier("kept")
    }
    let wanted =
      "\(SQLDialect.number(spec.controlShare)) * CAST(COUNT(*) OVER (PARTITION BY \(stratum)) AS \(dialect.doubleType))"
    steps.append(
      (
        "ranked",
        "Per stratum, each customer's place in the split order and the control share of the stratum's customers.",
        [
          "SELECT \(id), \(stratum),",
          "  ROW_NUMBER() OVER (PARTITION BY \(stratum) \(order("split_key"))) AS \(dialect.identifier("place")),",
          "  \(wanted) AS \(dialect.identifier("wanted"))",
          "FROM \(pool)",
        ] + (holdoutLimit == nil ? ["WHERE \(contactable)"] : [])
      ))
    steps.append(
      (
        "split", "The first round-half-even(share × n) of each stratum are controls, the others targets.",
        [
          "SELECT \(id),",
          "  CASE WHEN \(dialect.identifier("place")) <= \(Self.roundedHalfEven(dialect.identifier("wanted"))) "
            + "THEN 'control' ELSE 'target' END AS \(dialect.identifier("campaign_group")),",
          "  \(stratum)",
          "FROM \(dialect.identifier("ranked"))",
        ]
      ))
    return steps
  }

  private func randomSplit() -> [(name: String, comment: String, body: [String])] {
    let id = dialect.identifier("customer_id")
    let stratum = dialect.identifier("stratum")
    let selected = dialect.identifier("selected")
    var steps: [(name: String, comment: String, body: [String])] = []
    let contactable = "\(selected) = 1 AND \(dialect.identifier("reason")) IS NULL"
    var targets = "SELECT \(id), \(stratum) FROM \(dialect.identifier("checked")) WHERE \(contactable)"
    if let maximum = spec.maximumTargets {
      steps += listCut(from: contactable, limit: maximum)
      targets = "SELECT \(id), \(stratum) FROM \(dialect.identifier("kept"))"
    }
    steps.append(("targets", "Every contactable customer the rule selects is a target.", [targets]))
    let wanted = "\(SQLDialect.number(randomRatio)) * CAST(COUNT(*) AS \(dialect.doubleType))"
    steps.append(
      (
        "wanted", "round(share ÷ (1 − share) × targets) controls, at most every contactable customer not selected.",
        [
          "SELECT \(Self.roundedHalfUp("(\(wanted))")) AS \(dialect.identifier("controls")) FROM \(dialect.identifier("targets"))"
        ]
      ))
    steps.append(
      (
        "drawn", "The contactable customers the rule does not select, in the split order.",
        [
          "SELECT \(id), \(stratum), ROW_NUMBER() OVER (\(order("split_key"))) AS \(dialect.identifier("place"))",
          "FROM \(dialect.identifier("checked"))",
          "WHERE \(selected) = 0 AND \(dialect.identifier("reason")) IS NULL",
        ]
      ))
    steps.append(
      (
        "split", "The targets, and the first drawn customers as the control group.",
        [
          "SELECT \(id), 'target' AS \(dialect.identifier("campaign_group")), \(stratum) FROM \(dialect.identifier("targets"))",
          "UNION ALL",
          "SELECT d.\(id), 'control', d.\(stratum)",
          "FROM \(dialect.identifier("drawn")) AS d CROSS JOIN \(dialect.identifier("wanted")) AS w",
          "WHERE d.\(dialect.identifier("place")) <= w.\(dialect.identifier("controls"))",
        ]
      ))
    return steps
  }

  /// The final SELECT: the split, the customers cut for the list's size and the suppressed ones.
  private func final() -> [String] {
    let id = dialect.identifier("customer_id")
    let group = dialect.identifier("campaign_group")
    let reason = dialect.identifier("reason")
    let stratum = dialect.identifier("stratum")
    let text = dialect.textType
    var lines = [
      "SELECT \(id), \(group), CAST(NULL AS \(text)) AS \(reason), \(stratum) FROM \(dialect.identifier("split"))"
    ]
    if spec.maximumTargets != nil {
      lines += [
        "UNION ALL",
        "SELECT \(id), 'excluded', 'list_size', \(stratum) FROM \(dialect.identifier("listed")) "
          + "WHERE \(dialect.identifier("list_rank")) > \(listLimit)",
      ]
    }
    lines += [
      "UNION ALL",
      "SELECT \(id), 'excluded', \(reason), \(stratum) FROM \(dialect.identifier("checked")) WHERE \(reason) IS NOT NULL"
        + (spec.control == .random ? " AND \(dialect.identifier("selected")) = 1" : ""),
    ]
    return lines
  }
}
