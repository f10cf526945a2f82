import Foundation
import PostgresNIO

extension PostgresJobStore {
    public func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueueOutcome] {
        for job in jobs { try job.validate() }
        guard !jobs.isEmpty else { return [] }
        let nowMicros = PostgresTime.micros(now)

        // One INSERT for the whole batch, from arrays (nullable columns get a flag array, since
        // PostgresNIO encodes no NULL array elements).
        var binds = PostgresBindings(capacity: 12)
        binds.append(jobs.map(\.id.rawValue))
        binds.append(jobs.map(\.projectID))
        binds.append(jobs.map(\.action))
        binds.append(jobs.map { String(postgresJSON: $0.params) })
        binds.append(jobs.map { $0.idempotencyKey ?? "" })
        binds.append(jobs.map { $0.idempotencyKey != nil })
        binds.append(jobs.map { $0.contextID ?? "" })
        binds.append(jobs.map { $0.contextID != nil })
        binds.append(jobs.map { $0.runAt.map(PostgresTime.micros) ?? nowMicros })
        binds.append(jobs.map { PostgresTime.micros($0.tryPeriod) })
        binds.append(jobs.map { Int32($0.tryMax) })
        binds.append(nowMicros)
        let insert = PostgresQuery(unsafeSQL: """
            WITH inserted AS (
                INSERT INTO \(jobsTable) (id, project_id, action, status, params, idempotency_key, context_id,
                    created, updated, run_at, try_period, try_max, trys)
                SELECT n.id, n.project_id, n.action, 'pending', n.params,
                    CASE WHEN n.has_key THEN n.key END, CASE WHEN n.has_context THEN n.context END,
                    $12, $12, n.run_at, n.try_period, n.try_max, 0
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[],
                    $8::bool[], $9::int8[], $10::int8[], $11::int4[])
                    WITH ORDINALITY AS n(id, project_id, action, params, key, has_key, context, has_context,
                        run_at, try_period, try_max, ord)
                ORDER BY n.ord
                ON CONFLICT (project_id, idempotency_key) DO NOTHING
                RETURNING id
            )
            SELECT id, \(notifyExpression)::text FROM inserted
            """, binds: binds)

        let keyed = jobs.contains { $0.idempotencyKey != nil }
        let outcomes: [EnqueueOutcome] = try await perform("enqueue") { connection in
            if !keyed {
                // Nothing can conflict but a primary key, which fails the one statement: atomic.
                let inserted = try await Self.insertedIDs(connection.query(insert, logger: self.logger))
                return try Self.outcomes(jobs, inserted: inserted, existing: [:], nowMicros: nowMicros)
            }
            return try await Self.transaction(on: connection, logger: self.logger) { connection in
                let inserted = try await Self.insertedIDs(connection.query(insert, logger: self.logger))
                var existing: [ExistingKey: Job] = [:]
                let skipped = jobs.filter { !inserted.contains($0.id.rawValue) }
                if !skipped.isEmpty {
                    let rows = try await connection.query(
                        PostgresQuery(unsafeSQL: """
                            SELECT \(PostgresJobRow.columns) FROM \(self.jobsTable)
                            WHERE (project_id, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                            """, binds: Self.binds(skipped.map(\.projectID), skipped.map { $0.idempotencyKey ?? "" })),
                        logger: self.logger
                    ).collect()
                    for row in rows {
                        let job = try PostgresJobRow.job(row)
                        existing[ExistingKey(projectID: job.projectID, key: job.idempotencyKey ?? "")] = job
                    }
                }
                // Throws (and so rolls back the whole batch) on a conflict.
                return try Self.outcomes(jobs, inserted: inserted, existing: existing, nowMicros: nowMicros)
            }
        }
        if outcomes.contains(where: { if case .created = $0 { true } else { false } }) { wakeLocally() }
        return outcomes
    }

    /// A (project, idempotency key) pair.
    struct ExistingKey: Hashable {
        var projectID: String
        var key: String
    }

    private static func insertedIDs(_ rows: PostgresRowSequence) async throws -> Set<String> {
        var ids: Set<String> = []
        for try await row in rows { ids.insert(try row.makeRandomAccess()[0].decode(String.self)) }
        return ids
    }

    /// Each job's outcome: the row just written, or the existing one its key names (same action
    /// and params) — anything else is an error.
    private static func outcomes(
        _ jobs: [NewJob], inserted: Set<String>, existing: [ExistingKey: Job], nowMicros: Int64
    ) throws -> [EnqueueOutcome] {
        var created: Set<String> = []
        return try jobs.map { job in
            if inserted.contains(job.id.rawValue), created.insert(job.id.rawValue).inserted {
                let now = PostgresTime.date(nowMicros)
                return .created(Job(
                    id: job.id, projectID: job.projectID, action: job.action, status: .pending,
                    params: job.params, idempotencyKey: job.idempotencyKey, contextID: job.contextID,
                    created: now, updated: now,
                    runAt: PostgresTime.date(job.runAt.map(PostgresTime.micros) ?? nowMicros),
                    tryPeriod: .microseconds(PostgresTime.micros(job.tryPeriod)), tryMax: job.tryMax, trys: 0))
            }
            guard let key = job.idempotencyKey else {
                throw JobStoreError(.invalidJob, "job id \(job.id) already exists")
            }
            guard let row = existing[ExistingKey(projectID: job.projectID, key: key)] else {
                throw JobStoreError(.invalidJob, "job id \(job.id) already exists")
            }
            guard row.action == job.action, row.params == job.params else {
                throw JobStoreError(
                    .idempotencyConflict,
                    "idempotency key \(key) was already used for a different request (job \(row.id), action \(row.action))")
            }
            return .existing(row)
        }
    }
}
