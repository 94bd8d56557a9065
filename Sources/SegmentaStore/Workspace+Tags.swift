import Foundation
import GRDB
import SegmentaCore

extension Workspace {
  /// Defines tags (adding new ones after the existing ones, replacing changed ones in place);
  /// returns the names whose definition is new or changed.
  @discardableResult
  package func defineTags(_ definitions: [TagDefinition]) throws(SegmentaError) -> [String] {
    try write { db in
      var changed: [String] = []
      var next = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM tag") ?? 0) + 1
      for definition in definitions {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM tag WHERE name = ?", arguments: [definition.name])
        if let row {
          let existing = Self.definition(row)
          if existing == definition { continue }
          try db.execute(
            sql: """
              UPDATE tag SET family = ?, category = ?, label_zh = ?, label_en = ?, description = ?, rule = ?,
                revision = revision + 1, defined_at = ? WHERE name = ?
              """,
            arguments: [
              definition.family, definition.category.rawValue, definition.label.zh, definition.label.en,
              definition.description, definition.rule, Timestamp.now(), definition.name,
            ])
        } else {
          try db.execute(
            sql: """
              INSERT INTO tag(name, position, family, category, label_zh, label_en, description, rule, revision, defined_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
              """,
            arguments: [
              definition.name, next, definition.family, definition.category.rawValue, definition.label.zh,
              definition.label.en, definition.description, definition.rule, Timestamp.now(),
            ])
          next += 1
        }
        changed.append(definition.name)
      }
      return changed
    }
  }

  /// Every tag in definition order, with its latest apply.
  package func tags() throws(SegmentaError) -> [StoredTag] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM tag ORDER BY position").map { row in
        let name: String = row["name"]
        let latest = try Row.fetchOne(
          db,
          sql: """
            SELECT version, applied_at, rule, customers, count, gained, lost FROM tag_version
            WHERE tag = ? ORDER BY version DESC LIMIT 1
            """, arguments: [name]
        ).map(Self.version)
        return StoredTag(
          definition: Self.definition(row), position: row["position"], revision: row["revision"],
          definedAt: row["defined_at"], latest: latest)
      }
    }
  }

  /// Every apply of a tag, newest first.
  package func tagVersions(_ name: String) throws(SegmentaError) -> [TagVersion] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT version, applied_at, rule, customers, count, gained, lost FROM tag_version
          WHERE tag = ? ORDER BY version DESC
          """, arguments: [name]
      ).map(Self.version)
    }
  }

  /// The members (sorted customer keys) of a tag's latest apply, or of `version`.
  package func tagMembers(_ name: String, version: Int? = nil) throws(SegmentaError) -> [Int64] {
    try read { db in
      let data: Data?
      if let version {
        data = try Data.fetchOne(
          db, sql: "SELECT members FROM tag_version WHERE tag = ? AND version = ?", arguments: [name, version])
      } else {
        data = try Data.fetchOne(
          db, sql: "SELECT members FROM tag_version WHERE tag = ? ORDER BY version DESC LIMIT 1", arguments: [name])
      }
      guard let data else {
        let known = try String.fetchAll(db, sql: "SELECT name FROM tag ORDER BY position")
        if !known.contains(name) {
          throw SegmentaError(
            .notFound,
            "no tag '\(name)'"
              + (known.isEmpty
                ? "; define tags with `segmenta tags define --spec FILE`"
                : "; tags are: \(known.joined(separator: ", "))"))
        }
        throw SegmentaError(
          .missingPrerequisite,
          "tag '\(name)' has not been applied\(version.map { " at version \($0)" } ?? ""); run `segmenta tags apply`")
      }
      return Self.array(data)
    }
  }

  /// Stores one apply of every tag in `members` (sorted customer keys) in a single transaction and
  /// returns each tag's new version with its change since the previous one.
  package func saveTagApply(_ members: [(name: String, rule: String, keys: [Int64])], customers: Int)
    throws(SegmentaError)
    -> [TagVersion]
  {
    try write { db in
      let now = Timestamp.now()
      var versions: [TagVersion] = []
      for entry in members {
        let previous = try Row.fetchOne(
          db, sql: "SELECT version, members FROM tag_version WHERE tag = ? ORDER BY version DESC LIMIT 1",
          arguments: [entry.name])
        let previousKeys: [Int64] = previous.map { Self.array($0["members"]) } ?? []
        let version = (previous?["version"] as Int? ?? 0) + 1
        let change = TagChange(previous: previousKeys, current: entry.keys)
        try db.execute(
          sql: """
            INSERT INTO tag_version(tag, version, applied_at, rule, customers, count, gained, lost, members)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            entry.name, version, now, entry.rule, customers, change.count, change.gained, change.lost,
            Self.blob(entry.keys),
          ])
        versions.append(
          TagVersion(version: version, appliedAt: now, rule: entry.rule, customers: customers, change: change))
      }
      return versions
    }
  }

  static func definition(_ row: Row) -> TagDefinition {
    TagDefinition(
      name: row["name"], family: row["family"], category: TagCategory(rawValue: row["category"]) ?? .business,
      label: FeatureLabel(zh: row["label_zh"], en: row["label_en"]), description: row["description"],
      rule: row["rule"])
  }

  static func version(_ row: Row) -> TagVersion {
    TagVersion(
      version: row["version"], appliedAt: row["applied_at"], rule: row["rule"], customers: row["customers"],
      change: TagChange(count: row["count"], gained: row["gained"], lost: row["lost"]))
  }
}
