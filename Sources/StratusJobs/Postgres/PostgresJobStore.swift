import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// A ``JobStore`` in PostgreSQL, for many workers in many processes on many machines.
///
/// Built on PostgresNIO's `PostgresClient` (a connection pool). The pool only hands out
/// connections while ``run()`` is running, so run the store for as long as you use it:
///
/// ```swift
/// let store = PostgresJobStore(configuration: try .init(url: url), logger: logger)
/// // in a service: the store is a ServiceLifecycle `Service`
/// let group = ServiceGroup(services: [store, worker, api], logger: logger)
/// try await group.run()
/// ```
///
/// List the store before the services that use it: a `ServiceGroup` shuts services down in
/// reverse order, so the pool then closes only after the workers have finished. For tests and
/// tools, ``withStore(url:logger:_:)`` runs a store around a closure.
///
/// Besides the pool, ``run()`` keeps one of the pool's connections LISTENing on the
/// `stratus_jobs` channel, so a worker in any process wakes within milliseconds of an enqueue,
/// release or retry elsewhere. That connection is reopened with backoff whenever it fails (a
/// PostgreSQL restart, say).
///
/// Database errors surface as ``JobStoreError`` with code `.unavailable` and PostgreSQL's SQLSTATE
/// and message; no error, description or log line contains the password.
public final class PostgresJobStore: JobStore, Service, CustomStringConvertible {
    /// The tables' schema, the pool and what the listener needs.
    package let configuration: Configuration
    /// The connection pool (shared with a `PostgresServiceStore` made with `init(sharing:)`).
    package let client: PostgresClient
    package let logger: Logger
    /// `stratus_jobs`, qualified with the schema when one is configured.
    let jobsTable: String
    /// The NOTIFY payload of this store's queue: its schema name ("" without one).
    let channelPayload: String
    private let running = Atomic<Bool>(false)
    /// Set just before the pool's `run()` starts.
    let poolStarted = Atomic<Bool>(false)
    /// Set when ``run()`` is cancelled or shut down gracefully: the listener then takes its
    /// connection's closing as the end, not as a failure to log.
    let stopping = Atomic<Bool>(false)
    /// How many times the LISTEN connection has started listening (tests wait on it).
    let listenStarts = Atomic<Int>(0)

    public let wakeups = JobWakeup()

    /// The LISTEN/NOTIFY channel every store notifies after enqueue, release and retry. The
    /// payload is the schema name ("" for the default), so queues in other schemas ignore it.
    public static let channel = "stratus_jobs"

