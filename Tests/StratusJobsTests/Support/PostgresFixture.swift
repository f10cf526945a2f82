import StratusJobs

/// Placeholder until the PostgreSQL store lands: reports that the case cannot run.
func withFreshPostgresStore(_ body: @Sendable (any JobStore) async throws -> Void) async throws {
    print("skipped (postgres): PostgresJobStore not built yet")
}

/// Placeholder until the PostgreSQL store lands.
func withFreshPostgresStoreAndArguments(_ body: @Sendable (any JobStore, [String]) async throws -> Void) async throws {
    print("skipped (postgres): PostgresJobStore not built yet")
}
