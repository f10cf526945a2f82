import Foundation
import GRDB
import StratusJobs

/// The embedded ``ServiceStore``: SQLite in WAL mode through GRDB, usually the same file as the
/// ``SQLiteJobStore``.
public final class SQLiteServiceStore: ServiceStore {
    let pool: DatabasePool
    /// Access keys are read on every request: kept for a moment, dropped at once on delete.
    let keyCache = AccessKeyCache()
    /// The connection for the synchronous access-key read (see `SQLiteHotReader` in StratusJobs).
    let hotReader: SQLiteHotReader

    public init(path: String, busyTimeout: Duration = .seconds(10)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Double(JobTime.micros(busyTimeout)) / 1_000_000)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            hotReader = try SQLiteHotReader(path: path, busyTimeout: busyTimeout)
        } catch {
            throw APIError(.internalError, "cannot open SQLite database at \(path)")
        }
    }

    public func migrate() async throws {
        try SQLiteServiceSchema.migrator.migrate(pool)
    }

    // MARK: projects

    public func createProject(_ project: Project, quota: Quota) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM stratus_projects WHERE id = ?", arguments: [project.id]) == true {
                throw APIError(.projectDuplicated, "project \(project.id) exists already")
            }
            try db.execute(
                sql: "INSERT INTO stratus_projects (id, name, created) VALUES (?, ?, ?)",
                arguments: [project.id, project.name, JobTime.micros(project.created)])
            try Self.writeQuota(quota, projectID: project.id, db: db)
        }
    }

    public func project(_ id: String) async throws -> Project? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, name, created FROM stratus_projects WHERE id = ?", arguments: [id])
                .map(Self.project)
        }
    }

    public func projects(limit: Int, offset: Int) async throws -> (projects: [Project], total: Int) {
        try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM stratus_projects") ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, name, created FROM stratus_projects ORDER BY created DESC, id LIMIT ? OFFSET ?",
                arguments: [limit, offset])
            return (rows.map(Self.project), total)
        }
    }

    // MARK: access keys

    public func createAccessKey(_ key: AccessKey) async throws {
        try await pool.write { db in
            if let projectID = key.projectID,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM stratus_projects WHERE id = ?", arguments: [projectID]) != true {
                throw APIError(.projectNotFound, "project \(projectID) not found")
            }
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM stratus_access_keys WHERE id = ?", arguments: [key.id]) == true {
                throw APIError(.accessKeyDuplicated, "access key \(key.id) exists already")
            }
            try db.execute(
                sql: "INSERT INTO stratus_access_keys (id, secret, scope, project_id, created, expires) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key.id, key.secret, key.scope.rawValue, key.projectID, JobTime.micros(key.created),
                            key.expires.map(JobTime.micros)])
        }
    }

    public func accessKey(_ id: String) async throws -> AccessKey? {
        if let cached = keyCache.get(id) { return cached }
        // A primary-key read of one small row: synchronous, on a connection of its own, because
        // hopping to GRDB's reader queue and back costs more than the read itself.
        let key = try hotReader.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, secret, scope, project_id, created, expires FROM stratus_access_keys WHERE id = ?"),
                arguments: [id]
            ).map(Self.accessKey)
        }
        if let key { keyCache.put(key) }
        return key
    }

    public func deleteAccessKey(_ id: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM stratus_access_keys WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw APIError(.accessKeyNotFound, "access key \(id) not found") }
        }
        keyCache.remove(id)
    }

    public func accessKeys(projectID: String?) async throws -> [AccessKey] {
        try await pool.read { db in
            let sql = "SELECT id, secret, scope, project_id, created, expires FROM stratus_access_keys"
            let rows = try projectID.map {
                try Row.fetchAll(db, sql: sql + " WHERE project_id = ? ORDER BY created", arguments: [$0])
            } ?? Row.fetchAll(db, sql: sql + " ORDER BY created")
            return rows.map(Self.accessKey)
        }
    }

    public func hasManageKey() async throws -> Bool {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM stratus_access_keys WHERE scope = 'manage' LIMIT 1") == true
        }
    }

    // MARK: quotas

    public func quota(projectID: String) async throws -> Quota {
        try await pool.read { db in try Self.readQuota(projectID: projectID, db: db) }
    }

    public func setQuota(_ quota: Quota, projectID: String) async throws {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM stratus_projects WHERE id = ?", arguments: [projectID]) != true {
                throw APIError(.projectNotFound, "project \(projectID) not found")
            }
            try Self.writeQuota(quota, projectID: projectID, db: db)
        }
    }

    public func usage(projectID: String) async throws -> [String: Usage] {
        try await pool.read { db in try Self.readUsage(projectID: projectID, db: db) }
    }

    // MARK: resources

    public func insertResources(_ rows: [ResourceRow], enforcing: Bool) async throws {
        guard !rows.isEmpty else { return }
        try await pool.write { db in
            if enforcing {
                for projectID in Set(rows.map(\.projectID)) {
                    let quota = try Self.readQuota(projectID: projectID, db: db)
                    let usage = try Self.readUsage(projectID: projectID, db: db)
                    try QuotaCheck.check(adding: rows.filter { $0.projectID == projectID }, quota: quota, usage: usage)
                }
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO stratus_resources (id, project_id, kind, status, name, size, provider_id, job_id, attributes,
                    created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                try insert.execute(arguments: [
                    row.id, row.projectID, row.kind, row.status, row.name, row.size, row.providerID, row.jobID,
                    String(decoding: row.attributes, as: UTF8.self), JobTime.micros(row.created), JobTime.micros(row.updated),
                ])
            }
        }
    }

    public func resource(_ id: String) async throws -> ResourceRow? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM stratus_resources WHERE id = ?", arguments: [id]).map(Self.resource)
        }
    }

    public func resources(_ query: ResourceQuery) async throws -> (rows: [ResourceRow], total: Int) {
        var conditions = ["kind = ?"]
        var arguments: StatementArguments = [query.kind]
        if let projectID = query.projectID {
            conditions.append("project_id = ?")
            arguments += [projectID]
        }
        if let ids = query.ids {
            if ids.isEmpty { return ([], 0) }
            conditions.append("id IN (\(ids.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(ids)
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return ([], 0) }
            conditions.append("status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))")
            arguments += StatementArguments(statuses)
        } else if !query.includeDeleted {
            conditions.append("status <> 'deleted'")
        }
        let filter = "WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), 1000)
        let offset = max(query.offset, 0)
        let frozen = arguments
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM stratus_resources \(filter)", arguments: frozen) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM stratus_resources \(filter) ORDER BY created DESC, id LIMIT \(limit) OFFSET \(offset)",
                arguments: frozen)
            return (rows.map(Self.resource), total)
        }
    }

    public func updateResource(
        _ id: String, from: Set<String>?, status: String, providerID: String?, jobID: String?, attributes: [UInt8]?,
        now: Date
    ) async throws -> ResourceRow? {
        try await pool.write { db in
            var sql = """
                UPDATE stratus_resources SET status = ?, provider_id = coalesce(?, provider_id),
                    job_id = coalesce(?, job_id), attributes = coalesce(?, attributes), updated = ?
                WHERE id = ?
                """
            var arguments: StatementArguments = [
                status, providerID, jobID, attributes.map { String(decoding: $0, as: UTF8.self) }, JobTime.micros(now), id,
            ]
            if let from {
                sql += " AND status IN (\(from.map { _ in "?" }.joined(separator: ",")))"
                arguments += StatementArguments(from.sorted())
            }
            sql += " RETURNING *"
            return try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.resource)
        }
    }

    // MARK: idempotency

    public func beginIdempotent(scope: String, key: String, fingerprint: String, now: Date) async throws -> IdempotencyState {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO stratus_idempotency (scope, key, fingerprint, created) VALUES (?, ?, ?, ?)
                    ON CONFLICT (scope, key) DO NOTHING
                    """,
                arguments: [scope, key, fingerprint, JobTime.micros(now)])
            if db.changesCount == 1 { return .reserved }
            let row = try Row.fetchOne(
                db, sql: "SELECT fingerprint, status, body, created FROM stratus_idempotency WHERE scope = ? AND key = ?",
                arguments: [scope, key])!
            let stored: String = row["fingerprint"]
            guard stored == fingerprint else { return .mismatch }
            guard let status: Int = row["status"] else {
                // A reservation nobody finished within the staleness limit belonged to a process that
                // died mid-request: the retry takes it over.
                let created: Int64 = row["created"]
                guard created < JobTime.micros(now) - JobTime.micros(IdempotencyPolicy.staleAfter) else { return .inProgress }
                try db.execute(
                    sql: "UPDATE stratus_idempotency SET created = ? WHERE scope = ? AND key = ? AND status IS NULL",
                    arguments: [JobTime.micros(now), scope, key])
                return .reserved
            }
            let body: Data = row["body"] ?? Data()
            return .completed(status: status, body: Array(body))
        }
    }

    public func finishIdempotent(scope: String, key: String, status: Int, body: [UInt8], now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE stratus_idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?",
                arguments: [status, Data(body), scope, key])
        }
    }

    public func abandonIdempotent(scope: String, key: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM stratus_idempotency WHERE scope = ? AND key = ? AND status IS NULL", arguments: [scope, key])
        }
    }

    // MARK: rows

    static func project(_ row: Row) -> Project {
        Project(id: row["id"], name: row["name"], created: JobTime.date(row["created"]))
    }

    static func accessKey(_ row: Row) -> AccessKey {
        let expires: Int64? = row["expires"]
        return AccessKey(
            id: row["id"], secret: row["secret"], scope: AccessKey.Scope(rawValue: row["scope"]) ?? .project,
            projectID: row["project_id"], created: JobTime.date(row["created"]), expires: expires.map(JobTime.date))
    }

    static func resource(_ row: Row) -> ResourceRow {
        let attributes: String = row["attributes"]
        return ResourceRow(
            id: row["id"], projectID: row["project_id"], kind: row["kind"], status: row["status"], name: row["name"],
            size: row["size"], providerID: row["provider_id"], jobID: row["job_id"], attributes: Array(attributes.utf8),
            created: JobTime.date(row["created"]), updated: JobTime.date(row["updated"]))
    }

    static func readQuota(projectID: String, db: Database) throws -> Quota {
        var limits: [String: Quota.Limit] = [:]
        for row in try Row.fetchAll(
            db, sql: "SELECT kind, count_limit, size_limit FROM stratus_quotas WHERE project_id = ?", arguments: [projectID])
        {
            limits[row["kind"]] = Quota.Limit(count: row["count_limit"], totalSize: row["size_limit"])
        }
        return Quota(limits: limits)
    }

    static func writeQuota(_ quota: Quota, projectID: String, db: Database) throws {
        for (kind, limit) in quota.limits {
            try db.execute(
                sql: """
                    INSERT INTO stratus_quotas (project_id, kind, count_limit, size_limit) VALUES (?, ?, ?, ?)
                    ON CONFLICT (project_id, kind) DO UPDATE SET count_limit = excluded.count_limit, size_limit = excluded.size_limit
                    """,
                arguments: [projectID, kind, limit.count, limit.totalSize])
        }
    }

    static func readUsage(projectID: String, db: Database) throws -> [String: Usage] {
        var usage: [String: Usage] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT kind, count(*) AS n, coalesce(sum(size), 0) AS total FROM stratus_resources
                WHERE project_id = ? AND status NOT IN ('deleted', 'error') GROUP BY kind
                """,
            arguments: [projectID])
        {
            usage[row["kind"]] = Usage(count: row["n"], totalSize: row["total"])
        }
        return usage
    }
}

