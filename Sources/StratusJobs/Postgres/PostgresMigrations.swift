import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema of the job store, as numbered migrations.
///
/// `migrate()` runs them in one transaction that first takes a transaction-scoped advisory lock,
/// so several processes starting at once apply each migration exactly once: the others wait for
/// the lock, then find the versions already recorded in `stratus_schema_migrations`.
///
/// Other stores on the same database (the service store) run their own migration lists through
/// ``run(_:table:on:schema:logger:)``, under the same lock and with their own version table.
package enum PostgresMigrations {
    /// One schema change: a version (recorded once applied) and its statements.
    package struct Migration: Sendable {
        package var version: Int32
        package var statements: [String]

        /// A migration: `statements` run in order, unqualified names resolving to the schema.
        package init(version: Int32, statements: [String]) {
            self.version = version
            self.statements = statements
        }
    }

    /// Every migration, oldest first. Append; never edit one that has shipped.
    static let all: [Migration] = [
        Migration(version: 1, statements: [
            """
            CREATE TABLE stratus_jobs (
                id text PRIMARY KEY,
                project_id text NOT NULL,
                action text NOT NULL,
                status text NOT NULL,
                error text,
                result text,
                params text NOT NULL,
                checkpoint text,
                idempotency_key text,
                context_id text,
                created int8 NOT NULL,
                updated int8 NOT NULL,
                run_at int8 NOT NULL,
                try_period int8 NOT NULL,
                try_max int4 NOT NULL,
                trys int4 NOT NULL,
                lease_owner text,
                lease_expires int8,
                CONSTRAINT stratus_jobs_idempotency UNIQUE (project_id, idempotency_key)
            )
            """,
            "CREATE INDEX stratus_jobs_pending ON stratus_jobs (run_at) WHERE status = 'pending'",
            "CREATE INDEX stratus_jobs_running ON stratus_jobs (lease_expires) WHERE status = 'running'",
            "CREATE INDEX stratus_jobs_project_created ON stratus_jobs (project_id, created DESC)",
        ])
    ]

    /// The advisory lock's first key ("STRA"); the second is the schema's hash, so queues in
    /// different schemas migrate independently.
    package static let lockKey: Int32 = 0x5354_5241

    /// Applies the job store's migrations not yet recorded; returns the versions it applied.
    static func migrate(
        on connection: PostgresConnection, schema: String?, logger: Logger
    ) async throws -> [Int32] {
        try await run(all, table: "stratus_schema_migrations", on: connection, schema: schema, logger: logger)
    }

    /// Applies those of `migrations` not yet recorded in `table` (created if missing, in
    /// `schema`), in one transaction holding the advisory lock (``lockKey``, `hashtext(schema)`),
    /// creating `schema` first if it is named; returns the versions it applied.
    package static func run(
        _ migrations: [Migration], table tableName: String, on connection: PostgresConnection, schema: String?,
        logger: Logger
    ) async throws -> [Int32] {
        try await PostgresJobStore.transaction(on: connection, logger: logger) { connection in
            let schemaKey = schema ?? ""
            try await connection.run(
                "SELECT pg_advisory_xact_lock(\(lockKey), hashtext(\(schemaKey)))", logger: logger
            )
            if let schema {
                try await connection.run(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(PostgresSchemaName.quoted(schema))"), logger: logger
                )
            }
            let table = PostgresJobStore.qualified(tableName, schema: schema)
            try await connection.run(
                PostgresQuery(unsafeSQL: """
                    CREATE TABLE IF NOT EXISTS \(table) (version int PRIMARY KEY, applied int8 NOT NULL)
                    """), logger: logger
            )
            var applied: Set<Int32> = []
            for row in try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT version FROM \(table)"), logger: logger
            ).collect() {
                applied.insert(try row.decode(Int32.self))
            }
            var done: [Int32] = []
            for migration in migrations where !applied.contains(migration.version) {
                // Unqualified names in the statements resolve to the store's schema.
                if let schema {
                    try await connection.run(
                        PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(PostgresSchemaName.quoted(schema))"), logger: logger
                    )
                }
                for statement in migration.statements {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let now = PostgresTime.micros(Date())
                try await connection.run(
                    PostgresQuery(unsafeSQL: "INSERT INTO \(table) (version, applied) VALUES ($1, $2)",
                                  binds: binds(migration.version, now)),
                    logger: logger
                )
                done.append(migration.version)
            }
            return done
        }
    }

    private static func binds(_ version: Int32, _ applied: Int64) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 2)
        binds.append(version)
        binds.append(applied)
        return binds
    }
}
