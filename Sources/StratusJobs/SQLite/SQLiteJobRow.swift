import GRDB

/// Reads a `stratus_jobs` row into a ``Job``.
enum SQLiteJobRow {
    /// The selected columns, in order: rows are read by position (GRDB's by-name lookup lower-cases
    /// the name on every access, which showed in the `DescribeJobs` profile).
    enum Column: Int, CaseIterable {
        case id, projectID, action, status, error, result, params, checkpoint, idempotencyKey, contextID
        case created, updated, runAt, tryPeriod, tryMax, trys, leaseOwner, leaseExpires

        var name: String {
            switch self {
            case .id: "id"
            case .projectID: "project_id"
            case .action: "action"
            case .status: "status"
            case .error: "error"
            case .result: "result"
            case .params: "params"
            case .checkpoint: "checkpoint"
            case .idempotencyKey: "idempotency_key"
            case .contextID: "context_id"
            case .created: "created"
            case .updated: "updated"
            case .runAt: "run_at"
            case .tryPeriod: "try_period"
            case .tryMax: "try_max"
            case .trys: "trys"
            case .leaseOwner: "lease_owner"
            case .leaseExpires: "lease_expires"
            }
        }
    }

    /// Every query that reads jobs selects exactly this list.
    static let columns = Column.allCases.map(\.name).joined(separator: ", ")

    static func job(_ row: Row) throws -> Job {
        func value<T: DatabaseValueConvertible & StatementColumnConvertible>(_ column: Column) -> T { row[column.rawValue] }
        func optional<T: DatabaseValueConvertible & StatementColumnConvertible>(_ column: Column) -> T? { row[column.rawValue] }
        let statusText: String = value(.status)
        guard let status = JobStatus(rawValue: statusText) else {
            throw JobStoreError(.unavailable, "stored job has unknown status \(statusText)")
        }
        let result: String? = optional(.result)
        let params: String = value(.params)
        let checkpoint: String? = optional(.checkpoint)
        let leaseExpires: Int64? = optional(.leaseExpires)
        return Job(
            id: JobID(rawValue: value(.id)),
            projectID: value(.projectID),
            action: value(.action),
            status: status,
            error: optional(.error),
            result: result.map { Array($0.utf8) },
            params: Array(params.utf8),
            checkpoint: checkpoint.map { Array($0.utf8) },
            idempotencyKey: optional(.idempotencyKey),
            contextID: optional(.contextID),
            created: JobTime.date(value(.created)),
            updated: JobTime.date(value(.updated)),
            runAt: JobTime.date(value(.runAt)),
            tryPeriod: JobTime.duration(value(.tryPeriod)),
            tryMax: value(.tryMax),
            trys: value(.trys),
            leaseOwner: optional(.leaseOwner),
            leaseExpires: leaseExpires.map(JobTime.date))
    }
}

extension String {
    /// JSON bytes as column text (they are UTF-8 by construction: `JobJSON` checked them).
    init(jsonBytes: [UInt8]) {
        self = String(decoding: jsonBytes, as: UTF8.self)
    }
}
