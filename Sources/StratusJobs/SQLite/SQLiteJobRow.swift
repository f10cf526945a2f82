import GRDB

/// Reads a `stratus_jobs` row into a ``Job``.
enum SQLiteJobRow {
    static let columns = """
        id, project_id, action, status, error, result, params, checkpoint, idempotency_key, context_id, \
        created, updated, run_at, try_period, try_max, trys, lease_owner, lease_expires
        """

    static func job(_ row: Row) throws -> Job {
        let statusText: String = row["status"]
        guard let status = JobStatus(rawValue: statusText) else {
            throw JobStoreError(.unavailable, "stored job has unknown status \(statusText)")
        }
        let result: String? = row["result"]
        let params: String = row["params"]
        let checkpoint: String? = row["checkpoint"]
        let leaseExpires: Int64? = row["lease_expires"]
        return Job(
            id: JobID(rawValue: row["id"]),
            projectID: row["project_id"],
            action: row["action"],
            status: status,
            error: row["error"],
            result: result.map { Array($0.utf8) },
            params: Array(params.utf8),
            checkpoint: checkpoint.map { Array($0.utf8) },
            idempotencyKey: row["idempotency_key"],
            contextID: row["context_id"],
            created: JobTime.date(row["created"]),
            updated: JobTime.date(row["updated"]),
            runAt: JobTime.date(row["run_at"]),
            tryPeriod: JobTime.duration(row["try_period"]),
            tryMax: row["try_max"],
            trys: row["trys"],
            leaseOwner: row["lease_owner"],
            leaseExpires: leaseExpires.map(JobTime.date))
    }
}

extension String {
    /// JSON bytes as column text (they are UTF-8 by construction: `JobJSON` checked them).
    init(jsonBytes: [UInt8]) {
        self = String(decoding: jsonBytes, as: UTF8.self)
    }
}
