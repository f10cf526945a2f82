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
    /// For PostgreSQL: where ``migrate()`` connects (the stores' pool runs only once the service
    /// group does, after migrating).
    var postgres: PostgresJobStore.Configuration?
    var logger: Logger

    static func open(_ database: String, logger: Logger) async throws -> StoreSelection {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            // One pool for both stores: the job store owns it (and runs it as a service), the
            // service store borrows it.
            let configuration = try PostgresJobStore.Configuration(url: database)
            let jobs = PostgresJobStore(configuration: configuration, logger: logger)
            return StoreSelection(
                jobs: jobs, service: PostgresServiceStore(sharing: jobs), services: [jobs], postgres: configuration,
                logger: logger)
        }
        let path = database.hasPrefix("sqlite:") ? String(database.dropFirst("sqlite:".count)) : database
        return StoreSelection(
            jobs: try SQLiteJobStore(path: path), service: try SQLiteServiceStore(path: path), services: [],
            postgres: nil, logger: logger)
    }

    /// Applies both stores' migrations. For PostgreSQL this runs a short-lived pool of its own
    /// (the stores' pool hands out connections only while its service runs); several processes
    /// may migrate at once (an advisory lock serialises them).
    func migrate() async throws {
        if let postgres {
            try await PostgresServiceStore.withStore(configuration: postgres, logger: logger) { service in
                try await service.jobStore.migrate()
                try await service.migrate()
            }
            return
        }
        try await jobs.migrate()
        try await service.migrate()
    }
}
