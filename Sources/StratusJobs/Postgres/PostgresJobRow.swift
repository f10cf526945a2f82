import Foundation
import PostgresNIO

/// How a `stratus_jobs` row is read: the column list every query selects, and its decoding.
enum PostgresJobRow {
    /// The columns in the order ``job(_:)`` decodes them.
    static let columns = """
        id, project_id, action, status, error, result, params, checkpoint, idempotency_key, context_id, \
        created, updated, run_at, try_period, try_max, trys, lease_owner, lease_expires
        """

    /// The same columns qualified with a table alias (for `UPDATE … FROM … RETURNING`).
    static func columns(_ alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespaces))" }
            .joined(separator: ", ")
    }

    /// Decodes a row selected with ``columns``.
    static func job(_ row: PostgresRow) throws -> Job {
        let cells = row.makeRandomAccess()
        guard cells.count >= 18 else {
            throw JobStoreError(.unavailable, "PostgreSQL returned \(cells.count) columns for a job, expected 18")
        }
        let statusText = try cells[3].decode(String.self)
        guard let status = JobStatus(rawValue: statusText) else {
            throw JobStoreError(.unavailable, "job row has an unknown status \(statusText.prefix(20))")
        }
        return Job(
            id: JobID(rawValue: try cells[0].decode(String.self)),
            projectID: try cells[1].decode(String.self),
            action: try cells[2].decode(String.self),
            status: status,
            error: try cells[4].decode(String?.self),
            result: try cells[5].decode(String?.self).map { Array($0.utf8) },
            params: Array(try cells[6].decode(String.self).utf8),
            checkpoint: try cells[7].decode(String?.self).map { Array($0.utf8) },
            idempotencyKey: try cells[8].decode(String?.self),
            contextID: try cells[9].decode(String?.self),
            created: PostgresTime.date(try cells[10].decode(Int64.self)),
            updated: PostgresTime.date(try cells[11].decode(Int64.self)),
            runAt: PostgresTime.date(try cells[12].decode(Int64.self)),
            tryPeriod: .microseconds(try cells[13].decode(Int64.self)),
            tryMax: Int(try cells[14].decode(Int32.self)),
            trys: Int(try cells[15].decode(Int32.self)),
            leaseOwner: try cells[16].decode(String?.self),
            leaseExpires: try cells[17].decode(Int64?.self).map(PostgresTime.date))
    }
}

/// The stores' time convention: whole microseconds since the Unix epoch in `int8` columns.
enum PostgresTime {
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

extension String {
    /// JSON bytes as text for a `text` column (they are UTF-8 by construction).
    init(postgresJSON bytes: [UInt8]) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}
