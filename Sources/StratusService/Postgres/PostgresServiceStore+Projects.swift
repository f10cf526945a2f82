import Foundation
import Logging
import PostgresNIO
import StratusJobs

// Projects, access keys, quotas and usage.
extension PostgresServiceStore {
    // MARK: projects

    /// Inserts the project and its quota in one transaction; throws 4600 if the id exists.
    public func createProject(_ project: Project, quota: Quota) async throws {
        try await transaction("createProject") { connection in
            var binds = PostgresBindings(capacity: 3)
            binds.append(project.id)
            binds.append(project.name)
            binds.append(JobTime.micros(project.created))
            let inserted = try await Self.rows(
                connection,
                "INSERT INTO \(self.projectsTable) (id, name, created) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id",
                binds, logger: self.logger)
            if inserted.isEmpty { throw APIError(.projectDuplicated, "project \(project.id) exists already") }
            try await self.writeQuota(quota, projectID: project.id, on: connection)
        }
    }

    /// The project `id`, or nil.
    public func project(_ id: String) async throws -> Project? {
        try await perform("project") { connection in
            try await Self.rows(
                connection, "SELECT id, name, created FROM \(self.projectsTable) WHERE id = $1",
                PostgresJobStore.binds(id), logger: self.logger
            ).first.map(Self.project)
        }
    }

    /// A page of projects, newest first, and how many there are.
    public func projects(limit: Int, offset: Int) async throws -> (projects: [Project], total: Int) {
        try await perform("projects") { connection in
            let total = try await Self.rows(connection, "SELECT count(*) FROM \(self.projectsTable)", logger: self.logger)
                .first?.decode(Int64.self) ?? 0
            let rows = try await Self.rows(
                connection,
                """
                SELECT id, name, created FROM \(self.projectsTable) ORDER BY created DESC, id COLLATE "C"
                LIMIT \(max(limit, 0)) OFFSET \(max(offset, 0))
                """,
                logger: self.logger)
            return (try rows.map(Self.project), Int(total))
        }
    }

    // MARK: access keys

    /// Throws 4604 if a project key's project is missing, 4611 if the id exists.
    public func createAccessKey(_ key: AccessKey) async throws {
        try await perform("createAccessKey") { connection in
            if let projectID = key.projectID, try await !self.projectExists(projectID, on: connection, lock: false) {
                throw APIError(.projectNotFound, "project \(projectID) not found")
            }
            var binds = PostgresBindings(capacity: 6)
            binds.append(key.id)
            binds.append(key.secret)
            binds.append(key.scope.rawValue)
            binds.appendOptional(key.projectID)
            binds.append(JobTime.micros(key.created))
            binds.appendOptional(key.expires.map(JobTime.micros))
            let inserted = try await Self.rows(
                connection,
                """
                INSERT INTO \(self.accessKeysTable) (id, secret, scope, project_id, created, expires)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id
                """,
                binds, logger: self.logger)
            if inserted.isEmpty { throw APIError(.accessKeyDuplicated, "access key \(key.id) exists already") }
        }
    }

    /// The key `id` (from the ``AccessKeyCache`` when it was read in the last moments), or nil.
    public func accessKey(_ id: String) async throws -> AccessKey? {
        if let cached = keyCache.get(id) { return cached }
        let key = try await perform("accessKey") { connection in
            try await Self.rows(
                connection,
                "SELECT id, secret, scope, project_id, created, expires FROM \(self.accessKeysTable) WHERE id = $1",
                PostgresJobStore.binds(id), logger: self.logger
            ).first.map(Self.accessKey)
        }
        if let key { keyCache.put(key) }
        return key
    }

    /// Deletes the key (and drops it from this process's cache); throws 4614 if missing.
    public func deleteAccessKey(_ id: String) async throws {
        let deleted = try await perform("deleteAccessKey") { connection in
            try await Self.rows(
                connection, "DELETE FROM \(self.accessKeysTable) WHERE id = $1 RETURNING id",
                PostgresJobStore.binds(id), logger: self.logger)
        }
        keyCache.remove(id)
        if deleted.isEmpty { throw APIError(.accessKeyNotFound, "access key \(id) not found") }
    }

    /// The keys of one project (every key when nil), oldest first.
    public func accessKeys(projectID: String?) async throws -> [AccessKey] {
        try await perform("accessKeys") { connection in
            let sql = "SELECT id, secret, scope, project_id, created, expires FROM \(self.accessKeysTable)"
            let rows = if let projectID {
                try await Self.rows(
                    connection, sql + " WHERE project_id = $1 ORDER BY created, id COLLATE \"C\"",
                    PostgresJobStore.binds(projectID), logger: self.logger)
            } else {
                try await Self.rows(connection, sql + " ORDER BY created, id COLLATE \"C\"", logger: self.logger)
            }
            return try rows.map(Self.accessKey)
        }
    }

