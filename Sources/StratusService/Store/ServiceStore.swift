import Foundation

/// Durable state of an action-API service: projects, access keys, quotas, resource rows and
/// idempotency records. ``SQLiteServiceStore`` is the embedded default.
///
/// Quota checks happen in the same transaction as the insert they guard
/// (``insertResources(_:enforcing:)``), so two concurrent requests cannot both squeeze under a
/// limit.
public protocol ServiceStore: Sendable {
    func migrate() async throws

    /// Throws 4600 if the id exists.
    func createProject(_ project: Project, quota: Quota) async throws
    func project(_ id: String) async throws -> Project?
    func projects(limit: Int, offset: Int) async throws -> (projects: [Project], total: Int)

    /// Throws 4604 if a project key's project is missing, 4611 if the id exists.
    func createAccessKey(_ key: AccessKey) async throws
    func accessKey(_ id: String) async throws -> AccessKey?
    /// Throws 4614 if missing.
    func deleteAccessKey(_ id: String) async throws
    func accessKeys(projectID: String?) async throws -> [AccessKey]
    /// Whether any manage key exists (first start creates one).
    func hasManageKey() async throws -> Bool

    func quota(projectID: String) async throws -> Quota
    /// Throws 4604 if the project is missing.
    func setQuota(_ quota: Quota, projectID: String) async throws
    /// Current usage per kind (deleted rows excluded).
    func usage(projectID: String) async throws -> [String: Usage]

    /// Inserts rows in one transaction; when `enforcing` is true, first checks the project's
    /// quota for each kind against current usage plus these rows and throws 4113 (naming the
    /// kind, the limit and the usage) without writing anything.
    func insertResources(_ rows: [ResourceRow], enforcing: Bool) async throws
    func resource(_ id: String) async throws -> ResourceRow?
    func resources(_ query: ResourceQuery) async throws -> (rows: [ResourceRow], total: Int)
    /// Sets status (and optionally provider id / job id / attributes) if the current status is
    /// one of `from` (any if nil). Returns the updated row, or nil if the condition failed.
    func updateResource(
        _ id: String, from: Set<String>?, status: String, providerID: String?, jobID: String?, attributes: [UInt8]?,
        now: Date
    ) async throws -> ResourceRow?

    /// Reserves `key` in `scope` for a request whose body hashes to `fingerprint`, or says what
    /// happened to an earlier request with the same key.
    func beginIdempotent(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyState
    /// Stores the answer to replay.
    func finishIdempotent(scope: String, key: String, status: Int, body: [UInt8], now: Date) async throws
    /// Forgets a reservation whose request failed before doing anything (so a retry may run).
    func abandonIdempotent(scope: String, key: String) async throws
}
