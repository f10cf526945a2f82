import Foundation
import Logging
import PostgresNIO
import StratusJobs
import StratusService
import Testing

/// The stores the service-store conformance suite runs against. PostgreSQL needs
/// `STRATUS_POSTGRES_URL` (`bash .ci/run` sets it); without it the PostgreSQL cases are not
/// generated (none is reported as passed) and ``PostgresServiceCasesTests`` shows as skipped.
enum ServiceStoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["STRATUS_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The stores that can run here: SQLite always, PostgreSQL when `STRATUS_POSTGRES_URL` is set.
    static var configured: [ServiceStoreKind] { postgresURL == nil ? [.sqlite] : allCases }
}

/// Makes the absence of PostgreSQL visible: skipped (with the reason) when the PostgreSQL cases of
/// the service-store suite are not generated.
@Suite("PostgreSQL service-store cases")
struct PostgresServiceCasesTests {
    @Test("run against PostgreSQL", .enabled(if: ServiceStoreKind.postgresURL != nil, PostgresServiceTestDatabase.skipReason))
    func generated() {
        #expect(ServiceStoreKind.configured.contains(.postgres))
    }
}

/// Runs `body` with a fresh, migrated store of `kind` (a new SQLite file, or a new PostgreSQL
/// schema dropped afterwards), or records why it cannot and returns.
func withFreshServiceStore(
    _ kind: ServiceStoreKind, _ body: @Sendable (any ServiceStore) async throws -> Void
) async throws {
    switch kind {
    case .sqlite:
        let path = NSTemporaryDirectory() + "stratus-service-store-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteServiceStore(path: path)
        try await store.migrate()
        try await body(store)
    case .postgres:
        guard ServiceStoreKind.postgresURL != nil else {
            Issue.record("a PostgreSQL case ran without STRATUS_POSTGRES_URL: use ServiceStoreKind.configured for arguments")
            return
        }
        try await PostgresServiceTestDatabase.withStore { store in try await body(store) }
    }
}

/// The PostgreSQL server `.ci/run` starts, and fresh schemas on it.
enum PostgresServiceTestDatabase {
    static var url: String? { ServiceStoreKind.postgresURL }
    static var isConfigured: Bool { url != nil }
    static let skipReason: Comment = "no PostgreSQL: set STRATUS_POSTGRES_URL (bash .ci/run does)"

    static let logger: Logger = {
        var logger = Logger(label: "stratus.tests.service.postgres")
        logger.logLevel = .warning
        return logger
    }()

    /// A configuration for ``url`` with a schema of its own, so parallel tests never share a table.
    static func configuration() throws -> PostgresJobStore.Configuration {
        var configuration = try PostgresJobStore.Configuration(url: url ?? "")
        configuration.schema = "stratus_svc_test_" + UUID().uuidString.prefix(12).lowercased()
            .replacingOccurrences(of: "-", with: "")
        // Small pools: dozens of tests run at once against one server (max_connections).
        configuration.options.maximumConnections = 8
        return configuration
    }

    /// Runs `body` with a (by default migrated) service store on a fresh schema, then drops it.
    static func withStore<R: Sendable>(
        _ configuration: PostgresJobStore.Configuration? = nil, migrate: Bool = true,
        _ body: (PostgresServiceStore) async throws -> R
    ) async throws -> R {
        let configuration = try configuration ?? self.configuration()
        return try await PostgresServiceStore.withStore(configuration: configuration, logger: logger) { store in
            do {
                if migrate { try await store.migrate() }
                let result = try await body(store)
                try await dropSchema(store)
                return result
            } catch {
                try? await dropSchema(store)
                throw error
            }
        }
    }

    static func dropSchema(_ store: PostgresServiceStore) async throws {
        guard let schema = store.jobStore.configuration.schema else { return }
        try await store.jobStore.client.withConnection { connection in
            try await connection.run(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        }
    }
}

/// A fixed start time (whole seconds, so microsecond storage round-trips exactly).
let serviceEpoch = Date(timeIntervalSince1970: 1_800_000_000)

/// Expects `body` to throw an ``APIError`` with `code`; returns it for further checks.
@discardableResult
func expectAPIError(
    _ code: APIErrorCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async -> APIError? {
    let error = await #expect(throws: APIError.self, sourceLocation: sourceLocation) { try await body() }
    #expect(error?.code == code, "got \(error.map { "\($0)" } ?? "no APIError")", sourceLocation: sourceLocation)
    return error
}

/// A resource row with defaults the suite doesn't care about.
func resourceRow(
    _ id: String, project: String = "p1", kind: String = "instance", status: String = "active", size: Int = 0,
    created: Date = serviceEpoch
) -> ResourceRow {
    ResourceRow(
        id: id, projectID: project, kind: kind, status: status, name: "name-\(id)", size: size, created: created,
        updated: created)
}
