import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  static func campaignJSON(_ spec: CampaignSpec) throws(SegmentaError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try converting { String(decoding: try encoder.encode(spec), as: UTF8.self) }
  }

  /// Stores a new campaign created by `owner`, or replaces the spec of one that has not been selected yet
  /// (its owner stays).
  package func createCampaign(_ spec: CampaignSpec, owner: String = "") throws(SegmentaError) {
    let text = try Self.campaignJSON(spec)
    try write { db in
      if try String.fetchOne(db, sql: "SELECT name FROM campaign WHERE name = ?", arguments: [spec.name]) != nil {
        let selected =
          try Int.fetchOne(
            db, sql: "SELECT COUNT(*) FROM campaign_selection WHERE campaign = ?", arguments: [spec.name])
          ?? 0
        guard selected == 0 else {
          throw SegmentaError(
            .conflict,
            "campaign '\(spec.name)' already has a selection; create the changed campaign under a new name")
        }
        try db.execute(
          sql: "UPDATE campaign SET spec = ?, updated_at = ? WHERE name = ?",
          arguments: [text, Timestamp.now(), spec.name])
      } else {
        let now = Timestamp.now()
        try db.execute(
          sql: "INSERT INTO campaign(name, spec, created_at, updated_at, owner) VALUES (?, ?, ?, ?, ?)",
          arguments: [spec.name, text, now, now, owner])
      }
    }
  }

  /// Every campaign, by name.
  package func campaigns() throws(SegmentaError) -> [StoredCampaign] {
    let names = try read { db in try String.fetchAll(db, sql: "SELECT name FROM campaign ORDER BY name") }
    var campaigns: [StoredCampaign] = []
    for name in names { campaigns.append(try campaign(named: name)) }
    return campaigns
  }

  /// The campaign `name`.
  package func campaign(named name: String) throws(SegmentaError) -> StoredCampaign {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM campaign WHERE name = ?", arguments: [name]) else {
        let names = try String.fetchAll(db, sql: "SELECT name FROM campaign ORDER BY name")
        throw SegmentaError(
          .notFound,
          "no campaign '\(name)'"
            + (names.isEmpty
              ? "; create one with `segmenta campaign create --spec campaign.yaml`"
              : "; campaigns are: \(names.joined(separator: ", "))"))
      }
      let specText: String = row["spec"]
      let spec = try JSONDecoder().decode(CampaignSpec.self, from: Data(specText.utf8))
      let selection = try Row.fetchOne(
        db, sql: "SELECT * FROM campaign_selection WHERE campaign = ?", arguments: [name]
      ).map { row -> StoredSelection in
        let excludedText: String = row["excluded"]
        return StoredSelection(
          selectedAt: row["selected_at"], candidates: row["candidates"], targets: row["targets"],
          controls: row["controls"],
          excluded: (try? JSONDecoder().decode([ExclusionReason: Int].self, from: Data(excludedText.utf8))) ?? [:])
      }
      return StoredCampaign(
        spec: spec, createdAt: row["created_at"], owner: row["owner"], selection: selection,
        exports: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM export_audit WHERE campaign = ?", arguments: [name])
          ?? 0,
        responses: try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM campaign_response WHERE campaign = ?", arguments: [name]) ?? 0)
    }
  }

  /// Stores a campaign's selection, replacing an earlier one unless the campaign was exported or has
  /// responses (its groups are then fixed).
  package func saveSelection(
    campaign name: String, candidates: Int, members: [CampaignMember], excluded: [ExclusionReason: Int]
  ) throws(SegmentaError) -> StoredSelection {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let excludedText = try Self.converting { String(decoding: try encoder.encode(excluded), as: UTF8.self) }
    return try write { db in
      let used =
        (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM export_audit WHERE campaign = ?", arguments: [name]) ?? 0)
        + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM campaign_response WHERE campaign = ?", arguments: [name])
          ?? 0)
      guard used == 0 else {
        throw SegmentaError(
          .conflict,
          "campaign '\(name)' was already exported or has responses; its target and control groups are fixed")
      }
      try db.execute(sql: "DELETE FROM campaign_member WHERE campaign = ?", arguments: [name])
      try db.execute(sql: "DELETE FROM campaign_selection WHERE campaign = ?", arguments: [name])
      let statement = try db.makeStatement(
        sql: "INSERT INTO campaign_member(campaign, customer_key, arm, stratum) VALUES (?, ?, ?, ?)")
      for member in members {
        try statement.execute(arguments: [
          name, member.key, member.isTarget ? "target" : "control", member.stratum.map { Int($0) },
        ])
      }
      let selection = StoredSelection(
        selectedAt: Timestamp.now(), candidates: candidates, targets: members.filter(\.isTarget).count,
        controls: members.filter { !$0.isTarget }.count, excluded: excluded)
      try db.execute(
        sql: """
          INSERT INTO campaign_selection(campaign, selected_at, candidates, targets, controls, excluded)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          name, selection.selectedAt, candidates, selection.targets, selection.controls, excludedText,
        ])
      return selection
    }
  }

  /// A campaign's members, by customer key.
  package func campaignMembers(_ name: String) throws(SegmentaError) -> [CampaignMember] {
    try read { db in
      try Row.fetchAll(
        db, sql: "SELECT customer_key, arm, stratum FROM campaign_member WHERE campaign = ? ORDER BY customer_key",
        arguments: [name]
      ).map { row in
        CampaignMember(
          key: row["customer_key"], isTarget: (row["arm"] as String) == "target",
          stratum: (row["stratum"] as Int?).map { Int32($0) })
      }
    }
  }

  /// Per customer key, how many contacts the contact log holds at or after `since` (ISO 8601 UTC).
  package func contactCounts(since: String) throws(SegmentaError) -> [Int64: Int] {
    try read { db in
      var counts: [Int64: Int] = [:]
      for row in try Row.fetchAll(
        db, sql: "SELECT customer_key, COUNT(*) AS n FROM contact_log WHERE contacted_at >= ? GROUP BY customer_key",
        arguments: [since])
      {
        counts[row["customer_key"]] = row["n"]
      }
      return counts
    }
  }

  /// Records an export: the audit row and, for a campaign's list, one contact per exported customer, in
  /// one transaction.
  package func recordExport(_ record: ExportRecord, channel: String = "", keys: [Int64] = []) throws(SegmentaError) {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO export_audit(kind, campaign, exported_at, user, command, file, rows, revealed)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          record.kind.rawValue, record.campaign, record.exportedAt, record.user, record.command, record.file,
          record.rows, record.revealed,
        ])
      let statement = try db.makeStatement(
        sql: "INSERT INTO contact_log(customer_key, campaign, channel, contacted_at) VALUES (?, ?, ?, ?)")
      for key in keys { try statement.execute(arguments: [key, record.campaign, channel, record.exportedAt]) }
    }
  }

  /// The export audit, oldest first (every export, or one campaign's).
  package func exportAudit(campaign: String? = nil) throws(SegmentaError) -> [ExportRecord] {
    try read { db in
      let rows =
        if let campaign {
          try Row.fetchAll(
            db, sql: "SELECT * FROM export_audit WHERE kind = 'campaign' AND campaign = ? ORDER BY id",
            arguments: [campaign])
        } else {
          try Row.fetchAll(db, sql: "SELECT * FROM export_audit ORDER BY id")
        }
      return rows.map { row in
        let kind: String = row["kind"]
        return ExportRecord(
          kind: ExportRecord.Kind(rawValue: kind) ?? .campaign, campaign: row["campaign"],
          exportedAt: row["exported_at"], user: row["user"], command: row["command"],
          file: row["file"], rows: row["rows"], revealed: row["revealed"])
      }
    }
  }

  /// Stores responses in one transaction (replacing earlier ones of the same customers).
  package func saveResponses(campaign name: String, _ responses: [CampaignResponse]) throws(SegmentaError) {
    try write { db in
      let statement = try db.makeStatement(
        sql: """
          INSERT OR REPLACE INTO campaign_response(campaign, customer_key, contacted_at, reached, converted, revenue)
          VALUES (?, ?, ?, ?, ?, ?)
          """)
      for response in responses {
        try statement.execute(arguments: [
          name, response.key, response.contactedAt, response.reached, response.converted, response.revenue,
        ])
      }
    }
  }

  /// A campaign's responses, by customer key.
  package func campaignResponses(_ name: String) throws(SegmentaError) -> [Int64: CampaignResponse] {
    try read { db in
      var result: [Int64: CampaignResponse] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM campaign_response WHERE campaign = ?", arguments: [name]) {
        let key: Int64 = row["customer_key"]
        result[key] = CampaignResponse(
          key: key, contactedAt: row["contacted_at"], reached: row["reached"], converted: row["converted"],
          revenue: row["revenue"])
      }
      return result
    }
  }
}
