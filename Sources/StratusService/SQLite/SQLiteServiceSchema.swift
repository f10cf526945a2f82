import GRDB

/// The service's tables in SQLite, as versioned GRDB migrations (they share `grdb_migrations`
/// with the job store when both use one file; identifiers are prefixed to stay apart).
enum SQLiteServiceSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("service-v1") { db in
            try db.execute(sql: """
                CREATE TABLE stratus_projects (
                    id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, created INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE stratus_quotas (
                    project_id TEXT NOT NULL REFERENCES stratus_projects(id), kind TEXT NOT NULL,
                    count_limit INTEGER NOT NULL, size_limit INTEGER,
                    PRIMARY KEY (project_id, kind)
                ) STRICT;
                CREATE TABLE stratus_access_keys (
                    id TEXT PRIMARY KEY NOT NULL, secret TEXT NOT NULL, scope TEXT NOT NULL,
                    project_id TEXT REFERENCES stratus_projects(id), created INTEGER NOT NULL, expires INTEGER
                ) STRICT;
                CREATE TABLE stratus_resources (
                    id TEXT PRIMARY KEY NOT NULL, project_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL,
                    name TEXT NOT NULL, size INTEGER NOT NULL, provider_id TEXT, job_id TEXT,
                    attributes TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX stratus_resources_project ON stratus_resources (project_id, kind, created DESC);
                CREATE TABLE stratus_idempotency (
                    scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
                    status INTEGER, body BLOB, created INTEGER NOT NULL,
                    PRIMARY KEY (scope, key)
                ) STRICT;
                """)
        }
        return migrator
    }
}
