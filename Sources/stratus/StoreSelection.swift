import Foundation
import Logging
import ServiceLifecycle
import StratusJobs
import StratusService

/// The stores `serve` and `worker` use, chosen by `--database`: a SQLite file path (the
/// default) or a `postgres://` URL.
struct StoreSelection {
    var jobs: any JobStore
    var service: any ServiceStore
    /// Services that must run for the stores to work (e.g. a PostgreSQL connection pool).
    var services: [any Service]

    static func open(_ database: String, logger: Logger) async throws -> StoreSelection {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            throw ValidationErrorMessage("PostgreSQL for the gateway's own tables is not available in this build yet; use a SQLite path")
        }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        return StoreSelection(
            jobs: try SQLiteJobStore(path: path), service: try SQLiteServiceStore(path: path), services: [])
    }

    func migrate() async throws {
        try await jobs.migrate()
        try await service.migrate()
    }
}

/// A one-line error for the person at the terminal.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
