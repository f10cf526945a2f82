import Foundation
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Keeps one pooled connection LISTENing on ``channel`` and signals ``wakeups`` on each
    /// notification for this store's queue. When the connection fails (PostgreSQL restarted, the
    /// network dropped) it logs a warning, waits (doubling backoff) and listens again; after every
    /// (re)start it signals once, since notifications sent while it was away are lost. Returns
    /// only when the task is cancelled.
    func listen() async {
        var backoff = configuration.listenInitialBackoff
        var failures = 0
        while !Task.isCancelled {
            var listening = false
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
                if Task.isCancelled { return }
                // The sequence ended without an error: the connection went away; listen again.
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let description = mapError(error, operation: "listen").message
                self.logger.warning(
                    "job store LISTEN connection failed; retrying",
                    metadata: [
                        "channel": "\(Self.channel)", "error": "\(description)",
                        "retry_in": "\(backoff)", "was_listening": "\(listening)",
                    ])
            }
            if Task.isCancelled { return }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, configuration.listenMaximumBackoff)
        }
    }

    /// `SELECT pg_notify(…)` for this store's queue, as a select-list expression. PostgreSQL
    /// folds identical notifications of one transaction into one and delivers it at commit.
    var notifyExpression: String {
        "pg_notify('\(Self.channel)', '\(channelPayload)')"
    }

    /// Turns any failure into a ``JobStoreError`` (code `.unavailable` unless it is one already),
    /// with PostgreSQL's SQLSTATE and message, and without the password.
    func mapError(_ error: any Error, operation: String) -> JobStoreError {
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
    func redact(_ text: String) -> String {
        guard let password = configuration.password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }
}
