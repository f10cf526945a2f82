import Foundation
import PostgresNIO

extension PostgresJobStore {
    public func claim(limit: Int, owner: String, lease: Duration, now: Date) async throws -> [Job] {
        guard limit > 0 else { return [] }
        let nowMicros = PostgresTime.micros(now)
        let expires = nowMicros + PostgresTime.micros(lease)
        // Each arm walks its partial index (due pending jobs, expired leases); FOR UPDATE SKIP
        // LOCKED makes concurrent claimers take disjoint rows (a row another transaction changed
        // meanwhile is re-checked against the arm's WHERE before it is locked). Like SQLite's, the
        // order is by when each job became claimable. One statement, so no explicit transaction.
        let query = PostgresQuery(unsafeSQL: """
            WITH due AS (
                SELECT * FROM (
                    SELECT id, run_at AS due FROM \(jobsTable)
                    WHERE status = 'pending' AND run_at <= $1
                    ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED) AS pending
                UNION ALL
                SELECT * FROM (
                    SELECT id, lease_expires AS due FROM \(jobsTable)
                    WHERE status = 'running' AND lease_expires <= $1
                    ORDER BY lease_expires LIMIT $2 FOR UPDATE SKIP LOCKED) AS expired
            ), picked AS (
                SELECT id FROM due ORDER BY due LIMIT $2
            )
            UPDATE \(jobsTable) AS j
            SET status = 'running', lease_owner = $3, lease_expires = $4, trys = j.trys + 1, updated = $1
            FROM picked WHERE j.id = picked.id
            RETURNING \(PostgresJobRow.columns("j"))
            """, binds: Self.binds(nowMicros, Int64(limit), owner, expires))
        return try await perform("claim") { connection in
            try await connection.query(query, logger: self.logger).collect().map(PostgresJobRow.job)
        }.sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
    }

    public func renew(_ leases: [JobLease], until: Date, now: Date) async throws -> Set<JobID> {
        guard !leases.isEmpty else { return [] }
        let sorted = leases.sorted { $0.jobID < $1.jobID }
        let query = PostgresQuery(unsafeSQL: """
            UPDATE \(jobsTable) AS j SET lease_expires = $4, updated = $5
            FROM unnest($1::text[], $2::text[], $3::int4[]) AS l(id, owner, attempt)
            WHERE j.id = l.id AND j.status = 'running' AND j.lease_owner = l.owner AND j.trys = l.attempt
            RETURNING j.id
            """, binds: Self.leaseBinds(sorted, PostgresTime.micros(until), PostgresTime.micros(now)))
        return try await perform("renew") { connection in
            try await Self.ids(connection.query(query, logger: self.logger))
        }
    }

    public func complete(_ completions: [JobCompletion], now: Date) async throws -> Set<JobID> {
        guard !completions.isEmpty else { return [] }
        let sorted = completions.sorted { $0.lease.jobID < $1.lease.jobID }
        var statuses: [String] = []
        var results: [String] = []
        var hasResults: [Bool] = []
        var errors: [String] = []
        var runAts: [Int64] = []
        var anyRetry = false
        for completion in sorted {
            switch completion.outcome {
            case .finished(let result):
                statuses.append(JobStatus.finished.rawValue)
                results.append(result.map { String(postgresJSON: $0) } ?? "")
                hasResults.append(result != nil)
                errors.append("")
                runAts.append(-1)
            case .retry(let error, let retryAt):
                anyRetry = true
                statuses.append(JobStatus.pending.rawValue)
                results.append("")
                hasResults.append(false)
                errors.append(error)
                runAts.append(PostgresTime.micros(retryAt))
            case .failed(let error):
                statuses.append(JobStatus.error.rawValue)
                results.append("")
                hasResults.append(false)
                errors.append(error)
                runAts.append(-1)
            }
        }
        var binds = PostgresBindings(capacity: 9)
        binds.append(sorted.map(\.lease.jobID.rawValue))
        binds.append(sorted.map(\.lease.owner))
        binds.append(sorted.map { Int32(clamping: $0.lease.attempt) })
        binds.append(statuses)
        binds.append(results)
        binds.append(hasResults)
        binds.append(errors)
        binds.append(runAts)
        binds.append(PostgresTime.micros(now))
        // The whole batch in one statement, one round trip: finished → result, no error;
        // retry → pending at retryAt with the error; failed → error. Every outcome clears the lease.
        let query = PostgresQuery(unsafeSQL: """
            UPDATE \(jobsTable) AS j
            SET status = c.status,
                result = CASE WHEN c.has_result THEN c.result END,
                error = CASE WHEN c.status = 'finished' THEN NULL ELSE c.error END,
                run_at = CASE WHEN c.status = 'pending' THEN c.run_at ELSE j.run_at END,
                lease_owner = NULL, lease_expires = NULL, updated = $9
            FROM unnest($1::text[], $2::text[], $3::int4[], $4::text[], $5::text[], $6::bool[], $7::text[],
                $8::int8[]) AS c(id, owner, attempt, status, result, has_result, error, run_at)
            WHERE j.id = c.id AND j.status = 'running' AND j.lease_owner = c.owner AND j.trys = c.attempt
            RETURNING j.id
            """, binds: binds)
        let applied = try await perform("complete") { connection in
            try await Self.ids(connection.query(query, logger: self.logger))
        }
        if anyRetry { wakeLocally() }
        return applied
    }

