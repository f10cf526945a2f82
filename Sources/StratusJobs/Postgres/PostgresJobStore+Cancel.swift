import Foundation
import PostgresNIO

extension PostgresJobStore {
    public func cancel(_ id: JobID, reason: String, now: Date) async throws -> Job {
        let update = PostgresQuery(unsafeSQL: """
            UPDATE \(jobsTable) SET status = 'error', error = $2, updated = $3
            WHERE id = $1 AND status = 'pending'
            RETURNING \(PostgresJobRow.columns)
            """, binds: Self.binds(id.rawValue, reason, PostgresTime.micros(now)))
        return try await perform("cancel") { connection -> Job in
            if let row = try await connection.query(update, logger: self.logger).collect().first {
                return try PostgresJobRow.job(row)
            }
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT status FROM \(self.jobsTable) WHERE id = $1", binds: Self.binds(id.rawValue)),
                logger: self.logger
            ).collect()
            guard let status = try rows.first?.decode(String.self) else { throw JobStoreError(.notFound, "no job \(id)") }
            throw JobStoreError(.wrongState, "job \(id) is \(status); only a pending job can be cancelled")
        }
    }
}
