import Foundation
import Logging
import PostgresNIO
import StratusJobs

// Idempotency keys: reserve, replay, abandon, and take over stale reservations.
extension PostgresServiceStore {
    /// Reserves `key` in `scope` (`INSERT … ON CONFLICT DO NOTHING`), or reads what became of the
    /// earlier request with that key: a different `fingerprint` is a mismatch, a finished one is
    /// replayed, an unfinished one is in progress unless it is older than
    /// ``IdempotencyPolicy/staleAfter``, in which case this request takes it over (one
    /// conditional UPDATE, so of two concurrent retries only one gets it).
    public func beginIdempotent(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyState {
        let nowMicros = JobTime.micros(now)
        let staleBefore = nowMicros - JobTime.micros(IdempotencyPolicy.staleAfter)
        return try await perform("beginIdempotent") { connection in
            // Each statement commits on its own; a reservation abandoned or taken over between
            // them sends us round again (a few times at most; then the key is simply busy).
            for _ in 0..<5 {
                let inserted = try await Self.rows(
                    connection,
                    """
                    INSERT INTO \(self.idempotencyTable) (scope, key, fingerprint, created) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (scope, key) DO NOTHING RETURNING 1
                    """,
                    PostgresJobStore.binds(scope, key, fingerprint, nowMicros), logger: self.logger)
                if !inserted.isEmpty { return .reserved }
                guard let row = try await Self.rows(
                    connection,
                    "SELECT fingerprint, status, body, created FROM \(self.idempotencyTable) WHERE scope = $1 AND key = $2",
                    PostgresJobStore.binds(scope, key), logger: self.logger
                ).first else { continue }
                let (stored, status, body, created) = try row.decode((String, Int32?, Data?, Int64).self)
                guard stored == fingerprint else { return .mismatch }
                if let status { return .completed(status: Int(status), body: Array(body ?? Data())) }
                // A reservation nobody finished within the staleness limit belonged to a process
                // that died mid-request: the retry takes it over.
                guard created < staleBefore else { return .inProgress }
                let taken = try await Self.rows(
                    connection,
                    """
                    UPDATE \(self.idempotencyTable) SET created = $1
                    WHERE scope = $2 AND key = $3 AND status IS NULL AND created < $4 RETURNING 1
                    """,
                    PostgresJobStore.binds(nowMicros, scope, key, staleBefore), logger: self.logger)
                if !taken.isEmpty { return .reserved }
            }
            return .inProgress
        }
    }

    /// Stores the answer to replay for `key` in `scope`.
    public func finishIdempotent(scope: String, key: String, status: Int, body: [UInt8], now: Date) async throws {
        var binds = PostgresBindings(capacity: 4)
        binds.append(Int32(clamping: status))
        try binds.append(Data(body))
        binds.append(scope)
        binds.append(key)
        let frozen = binds
        try await perform("finishIdempotent") { connection in
            _ = try await Self.rows(
                connection, "UPDATE \(self.idempotencyTable) SET status = $1, body = $2 WHERE scope = $3 AND key = $4",
                frozen, logger: self.logger)
        }
    }

    /// Forgets the reservation of `key` in `scope` if it is unfinished (a retry may then run).
    public func abandonIdempotent(scope: String, key: String) async throws {
        try await perform("abandonIdempotent") { connection in
            _ = try await Self.rows(
                connection, "DELETE FROM \(self.idempotencyTable) WHERE scope = $1 AND key = $2 AND status IS NULL",
                PostgresJobStore.binds(scope, key), logger: self.logger)
        }
    }
}
