import GRDB

/// The SQLite schema, as versioned migrations GRDB records in `grdb_migrations`.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-jobs") { db in
            try db.execute(sql: """
                CREATE TABLE stratus_jobs (
                    id TEXT PRIMARY KEY NOT NULL,
                    project_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    status TEXT NOT NULL,
                    error TEXT,
                    result TEXT,
                    params TEXT NOT NULL,
                    checkpoint TEXT,
                    idempotency_key TEXT,
                    context_id TEXT,
                    created INTEGER NOT NULL,
                    updated INTEGER NOT NULL,
                    run_at INTEGER NOT NULL,
                    try_period INTEGER NOT NULL,
                    try_max INTEGER NOT NULL,
                    trys INTEGER NOT NULL,
                    lease_owner TEXT,
                    lease_expires INTEGER,
                    UNIQUE (project_id, idempotency_key)
                ) STRICT;
                CREATE INDEX stratus_jobs_pending ON stratus_jobs (run_at) WHERE status = 'pending';
                CREATE INDEX stratus_jobs_running ON stratus_jobs (lease_expires) WHERE status = 'running';
                CREATE INDEX stratus_jobs_project ON stratus_jobs (project_id, created DESC);
                """)
        }
        return migrator
    }
}
