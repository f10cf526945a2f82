import Foundation
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Keeps one pooled connection LISTENing on ``channel`` and signals ``wakeups`` on each
    /// notification for this store's queue. When the connection fails (PostgreSQL restarted, the
    /// network dropped) it waits (doubling backoff), logs a warning and listens again; after every
    /// (re)start it signals once, since notifications sent while it was away are lost. Returns
    /// when the store stops.
    func listen() async {
        var backoff = configuration.listenInitialBackoff
        var failures = 0
        while !isStopping {
            var listening = false
            var failure: (any Error)?
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        listening = true
                        self.listenStarts.add(1, ordering: .relaxed)
                        if failures > 0 {
                            self.logger.notice(
                                "job store LISTEN connection is back",
                                metadata: ["channel": "\(Self.channel)", "failures": "\(failures)"])
                        }
                        failures = 0
                        backoff = self.configuration.listenInitialBackoff
                        // Anything may have happened while no one listened.
                        self.wakeups.signal()
                        for try await notification in notifications {
                            if notification.payload == self.channelPayload || notification.payload.isEmpty {
                                self.wakeups.signal()
                            }
                        }
                    }
                }
                // Without an error the sequence ends only when the connection went away.
            } catch {
                failure = error
            }
            // Wait before deciding: when the store stops, the pool may close this connection a
            // moment before this task sees the cancellation, and that is no failure to report.
            try? await Task.sleep(for: backoff)
            if isStopping { return }
            failures += 1
            let description = failure.map { mapError($0, operation: "listen").message } ?? "connection closed"
            logger.warning(
                "job store LISTEN connection failed; listening again",
                metadata: [
                    "channel": "\(Self.channel)", "error": "\(description)", "after": "\(backoff)",
                    "was_listening": "\(listening)",
                ])
            backoff = min(backoff * 2, configuration.listenMaximumBackoff)
        }
    }

    /// Whether the store is shutting down (cancelled, or a graceful shutdown began).
    private var isStopping: Bool {
        Task.isCancelled || stopping.load(ordering: .relaxed)
    }

    /// `SELECT pg_notify(…)` for this store's queue, as a select-list expression. PostgreSQL
    /// folds identical notifications of one transaction into one and delivers it at commit.
    var notifyExpression: String {
        "pg_notify('\(Self.channel)', \(PostgresSchemaName.literal(channelPayload)))"
    }

    /// Turns any failure into a ``JobStoreError`` (code `.unavailable` unless it is one already),
    /// with PostgreSQL's SQLSTATE and message, and without the password.
    package func mapError(_ error: any Error, operation: String) -> JobStoreError {
        if let error = error as? JobStoreError { return error }
        let detail: String
        switch error {
        case let error as PSQLError:
            if let server = error.serverInfo {
                let state = server[.sqlState] ?? "?????"
                if state == "23505", server[.constraintName] == "stratus_jobs_pkey" {
                    // A job id that exists already (enqueue): the caller's mistake, not an outage.
                    return JobStoreError(.invalidJob, redact("job id already exists (\(server[.detail] ?? "duplicate id"))"))
                }
                detail = "SQLSTATE \(state): \(server[.message] ?? "no message")"
            } else if let underlying = error.underlying {
                detail = "\(error.code.description): \(String(describing: underlying))"
            } else {
                detail = error.code.description
            }
        // The pool's ConnectionPoolError lives in a module PostgresNIO does not export.
        case _ where String(describing: error).contains("connectionCreationCircuitBreakerTripped"):
            detail = "no connection could be opened for a minute (server down, or wrong credentials: "
                + "checkConnection() tells which)"
        case let error as PostgresDecodingError:
            detail = "cannot decode column \(error.columnName) (\(error.code.description))"
        case is CancellationError:
            detail = "cancelled"
        default:
            detail = String(describing: error)
        }
        return JobStoreError(.unavailable, redact("PostgreSQL \(operation) failed: \(detail)"))
    }

    /// `text` with the configured password (if any) masked, in case a driver echoed it.
    package func redact(_ text: String) -> String {
        guard let password = configuration.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}
