import Foundation
import GRDB

/// The embedded job store: one SQLite file in WAL mode, no server to run.
///
/// Several processes may share the file (a busy timeout makes writers queue rather than fail),
/// but wake-ups are in-process only: a worker in another process notices new jobs at its next
/// poll (``JobWorker/Configuration/pollInterval``). Use ``PostgresJobStore`` when workers
/// spread over machines.
///
/// Durability: `synchronous = NORMAL` in WAL mode, as SQLite recommends — a committed job survives
/// any crash of the process; an operating-system crash or power loss may lose the last
/// transactions. Pass `synchronous: .full` to trade throughput for that too.
public final class SQLiteJobStore: JobStore {
    /// How hard SQLite flushes each commit.
    public enum Synchronous: String, Sendable {
        case normal = "NORMAL"
        case full = "FULL"
    }

    public let path: String
    public let wakeups = JobWakeup()
    let pool: DatabasePool
    /// The connection for the synchronous page reads of ``jobs(_:)``.
    let hotReader: SQLiteHotReader

    /// Opens (creating if needed) the database file at `path`; call ``migrate()`` before use.
    public init(path: String, synchronous: Synchronous = .normal, busyTimeout: Duration = .seconds(10)) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(JobTime.micros(busyTimeout)) / 1_000_000)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            hotReader = try SQLiteHotReader(path: path, busyTimeout: busyTimeout)
        } catch {
            throw JobStoreError(.configuration, "cannot open SQLite database at \(path): \(Self.describe(error))")
        }
    }

    public func migrate() async throws {
        // Once per start and quick: the synchronous migrator (GRDB has no async one) is fine here.
        do {
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw JobStoreError(.unavailable, "SQLite migration failed: \(Self.describe(error))")
        }
    }

    public func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueueOutcome] {
        for job in jobs { try job.validate() }
        guard !jobs.isEmpty else { return [] }
        let nowMicros = JobTime.micros(now)
        let outcomes = try await run {
            try await self.pool.write { db -> [EnqueueOutcome] in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO stratus_jobs (id, project_id, action, status, params, idempotency_key, context_id,
                        created, updated, run_at, try_period, try_max, trys)
                    VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    ON CONFLICT (project_id, idempotency_key) DO NOTHING
                    """)
                var outcomes: [EnqueueOutcome] = []
                outcomes.reserveCapacity(jobs.count)
                for job in jobs {
                    let runAt = job.runAt.map(JobTime.micros) ?? nowMicros
                    try insert.execute(arguments: [
                        job.id.rawValue, job.projectID, job.action, String(jsonBytes: job.params), job.idempotencyKey,
                        job.contextID, nowMicros, nowMicros, runAt, JobTime.micros(job.tryPeriod), job.tryMax,
                    ])
                    if db.changesCount == 1 {
                        outcomes.append(.created(Job(
                            id: job.id, projectID: job.projectID, action: job.action, status: .pending,
                            params: job.params, idempotencyKey: job.idempotencyKey, contextID: job.contextID,
                            created: JobTime.date(nowMicros), updated: JobTime.date(nowMicros),
                            runAt: JobTime.date(runAt), tryPeriod: JobTime.duration(JobTime.micros(job.tryPeriod)),
                            tryMax: job.tryMax, trys: 0)))
                        continue
                    }
                    outcomes.append(.existing(try Self.existing(for: job, in: db)))
                }
                return outcomes
            }
        }
        if outcomes.contains(where: { if case .created = $0 { true } else { false } }) { wakeups.signal() }
        return outcomes
    }

    public func claim(limit: Int, owner: String, lease: Duration, now: Date) async throws -> [Job] {
        guard limit > 0 else { return [] }
        let nowMicros = JobTime.micros(now)
        let expires = nowMicros + JobTime.micros(lease)
        return try await run {
            try await self.pool.write { db in
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    UPDATE stratus_jobs
                    SET status = 'running', lease_owner = ?, lease_expires = ?, trys = trys + 1, updated = ?
                    WHERE id IN (
                        SELECT id FROM (
                            SELECT id, run_at AS due FROM stratus_jobs WHERE status = 'pending' AND run_at <= ?
                            UNION ALL
                            SELECT id, lease_expires AS due FROM stratus_jobs
                            WHERE status = 'running' AND lease_expires <= ?
                        ) ORDER BY due LIMIT ?)
                    RETURNING \(SQLiteJobRow.columns)
                    """), arguments: [owner, expires, nowMicros, nowMicros, nowMicros, limit])
                return try rows.map(SQLiteJobRow.job).sorted { $0.runAt < $1.runAt }
            }
        }
    }

    public func renew(_ leases: [JobLease], until: Date, now: Date) async throws -> Set<JobID> {
        guard !leases.isEmpty else { return [] }
        return try await run {
            try await self.pool.write { db in
                let update = try db.cachedStatement(sql: """
                    UPDATE stratus_jobs SET lease_expires = ?, updated = ?
                    WHERE id = ? AND status = 'running' AND lease_owner = ? AND trys = ?
                    """)
                var held: Set<JobID> = []
                for lease in leases {
                    try update.execute(arguments: [
                        JobTime.micros(until), JobTime.micros(now), lease.jobID.rawValue, lease.owner, lease.attempt,
                    ])
                    if db.changesCount == 1 { held.insert(lease.jobID) }
                }
                return held
            }
        }
    }

    public func complete(_ completions: [JobCompletion], now: Date) async throws -> Set<JobID> {
        guard !completions.isEmpty else { return [] }
        let nowMicros = JobTime.micros(now)
        let applied = try await run {
            try await self.pool.write { db in
                let update = try db.cachedStatement(sql: """
                    UPDATE stratus_jobs
                    SET status = ?, result = ?, error = ?, run_at = coalesce(?, run_at), updated = ?,
                        lease_owner = NULL, lease_expires = NULL
                    WHERE id = ? AND status = 'running' AND lease_owner = ? AND trys = ?
                    """)
                var applied: Set<JobID> = []
                for completion in completions {
                    let status: JobStatus
                    var result: String?
                    var error: String?
                    var runAt: Int64?
                    switch completion.outcome {
                    case .finished(let bytes):
                        status = .finished
                        result = bytes.map { String(jsonBytes: $0) }
                    case .retry(let message, let retryAt):
                        status = .pending
                        error = message
                        runAt = JobTime.micros(retryAt)
                    case .failed(let message):
                        status = .error
                        error = message
                    }
                    let lease = completion.lease
                    try update.execute(arguments: [
                        status.rawValue, result, error, runAt, nowMicros, lease.jobID.rawValue, lease.owner,
                        lease.attempt,
                    ])
                    if db.changesCount == 1 { applied.insert(lease.jobID) }
                }
                return applied
            }
        }
        if completions.contains(where: { if case .retry = $0.outcome { true } else { false } }) { wakeups.signal() }
        return applied
    }

    public func checkpoint(_ lease: JobLease, data: [UInt8], now: Date) async throws -> Bool {
        guard JobJSON.isJSON(data) else { throw JobStoreError(.invalidJob, "checkpoint must be JSON") }
        return try await run {
            try await self.pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE stratus_jobs SET checkpoint = ?, updated = ?
                        WHERE id = ? AND status = 'running' AND lease_owner = ? AND trys = ?
                        """,
                    arguments: [
                        String(jsonBytes: data), JobTime.micros(now), lease.jobID.rawValue, lease.owner, lease.attempt,
                    ])
                return db.changesCount == 1
            }
        }
    }

    public func release(_ leases: [JobLease], now: Date) async throws -> Set<JobID> {
        guard !leases.isEmpty else { return [] }
        let nowMicros = JobTime.micros(now)
        let released = try await run {
            try await self.pool.write { db in
                let update = try db.cachedStatement(sql: """
                    UPDATE stratus_jobs
                    SET status = 'pending', run_at = ?, updated = ?, trys = trys - 1,
                        lease_owner = NULL, lease_expires = NULL
                    WHERE id = ? AND status = 'running' AND lease_owner = ? AND trys = ?
                    """)
                var released: Set<JobID> = []
                for lease in leases {
                    try update.execute(arguments: [
                        nowMicros, nowMicros, lease.jobID.rawValue, lease.owner, lease.attempt,
                    ])
                    if db.changesCount == 1 { released.insert(lease.jobID) }
                }
                return released
            }
        }
        if !released.isEmpty { wakeups.signal() }
        return released
    }

    public func retry(_ id: JobID, now: Date) async throws -> Job {
        let nowMicros = JobTime.micros(now)
        let job = try await run {
            try await self.pool.write { db -> Job in
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT \(SQLiteJobRow.columns) FROM stratus_jobs WHERE id = ?", arguments: [id.rawValue])
                else { throw JobStoreError(.notFound, "no job \(id)") }
                let job = try SQLiteJobRow.job(row)
                guard job.status == .error else {
                    throw JobStoreError(.wrongState, "job \(id) is \(job.status.rawValue); only a job in error can be retried")
                }
                let updated = try Row.fetchOne(
                    db,
                    sql: """
                        UPDATE stratus_jobs SET status = 'pending', trys = 0, run_at = ?, updated = ?,
                            lease_owner = NULL, lease_expires = NULL
                        WHERE id = ? RETURNING \(SQLiteJobRow.columns)
                        """,
                    arguments: [nowMicros, nowMicros, id.rawValue])
                return try SQLiteJobRow.job(updated!)
            }
        }
        wakeups.signal()
        return job
    }

    public func cancel(_ id: JobID, reason: String, now: Date) async throws -> Job {
        let nowMicros = JobTime.micros(now)
        return try await run {
            try await self.pool.write { db -> Job in
                if let updated = try Row.fetchOne(
                    db,
                    sql: """
                        UPDATE stratus_jobs SET status = 'error', error = ?, updated = ?
                        WHERE id = ? AND status = 'pending' RETURNING \(SQLiteJobRow.columns)
                        """,
                    arguments: [reason, nowMicros, id.rawValue])
                {
                    return try SQLiteJobRow.job(updated)
                }
                guard let status = try String.fetchOne(db, sql: "SELECT status FROM stratus_jobs WHERE id = ?", arguments: [id.rawValue])
                else { throw JobStoreError(.notFound, "no job \(id)") }
                throw JobStoreError(.wrongState, "job \(id) is \(status); only a pending job can be cancelled")
            }
        }
    }

    public func job(_ id: JobID) async throws -> Job? {
        try await run {
            try await self.pool.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT \(SQLiteJobRow.columns) FROM stratus_jobs WHERE id = ?", arguments: [id.rawValue]
                ).map(SQLiteJobRow.job)
            }
        }
    }

    public func jobs(_ query: JobQuery) async throws -> JobPage {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let project = query.projectID {
            conditions.append("project_id = ?")
            arguments += [project]
        }
        if let ids = query.ids {
            if ids.isEmpty { return JobPage(jobs: [], total: 0) }
            conditions.append("id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))")
            arguments += StatementArguments(ids.map(\.rawValue))
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return JobPage(jobs: [], total: 0) }
            conditions.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ",")))")
            arguments += StatementArguments(statuses.map(\.rawValue).sorted())
        }
        if let action = query.action {
            conditions.append("action = ?")
            arguments += [action]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), 1000)
        let offset = max(query.offset, 0)
        let filterArguments = arguments
        // Synchronous, on a connection of its own (see SQLiteHotReader): an indexed page read is
        // cheaper than two thread hops to GRDB's reader queue and back.
        return try await run {
            try self.hotReader.read { db in
                // Cached statements: the same filter shape gives the same SQL text, prepared once
                // per connection (preparing — and GRDB's authorizer — cost more than the read).
                // A cursor: each row is read in place, not copied first.
                let rows = try Row.fetchCursor(
                    db.cachedStatement(sql: """
                        SELECT \(SQLiteJobRow.columns) FROM stratus_jobs \(filter)
                        ORDER BY created DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                        """),
                    arguments: filterArguments)
                let jobs = try Array(rows.map(SQLiteJobRow.job))
                // Same transaction, so the count and the page agree.
                let total = try JobPage.impliedTotal(rows: jobs.count, limit: limit, offset: offset) ?? Int.fetchOne(
                    db.cachedStatement(sql: "SELECT count(*) FROM stratus_jobs \(filter)"), arguments: filterArguments) ?? 0
                return JobPage(jobs: jobs, total: total)
            }
        }
    }

    public func nextDue() async throws -> Date? {
        try await run {
            try await self.pool.read { db in
                let pending = try Int64.fetchOne(
                    db, sql: "SELECT min(run_at) FROM stratus_jobs WHERE status = 'pending'")
                let running = try Int64.fetchOne(
                    db, sql: "SELECT min(lease_expires) FROM stratus_jobs WHERE status = 'running'")
                return [pending, running].compactMap { $0 }.min().map(JobTime.date)
            }
        }
    }

    public func counts() async throws -> [JobStatus: Int] {
        try await run {
            try await self.pool.read { db in
                var counts: [JobStatus: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM stratus_jobs GROUP BY status") {
                    if let status = JobStatus(rawValue: row["status"]) { counts[status] = row["n"] }
                }
                return counts
            }
        }
    }

    /// Runs database work, turning GRDB's errors into ``JobStoreError``s.
    private func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as JobStoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw JobStoreError(.unavailable, "SQLite: \(Self.describe(error))")
        }
    }

    private static func existing(for job: NewJob, in db: Database) throws -> Job {
        guard let key = job.idempotencyKey else {
            throw JobStoreError(.invalidJob, "job id \(job.id) already exists")
        }
        guard let row = try Row.fetchOne(
            db,
            sql: "SELECT \(SQLiteJobRow.columns) FROM stratus_jobs WHERE project_id = ? AND idempotency_key = ?",
            arguments: [job.projectID, key])
        else { throw JobStoreError(.unavailable, "idempotency key \(key) conflicted but no row holds it") }
        let existing = try SQLiteJobRow.job(row)
        guard existing.action == job.action, existing.params == job.params else {
            throw JobStoreError(
                .idempotencyConflict,
                "idempotency key \(key) was already used for a different request (job \(existing.id), action \(existing.action))")
        }
        return existing
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "\(error.resultCode) \(error.message ?? "")"
        }
        return String(describing: error)
    }
}

