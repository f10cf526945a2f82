import Foundation
import StratusJobs
import Testing

/// The stores the conformance suite runs against. PostgreSQL needs `STRATUS_POSTGRES_URL`
/// (`bash .ci/run` sets it); without it the PostgreSQL cases are not generated at all (so none
/// is reported as passed), and ``PostgresCasesTests`` shows as skipped with the reason.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["STRATUS_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The stores that can run here: SQLite always, PostgreSQL when `STRATUS_POSTGRES_URL` is set.
    static var configured: [StoreKind] { postgresURL == nil ? [.sqlite] : allCases }
    static let skipReason: Comment = "no PostgreSQL: set STRATUS_POSTGRES_URL (bash .ci/run does); its store cases are not run"
}

/// Makes the absence of PostgreSQL visible: skipped (with the reason) when the PostgreSQL cases of
/// the job-store suites are not generated, and a check that they are when it is configured.
@Suite("PostgreSQL job-store cases")
struct PostgresCasesTests {
    @Test("run against PostgreSQL", .enabled(if: StoreKind.postgresURL != nil, StoreKind.skipReason))
    func generated() {
        #expect(StoreKind.configured.contains(.postgres))
    }
}

/// A temporary directory removed when the test ends.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "stratus-jobs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` with a fresh, migrated store of `kind` (a new SQLite file, or a new PostgreSQL
/// schema), or records why it cannot and returns.
func withFreshStore(
    _ kind: StoreKind, _ body: @Sendable (any JobStore) async throws -> Void
) async throws {
    switch kind {
    case .sqlite:
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteJobStore(path: directory.path + "/jobs.sqlite")
        try await store.migrate()
        try await body(store)
    case .postgres:
        guard StoreKind.postgresURL != nil else {
            Issue.record("a PostgreSQL case ran without STRATUS_POSTGRES_URL: use StoreKind.configured for arguments")
            return
        }
        try await withFreshPostgresStore(body)
    }
}

/// Like ``withFreshStore(_:_:)``, also passing the command-line arguments that open the same
/// store from another process (`sqliteArguments` for SQLite, `--postgres URL` for PostgreSQL).
func withFreshStore(
    _ kind: StoreKind, storeArguments sqliteArguments: [String],
    _ body: @Sendable (any JobStore, [String]) async throws -> Void
) async throws {
    switch kind {
    case .sqlite:
        guard let index = sqliteArguments.firstIndex(of: "--sqlite"), index + 1 < sqliteArguments.count else {
            Issue.record("sqlite arguments need --sqlite PATH")
            return
        }
        let store = try SQLiteJobStore(path: sqliteArguments[index + 1])
        try await store.migrate()
        try await body(store, sqliteArguments)
    case .postgres:
        guard StoreKind.postgresURL != nil else {
            Issue.record("a PostgreSQL case ran without STRATUS_POSTGRES_URL: use StoreKind.configured for arguments")
            return
        }
        try await withFreshPostgresStoreAndArguments(body)
    }
}

/// A job with defaults the suite doesn't care about.
func newJob(
    _ project: String = "p1", action: String = "Noop", params: String = "{}", key: String? = nil,
    runAt: Date? = nil, tryMax: Int = 3, tryPeriod: Duration = .milliseconds(10)
) -> NewJob {
    NewJob(
        projectID: project, action: action, params: Array(params.utf8), idempotencyKey: key, contextID: "req-1",
        runAt: runAt, tryPeriod: tryPeriod, tryMax: tryMax)
}

let epoch = Date(timeIntervalSince1970: 1_800_000_000)