    /// Whether any manage key exists.
    public func hasManageKey() async throws -> Bool {
        try await perform("hasManageKey") { connection in
            try await !Self.rows(
                connection, "SELECT 1 FROM \(self.accessKeysTable) WHERE scope = 'manage' LIMIT 1", logger: self.logger
            ).isEmpty
        }
    }

    // MARK: quotas and usage

    /// The project's limits (empty for an unknown project).
    public func quota(projectID: String) async throws -> Quota {
        try await perform("quota") { connection in try await self.readQuota(projectID: projectID, on: connection) }
    }

    /// Sets (adds or replaces) the limits of the kinds in `quota`; throws 4604 if the project is
    /// missing. Locks the project's row, so it waits for quota-checked inserts in flight.
    public func setQuota(_ quota: Quota, projectID: String) async throws {
        try await transaction("setQuota") { connection in
            guard try await self.projectExists(projectID, on: connection, lock: true) else {
                throw APIError(.projectNotFound, "project \(projectID) not found")
            }
            try await self.writeQuota(quota, projectID: projectID, on: connection)
        }
    }

    /// Count and summed size per kind of the project's rows, not counting `deleted` and `error`.
    public func usage(projectID: String) async throws -> [String: Usage] {
        try await perform("usage") { connection in try await self.readUsage(projectID: projectID, on: connection) }
    }

    // MARK: shared statements

    /// Whether the project exists; with `lock`, also locks its row until the transaction ends.
    func projectExists(_ id: String, on connection: PostgresConnection, lock: Bool) async throws -> Bool {
        try await !Self.rows(
            connection, "SELECT 1 FROM \(projectsTable) WHERE id = $1\(lock ? " FOR UPDATE" : "")",
            PostgresJobStore.binds(id), logger: logger
        ).isEmpty
    }

    func readQuota(projectID: String, on connection: PostgresConnection) async throws -> Quota {
        var limits: [String: Quota.Limit] = [:]
        for row in try await Self.rows(
            connection, "SELECT kind, count_limit, size_limit FROM \(quotasTable) WHERE project_id = $1",
            PostgresJobStore.binds(projectID), logger: logger)
        {
            let (kind, count, size) = try row.decode((String, Int64, Int64?).self)
            limits[kind] = Quota.Limit(count: Int(count), totalSize: size.map { Int($0) })
        }
        return Quota(limits: limits)
    }

    /// Upserts one row per kind in `quota` (one statement).
    func writeQuota(_ quota: Quota, projectID: String, on connection: PostgresConnection) async throws {
        guard !quota.limits.isEmpty else { return }
        let limits = quota.limits.sorted { $0.key < $1.key }
        var binds = PostgresBindings(capacity: 5)
        binds.append(projectID)
        binds.append(limits.map(\.key))
        binds.append(limits.map { Int64($0.value.count) })
        // PostgresNIO encodes no NULL array elements: a flag array says which sizes are set.
        binds.append(limits.map { Int64($0.value.totalSize ?? 0) })
        binds.append(limits.map { $0.value.totalSize != nil })
        _ = try await Self.rows(
            connection,
            """
            INSERT INTO \(quotasTable) (project_id, kind, count_limit, size_limit)
            SELECT $1, q.kind, q.count_limit, CASE WHEN q.has_size THEN q.size_limit END
            FROM unnest($2::text[], $3::int8[], $4::int8[], $5::bool[]) AS q(kind, count_limit, size_limit, has_size)
            ON CONFLICT (project_id, kind) DO UPDATE SET count_limit = excluded.count_limit, size_limit = excluded.size_limit
            """,
            binds, logger: logger)
    }

    func readUsage(projectID: String, on connection: PostgresConnection) async throws -> [String: Usage] {
        var usage: [String: Usage] = [:]
        for row in try await Self.rows(
            connection,
            """
            SELECT kind, count(*), coalesce(sum(size), 0)::int8 FROM \(resourcesTable)
            WHERE project_id = $1 AND status NOT IN ('deleted', 'error') GROUP BY kind
            """,
            PostgresJobStore.binds(projectID), logger: logger)
        {
            let (kind, count, total) = try row.decode((String, Int64, Int64).self)
            usage[kind] = Usage(count: Int(count), totalSize: Int(total))
        }
        return usage
    }

    // MARK: rows

    static func project(_ row: PostgresRow) throws -> Project {
        let (id, name, created) = try row.decode((String, String, Int64).self)
        return Project(id: id, name: name, created: JobTime.date(created))
    }

    static func accessKey(_ row: PostgresRow) throws -> AccessKey {
        let (id, secret, scope, projectID, created, expires) = try row.decode(
            (String, String, String, String?, Int64, Int64?).self)
        return AccessKey(
            id: id, secret: secret, scope: AccessKey.Scope(rawValue: scope) ?? .project, projectID: projectID,
            created: JobTime.date(created), expires: expires.map(JobTime.date))
    }
}
