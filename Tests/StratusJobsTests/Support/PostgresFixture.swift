import Foundation
import StratusJobs

/// A migrated PostgreSQL store on a schema of its own (dropped afterwards).
func withFreshPostgresStore(_ body: @Sendable (any JobStore) async throws -> Void) async throws {
    try await PostgresTestDatabase.withStore { store in try await body(store) }
}

/// Like ``withFreshPostgresStore(_:)``, also passing `--postgres URL` (with the same schema) for a
/// worker in another process.
func withFreshPostgresStoreAndArguments(_ body: @Sendable (any JobStore, [String]) async throws -> Void) async throws {
    let configuration = try PostgresTestDatabase.configuration()
    let base = try try_require_url(StoreKind.postgresURL)
    let separator = base.contains("?") ? "&" : "?"
    let url = base + separator + "schema=" + (configuration.schema ?? "")
    try await PostgresTestDatabase.withStore(configuration) { store in
        try await body(store, ["--postgres", url])
    }
}

private func try_require_url(_ url: String?) throws -> String {
    guard let url else { throw JobStoreError(.configuration, "STRATUS_POSTGRES_URL is not set") }
    return url
}
