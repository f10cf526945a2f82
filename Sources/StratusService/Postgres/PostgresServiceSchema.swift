import PostgresNIO
import StratusJobs

/// The service's tables in PostgreSQL, as numbered migrations recorded in
/// `stratus_service_migrations` (the job store keeps its own, `stratus_schema_migrations`).
///
/// They run under the job store's advisory lock (same key, same schema hash), so any number of
/// processes may start at once; the columns mirror ``SQLiteServiceSchema`` (times are
/// microseconds since 1970 in `int8`, as ``JobTime`` writes them).
enum PostgresServiceSchema {
    /// Where applied versions are recorded.
    static let versionTable = "stratus_service_migrations"

    /// Every migration, oldest first. Append; never edit one that has shipped.
    static let migrations: [PostgresMigrations.Migration] = [
        PostgresMigrations.Migration(version: 1, statements: [
            "CREATE TABLE stratus_projects (id text PRIMARY KEY, name text NOT NULL, created int8 NOT NULL)",
            """
            CREATE TABLE stratus_quotas (
                project_id text NOT NULL REFERENCES stratus_projects (id),
                kind text NOT NULL,
                count_limit int8 NOT NULL,
                size_limit int8,
                PRIMARY KEY (project_id, kind)
            )
            """,
            """
            CREATE TABLE stratus_access_keys (
                id text PRIMARY KEY,
                secret text NOT NULL,
                scope text NOT NULL,
                project_id text REFERENCES stratus_projects (id),
                created int8 NOT NULL,
                expires int8
            )
            """,
            "CREATE INDEX stratus_access_keys_project ON stratus_access_keys (project_id, created)",
            """
            CREATE TABLE stratus_resources (
                id text PRIMARY KEY,
                project_id text NOT NULL,
                kind text NOT NULL,
                status text NOT NULL,
                name text NOT NULL,
                size int8 NOT NULL,
                provider_id text,
                job_id text,
                attributes text NOT NULL,
                created int8 NOT NULL,
                updated int8 NOT NULL
            )
            """,
            "CREATE INDEX stratus_resources_project ON stratus_resources (project_id, kind, created DESC)",
            """
            CREATE TABLE stratus_idempotency (
                scope text NOT NULL,
                key text NOT NULL,
                fingerprint text NOT NULL,
                status int4,
                body bytea,
                created int8 NOT NULL,
                PRIMARY KEY (scope, key)
            )
            """,
        ])
    ]
}