    public func checkpoint(_ lease: JobLease, data: [UInt8], now: Date) async throws -> Bool {
        guard JobJSON.isJSON(data) else { throw JobStoreError(.invalidJob, "checkpoint must be JSON") }
        let query = PostgresQuery(unsafeSQL: """
            UPDATE \(jobsTable) SET checkpoint = $1, updated = $2
            WHERE id = $3 AND status = 'running' AND lease_owner = $4 AND trys = $5
            RETURNING id
            """, binds: Self.binds(
                String(postgresJSON: data), PostgresTime.micros(now), lease.jobID.rawValue, lease.owner,
                Int32(clamping: lease.attempt)))
        return try await perform("checkpoint") { connection in
            try await !Self.ids(connection.query(query, logger: self.logger)).isEmpty
        }
    }

    public func release(_ leases: [JobLease], now: Date) async throws -> Set<JobID> {
        guard !leases.isEmpty else { return [] }
        let sorted = leases.sorted { $0.jobID < $1.jobID }
        let nowMicros = PostgresTime.micros(now)
        let query = PostgresQuery(unsafeSQL: """
            WITH released AS (
                UPDATE \(jobsTable) AS j
                SET status = 'pending', run_at = $4, updated = $5, trys = j.trys - 1,
                    lease_owner = NULL, lease_expires = NULL
                FROM unnest($1::text[], $2::text[], $3::int4[]) AS l(id, owner, attempt)
                WHERE j.id = l.id AND j.status = 'running' AND j.lease_owner = l.owner AND j.trys = l.attempt
                RETURNING j.id
            )
            SELECT id, \(notifyExpression)::text FROM released
            """, binds: Self.leaseBinds(sorted, nowMicros, nowMicros))
        let released = try await perform("release") { connection in
            try await Self.ids(connection.query(query, logger: self.logger))
        }
        if !released.isEmpty { wakeLocally() }
        return released
    }

    public func retry(_ id: JobID, now: Date) async throws -> Job {
        let nowMicros = PostgresTime.micros(now)
        let update = PostgresQuery(unsafeSQL: """
            WITH retried AS (
                UPDATE \(jobsTable)
                SET status = 'pending', trys = 0, run_at = $2, updated = $2, lease_owner = NULL, lease_expires = NULL
                WHERE id = $1 AND status = 'error'
                RETURNING \(PostgresJobRow.columns)
            )
            SELECT \(PostgresJobRow.columns), \(notifyExpression)::text FROM retried
            """, binds: Self.binds(id.rawValue, nowMicros))
        let job = try await perform("retry") { connection -> Job in
            if let row = try await connection.query(update, logger: self.logger).collect().first {
                return try PostgresJobRow.job(row)
            }
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT status FROM \(self.jobsTable) WHERE id = $1",
                              binds: Self.binds(id.rawValue)),
                logger: self.logger
            ).collect()
            guard let status = try rows.first?.decode(String.self) else {
                throw JobStoreError(.notFound, "no job \(id)")
            }
            throw JobStoreError(.wrongState, "job \(id) is \(status); only a job in error can be retried")
        }
        wakeLocally()
        return job
    }

    // MARK: - Helpers

    /// `$1` ids, `$2` owners, `$3` attempts, then `extra` as `$4`, `$5`.
    private static func leaseBinds(_ leases: [JobLease], _ extra: Int64...) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 3 + extra.count)
        binds.append(leases.map(\.jobID.rawValue))
        binds.append(leases.map(\.owner))
        binds.append(leases.map { Int32(clamping: $0.attempt) })
        for value in extra { binds.append(value) }
        return binds
    }

    /// The job ids in the first column of `rows`.
    private static func ids(_ rows: PostgresRowSequence) async throws -> Set<JobID> {
        var ids: Set<JobID> = []
        for try await row in rows { ids.insert(JobID(rawValue: try row.makeRandomAccess()[0].decode(String.self))) }
        return ids
    }
}
