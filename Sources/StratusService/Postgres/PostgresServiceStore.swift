import Foundation
import Logging
import PostgresNIO
import StratusJobs

/// The ``ServiceStore`` in PostgreSQL, for several `serve` processes on one database.
///
/// It has no pool of its own: it uses the connection pool of a ``PostgresJobStore`` (same
/// database, same schema), so a process opens one pool for jobs and service tables. That job
/// store must be running (it is a ServiceLifecycle `Service`) while this store is used:
///
/// ```swift
/// let jobs = try PostgresJobStore(url: url, logger: logger)
/// let service = PostgresServiceStore(sharing: jobs)
/// let group = ServiceGroup(services: [jobs, worker, server], logger: logger)
/// ```
///
/// For tests and tools, ``withStore(url:logger:_:)`` runs a pool around a closure.
///
/// Behaves like ``SQLiteServiceStore``: the same error codes, the quota check inside the insert's
/// transaction (the project's row is locked `FOR UPDATE` first, so concurrent inserts for one
/// project queue up and each sees the others' rows), the same idempotency rules. Database
/// failures surface as `JobStoreError` with code `.unavailable`; no message contains the password.
public final class PostgresServiceStore: ServiceStore, CustomStringConvertible {
    /// The job store whose pool, schema and logger this store uses.
    public let jobStore: PostgresJobStore
    /// Access keys are read on every request: kept for a moment, dropped at once on delete.
    let keyCache = AccessKeyCache()

    /// The tables, qualified with the configured schema when there is one.
    let projectsTable: String
    let quotasTable: String
    let accessKeysTable: String
    let resourcesTable: String
    let idempotencyTable: String

    /// A store on `jobStore`'s database, schema and connection pool. Nothing connects here; run
    /// the job store (see ``PostgresJobStore/run()``) while this store is in use.
    public init(sharing jobStore: PostgresJobStore) {
        self.jobStore = jobStore
        let schema = jobStore.configuration.schema
        projectsTable = PostgresJobStore.qualified("stratus_projects", schema: schema)
        quotasTable = PostgresJobStore.qualified("stratus_quotas", schema: schema)
        accessKeysTable = PostgresJobStore.qualified("stratus_access_keys", schema: schema)
        resourcesTable = PostgresJobStore.qualified("stratus_resources", schema: schema)
        idempotencyTable = PostgresJobStore.qualified("stratus_idempotency", schema: schema)
    }

    /// The database, user and schema (never the password).
    public var description: String { "PostgresServiceStore(\(jobStore.configuration.description))" }

    var logger: Logger { jobStore.logger }

    /// Runs a ``PostgresJobStore`` for `url` while `body` runs with a service store sharing its
    /// pool, and stops it afterwards; for tests and command-line tools. Does not migrate: call
    /// ``migrate()`` (and the job store's, via ``jobStore``) in `body` if needed.
    public static func withStore<R: Sendable>(
        url: String, logger: Logger = Logger(label: "stratus.service.postgres"),
        _ body: (PostgresServiceStore) async throws -> R
    ) async throws -> R {
        try await withStore(configuration: try PostgresJobStore.Configuration(url: url), logger: logger, body)
    }

    /// Like ``withStore(url:logger:_:)``, with a ready configuration.
    public static func withStore<R: Sendable>(
        configuration: PostgresJobStore.Configuration, logger: Logger = Logger(label: "stratus.service.postgres"),
        _ body: (PostgresServiceStore) async throws -> R
    ) async throws -> R {
        try await PostgresJobStore.withStore(configuration: configuration, logger: logger) { jobStore in
            try await body(PostgresServiceStore(sharing: jobStore))
        }
    }

    /// Checks the connection (a wrong password or an unreachable server fails at once, with
    /// PostgreSQL's reason), then applies the service migrations not yet applied, in one
    /// transaction under the advisory lock the job store's migrations take; creates the schema
    /// if one is configured and missing. Independent of the job store's own ``PostgresJobStore/migrate()``.
    public func migrate() async throws {
        try await jobStore.checkConnection()
        let applied = try await perform("migrate") { connection in
            try await PostgresMigrations.run(
                PostgresServiceSchema.migrations, table: PostgresServiceSchema.versionTable, on: connection,
                schema: self.jobStore.configuration.schema, logger: self.logger)
        }
        if !applied.isEmpty {
            logger.info(
                "applied service store migrations",
                metadata: ["versions": "\(applied)", "schema": "\(jobStore.configuration.schema ?? "")"])
        }
    }

    // MARK: - Helpers

    /// Leases a connection for `body`. An ``APIError`` from `body` passes through; a unique or
    /// foreign-key violation on the service's keys becomes its API error; anything else becomes
    /// the job store's redacted `JobStoreError` (`.unavailable`).
    func perform<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await jobStore.client.withConnection { connection in try await body(connection) }
        } catch let error as APIError {
            throw error
        } catch {
            if error is CancellationError || (Task.isCancelled && !(error is JobStoreError)) {
                throw CancellationError()
            }
            if let apiError = Self.apiError(error) { throw apiError }
            throw jobStore.mapError(error, operation: "service store \(operation)")
        }
    }

    /// Runs `body` in a transaction on a pooled connection (see ``perform(_:_:)``).
    func transaction<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await perform(operation) { connection in
            try await PostgresJobStore.transaction(on: connection, logger: self.logger, body)
        }
    }

    /// Constraint violations that mean a caller's mistake, as the codes ``SQLiteServiceStore``
    /// gives (the statements avoid most of them with `ON CONFLICT`; this covers races).
    static func apiError(_ error: any Error) -> APIError? {
        guard let error = error as? PSQLError, let server = error.serverInfo else { return nil }
        switch (server[.sqlState], server[.constraintName]) {
        case ("23505"?, "stratus_projects_pkey"?):
            return APIError(.projectDuplicated, "project exists already")
        case ("23505"?, "stratus_access_keys_pkey"?):
            return APIError(.accessKeyDuplicated, "access key exists already")
        case ("23503"?, "stratus_access_keys_project_id_fkey"?), ("23503"?, "stratus_quotas_project_id_fkey"?):
            return APIError(.projectNotFound, "project not found")
        default:
            return nil
        }
    }

    /// Runs a statement and returns its rows.
    static func rows(
        _ connection: PostgresConnection, _ sql: String, _ binds: PostgresBindings = PostgresBindings(), logger: Logger
    ) async throws -> [PostgresRow] {
        try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
    }
}

extension PostgresBindings {
    /// Appends `value`, or NULL (of a type PostgreSQL infers from context) when it is nil.
    mutating func appendOptional<Value: PostgresDynamicTypeEncodable>(_ value: Value?) {
        if let value { append(value) } else { appendNull() }
    }
}