    /// A store for `configuration`. Nothing connects until ``run()`` runs.
    ///
    /// - Parameter logger: background messages (the LISTEN connection's failures and
    ///   reconnects at `warning`); it is also the pool's background logger.
    public init(configuration: Configuration, logger: Logger = Logger(label: "stratus.jobs.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.jobsTable = Self.qualified("stratus_jobs", schema: configuration.schema)
        self.channelPayload = configuration.schema ?? ""
    }

    /// A store for a `postgres://` URL (see ``Configuration/init(url:)``).
    public convenience init(url: String, logger: Logger = Logger(label: "stratus.jobs.postgres")) throws(JobStoreError) {
        self.init(configuration: try Configuration(url: url), logger: logger)
    }

    public var description: String { "PostgresJobStore(\(configuration.description))" }

    /// Runs the connection pool and the LISTEN connection until the task is cancelled or a
    /// graceful shutdown is triggered (ServiceLifecycle). Call it once per store.
    public func run() async {
        precondition(!running.exchange(true, ordering: .relaxed), "PostgresJobStore.run() must be called only once")
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withDiscardingTaskGroup { group in
                    group.addTask {
                        self.poolStarted.store(true, ordering: .releasing)
                        await self.client.run()
                    }
                    group.addTask {
                        await cancelWhenGracefulShutdown { await self.listen() }
                    }
                }
            } onGracefulShutdown: {
                self.stopping.store(true, ordering: .relaxed)
            }
        } onCancel: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }

    /// Creates a store for `url`, runs it while `body` runs, and stops it afterwards; for tests
    /// and command-line tools. Does not migrate: call ``migrate()`` in `body` if needed.
    public static func withStore<R: Sendable>(
        url: String, logger: Logger = Logger(label: "stratus.jobs.postgres"),
        _ body: (PostgresJobStore) async throws -> R
    ) async throws -> R {
        try await withStore(configuration: try Configuration(url: url), logger: logger, body)
    }

    /// Like ``withStore(url:logger:_:)``, with a ready ``Configuration``.
    public static func withStore<R: Sendable>(
        configuration: Configuration, logger: Logger = Logger(label: "stratus.jobs.postgres"),
        _ body: (PostgresJobStore) async throws -> R
    ) async throws -> R {
        let store = PostgresJobStore(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            // Let the pool start first (PostgresClient warns about leases before its run()).
            while !store.poolStarted.load(ordering: .acquiring) { try await Task.sleep(for: .milliseconds(1)) }
            return try await body(store)
        }
    }

    // MARK: - JobStore: schema and reads

    /// Checks the connection first (see ``checkConnection()``), so a wrong password or an
    /// unreachable server fails at once with PostgreSQL's reason instead of after the pool's
    /// retries; then applies the migrations not yet applied.
    public func migrate() async throws {
        try await checkConnection()
        let applied = try await perform("migrate") { connection in
            try await PostgresMigrations.migrate(on: connection, schema: self.configuration.schema, logger: self.logger)
        }
        if !applied.isEmpty {
            logger.info("applied job store migrations", metadata: ["versions": "\(applied)", "schema": "\(channelPayload)"])
        }
    }

    /// Opens one connection outside the pool and closes it again. Fails within the connect
    /// timeout with PostgreSQL's reason (e.g. `SQLSTATE 28P01: password authentication failed`),
    /// where pooled operations would wait for the pool's circuit breaker (60 s) and report only
    /// that. For start-up and health checks; needs no ``run()``.
    public func checkConnection() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try configuration.connectionConfiguration(), id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw mapError(error, operation: "connect")
        }
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await perform("job") { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(PostgresJobRow.columns) FROM \(self.jobsTable) WHERE id = $1",
                              binds: Self.binds(id.rawValue)),
                logger: self.logger
            ).collect()
            return try rows.first.map(PostgresJobRow.job)
        }
    }

    public func jobs(_ query: JobQuery) async throws -> JobPage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        if let project = query.projectID {
            binds.append(project)
            conditions.append("project_id = $\(binds.count)")
        }
        if let ids = query.ids {
            if ids.isEmpty { return JobPage(jobs: [], total: 0) }
            binds.append(ids.map(\.rawValue))
            conditions.append("id = ANY($\(binds.count)::text[])")
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return JobPage(jobs: [], total: 0) }
            binds.append(statuses.map(\.rawValue).sorted())
            conditions.append("status = ANY($\(binds.count)::text[])")
        }
        if let action = query.action {
            binds.append(action)
            conditions.append("action = $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), 1000)
        let offset = max(query.offset, 0)
        let filterBinds = binds
        return try await perform("jobs") { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: """
                    SELECT \(PostgresJobRow.columns) FROM \(self.jobsTable) \(filter)
                    ORDER BY created DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                    """, binds: filterBinds),
                logger: self.logger
            ).collect()
            let jobs = try rows.map(PostgresJobRow.job)
            if let total = JobPage.impliedTotal(rows: jobs.count, limit: limit, offset: offset) {
                return JobPage(jobs: jobs, total: total)
            }
            let total = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(self.jobsTable) \(filter)", binds: filterBinds),
                logger: self.logger
            ).collect().first?.decode(Int64.self) ?? 0
            return JobPage(jobs: jobs, total: Int(total))
        }
    }

    public func nextDue() async throws -> Date? {
        try await perform("nextDue") { connection in
            // Two arms, so each uses its partial index.
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: """
                    SELECT least(
                        (SELECT min(run_at) FROM \(self.jobsTable) WHERE status = 'pending'),
                        (SELECT min(lease_expires) FROM \(self.jobsTable) WHERE status = 'running'))
                    """),
                logger: self.logger
            ).collect()
            return try rows.first?.decode(Int64?.self).map(PostgresTime.date)
        }
    }

    public func counts() async throws -> [JobStatus: Int] {
        try await perform("counts") { connection in
            var counts: [JobStatus: Int] = [:]
            for row in try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT status, count(*) FROM \(self.jobsTable) GROUP BY status"),
                logger: self.logger
            ).collect() {
                let (status, count) = try row.decode((String, Int64).self)
                if let status = JobStatus(rawValue: status) { counts[status] = Int(count) }
            }
            return counts
        }
    }

    // MARK: - Helpers

    /// `name` qualified with `schema` (quoted, so any schema name is safe in SQL).
    package static func qualified(_ name: String, schema: String?) -> String {
        schema.map { "\(PostgresSchemaName.quoted($0)).\(name)" } ?? name
    }

    /// Leases a connection for `body`, turning every failure into a ``JobStoreError``.
    func perform<T: Sendable>(
        _ operation: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            if error is CancellationError || (Task.isCancelled && !(error is JobStoreError)) {
                throw CancellationError()
            }
            throw mapError(error, operation: operation)
        }
    }

    /// Runs `body` between BEGIN and COMMIT on `connection`, rolling back if it throws; rethrows
    /// `body`'s own error (not a wrapper), so a ``JobStoreError`` reaches the caller as it is.
    package static func transaction<T: Sendable>(
        on connection: PostgresConnection, logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.run("BEGIN", logger: logger)
        let value: T
        do {
            value = try await body(connection)
        } catch {
            do {
                try await connection.run("ROLLBACK", logger: logger)
            } catch {
                // The connection is broken; closing it keeps it out of the pool.
                try? await connection.close()
            }
            throw error
        }
        try await connection.run("COMMIT", logger: logger)
        return value
    }

    /// Bindings for positional parameters.
    package static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { binds.append(value) }
        return binds
    }

    /// Wakes local waiters; the database's NOTIFY reaches the other processes.
    func wakeLocally() {
        wakeups.signal()
    }
}

extension PostgresConnection {
    /// Runs a statement and reads (and drops) whatever it returns.
    package func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
