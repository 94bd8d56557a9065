import GRDB

extension Workspace {
  /// The migrations, one per schema version.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-workspace") { db in
      try db.execute(
        sql: """
          CREATE TABLE workspace_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
          CREATE TABLE customer (key INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
          CREATE TABLE customer_column (
            position INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            storage TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            personal INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
          );
          CREATE TABLE import_run (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            file TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            rows_read INTEGER NOT NULL,
            inserted INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            rejected INTEGER NOT NULL,
            columns_added TEXT NOT NULL
          );
          CREATE TABLE period (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            built_at TEXT NOT NULL,
            spec TEXT NOT NULL,
            reference_date TEXT,
            customer_count INTEGER NOT NULL,
            events_read INTEGER NOT NULL,
            unknown_customer_rows INTEGER NOT NULL,
            after_reference_rows INTEGER NOT NULL,
            sources TEXT NOT NULL,
            customer_keys BLOB NOT NULL
          );
          CREATE TABLE feature (
            period_id INTEGER NOT NULL REFERENCES period(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            label_zh TEXT NOT NULL,
            label_en TEXT NOT NULL,
            description TEXT,
            definition TEXT NOT NULL,
            categories TEXT,
            value_data BLOB NOT NULL,
            PRIMARY KEY (period_id, name)
          );
          """)
    }
    migrator.registerMigration("v2-segmentation") { db in
      try db.execute(
        sql: """
          CREATE TABLE segmentation (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            period TEXT,
            model TEXT NOT NULL,
            customer_keys BLOB NOT NULL,
            clusters BLOB NOT NULL,
            groups BLOB NOT NULL,
            UNIQUE (name, version)
          );
          CREATE TABLE segment_name (
            segmentation_id INTEGER NOT NULL REFERENCES segmentation(id) ON DELETE CASCADE,
            segment INTEGER NOT NULL,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            PRIMARY KEY (segmentation_id, segment)
          );
          """)
    }
    migrator.registerMigration("v3-tags") { db in
      try db.execute(
        sql: """
          CREATE TABLE tag (
            name TEXT PRIMARY KEY,
            position INTEGER NOT NULL UNIQUE,
            family TEXT,
            category TEXT NOT NULL,
            label_zh TEXT NOT NULL,
            label_en TEXT NOT NULL,
            description TEXT NOT NULL,
            rule TEXT NOT NULL,
            revision INTEGER NOT NULL,
            defined_at TEXT NOT NULL
          );
          CREATE TABLE tag_version (
            tag TEXT NOT NULL REFERENCES tag(name) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            applied_at TEXT NOT NULL,
            rule TEXT NOT NULL,
            customers INTEGER NOT NULL,
            count INTEGER NOT NULL,
            gained INTEGER NOT NULL,
            lost INTEGER NOT NULL,
            members BLOB NOT NULL,
            PRIMARY KEY (tag, version)
          );
          """)
    }
    migrator.registerMigration("v4-campaigns") { db in
      try db.execute(
        sql: """
          CREATE TABLE campaign (
            name TEXT PRIMARY KEY,
            spec TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
          );
          CREATE TABLE campaign_selection (
            campaign TEXT PRIMARY KEY REFERENCES campaign(name) ON DELETE CASCADE,
            selected_at TEXT NOT NULL,
            candidates INTEGER NOT NULL,
            targets INTEGER NOT NULL,
            controls INTEGER NOT NULL,
            excluded TEXT NOT NULL
          );
          CREATE TABLE campaign_member (
            campaign TEXT NOT NULL REFERENCES campaign(name) ON DELETE CASCADE,
            customer_key INTEGER NOT NULL,
            arm TEXT NOT NULL CHECK (arm IN ('target', 'control')),
            stratum INTEGER,
            PRIMARY KEY (campaign, customer_key)
          ) WITHOUT ROWID;
          CREATE TABLE contact_log (
            customer_key INTEGER NOT NULL,
            campaign TEXT NOT NULL,
            channel TEXT NOT NULL,
            contacted_at TEXT NOT NULL
          );
          CREATE INDEX contact_log_customer ON contact_log(customer_key, contacted_at);
          CREATE TABLE export_audit (
            id INTEGER PRIMARY KEY,
            campaign TEXT NOT NULL,
            exported_at TEXT NOT NULL,
            user TEXT NOT NULL,
            file TEXT NOT NULL,
            rows INTEGER NOT NULL,
            revealed INTEGER NOT NULL
          );
          CREATE TABLE campaign_response (
            campaign TEXT NOT NULL REFERENCES campaign(name) ON DELETE CASCADE,
            customer_key INTEGER NOT NULL,
            contacted_at TEXT,
            reached INTEGER NOT NULL,
            converted INTEGER NOT NULL,
            revenue REAL NOT NULL,
            PRIMARY KEY (campaign, customer_key)
          ) WITHOUT ROWID;
          """)
    }
    migrator.registerMigration("v5-products") { db in
      try db.execute(
        sql: """
          CREATE TABLE product (
            id TEXT PRIMARY KEY,
            position INTEGER NOT NULL,
            definition TEXT NOT NULL,
            defined_at TEXT NOT NULL
          );
          """)
    }
    migrator.registerMigration("v6-contacts") { db in
      try db.execute(
        sql: """
          CREATE TABLE contact_attempt (
            customer_key INTEGER NOT NULL,
            method TEXT NOT NULL,
            attempted_at INTEGER NOT NULL,
            success INTEGER NOT NULL
          );
          CREATE INDEX contact_attempt_customer ON contact_attempt(customer_key);
          CREATE TABLE contact_status (
            customer_key INTEGER PRIMARY KEY,
            status TEXT NOT NULL CHECK (status IN ('dormant', 'void')),
            updated_at TEXT NOT NULL
          );
          """)
    }
    migrator.registerMigration("v7-safety") { db in
      // The same attempt imported twice is one attempt; the export audit records the command.
      try db.execute(
        sql: """
          DELETE FROM contact_attempt WHERE rowid NOT IN (
            SELECT MIN(rowid) FROM contact_attempt GROUP BY customer_key, method, attempted_at, success);
          CREATE UNIQUE INDEX contact_attempt_unique ON contact_attempt(customer_key, method, attempted_at, success);
          ALTER TABLE export_audit ADD COLUMN command TEXT NOT NULL DEFAULT '';
          """)
    }
    migrator.registerMigration("v8-team") { db in
      // The team's users, their API tokens, the server's jobs, and who created each campaign.
      try db.execute(
        sql: """
          CREATE TABLE user (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
          );
          CREATE TABLE api_token (
            id TEXT PRIMARY KEY,
            user TEXT NOT NULL REFERENCES user(name) ON DELETE CASCADE,
            secret_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
          );
          CREATE TABLE job (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            owner TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
            request TEXT NOT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            progress TEXT,
            result TEXT,
            error TEXT
          );
          ALTER TABLE campaign ADD COLUMN owner TEXT NOT NULL DEFAULT '';
          ALTER TABLE export_audit ADD COLUMN kind TEXT NOT NULL DEFAULT 'campaign';
          """)
    }
    migrator.registerMigration("v9-columnar-customers") { db in
      // Customer columns are stored column by column in chunks of customers (ColumnChunk), which
      // reads decode straight into arrays; the row table is converted and dropped.
      try db.execute(
        sql: """
          CREATE TABLE customer_chunk (
            column_position INTEGER NOT NULL,
            chunk INTEGER NOT NULL,
            row_count INTEGER NOT NULL,
            value_count INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (column_position, chunk)
          );
          """)
      try convertCustomerRows(db)
      try db.execute(sql: "DROP TABLE customer")
    }
    migrator.registerMigration("v10-value") { db in
      // Per-customer value summaries from transactions (one table per as-of date, like the wide
      // table's periods), the columns the value commands add to them, and their results.
      try db.execute(
        sql: """
          CREATE TABLE value_period (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL UNIQUE,
            built_at TEXT NOT NULL,
            info TEXT NOT NULL,
            customer_keys BLOB NOT NULL
          );
          CREATE TABLE value_column (
            period_id INTEGER NOT NULL REFERENCES value_period(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value_data BLOB NOT NULL,
            PRIMARY KEY (period_id, name)
          );
          CREATE TABLE value_result (
            period_id INTEGER NOT NULL REFERENCES value_period(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            result TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (period_id, kind)
          );
          """)
    }
    migrator.registerMigration("v11-churn") { db in
      // Each fitted churn model as a version: its features, parameters and cross-validated
      // evaluation as JSON (StoredChurnModel), the label it learned and when.
      try db.execute(
        sql: """
          CREATE TABLE churn_model (
            version INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            label TEXT NOT NULL,
            period TEXT,
            model TEXT NOT NULL
          );
          """)
    }
    migrator.registerMigration("v12-segment-refresh") { db in
      // A version made by `segment refresh` records the version whose model it applied to a new period;
      // migration between versions defaults to that link.
      try db.execute(sql: "ALTER TABLE segmentation ADD COLUMN refreshes INTEGER")
    }
    migrator.registerMigration("v13-segmentation-result") { db in
      // Results computed about one version of a segmentation (its stability), as JSON by kind.
      try db.execute(
        sql: """
          CREATE TABLE segmentation_result (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            kind TEXT NOT NULL,
            result BLOB NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (name, version, kind)
          );
          """)
    }
    return migrator
  }
}
