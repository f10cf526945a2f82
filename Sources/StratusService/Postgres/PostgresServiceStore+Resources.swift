import Foundation
import Logging
import PostgresNIO
import StratusJobs

// Resource rows: quota-checked inserts, reads, queries and conditional updates.
extension PostgresServiceStore {
    /// The columns in the order ``resource(_:)`` decodes them.
    static let resourceColumns =
        "id, project_id, kind, status, name, size, provider_id, job_id, attributes, created, updated"

    /// Inserts `rows` atomically. When `enforcing`, in one transaction: locks each project's row
    /// (`FOR UPDATE`, in id order), reads its quota and usage, applies ``QuotaCheck``, inserts;
    /// so concurrent inserts for a project run one after the other and the limit holds. Throws
    /// 4113 without writing anything if a kind would exceed its limit.
    public func insertResources(_ rows: [ResourceRow], enforcing: Bool) async throws {
        guard !rows.isEmpty else { return }
        let insert = insertQuery(rows)
        if !enforcing {
            // One statement: atomic on its own.
            try await perform("insertResources") { connection in
                _ = try await Self.rows(connection, insert.sql, insert.binds, logger: self.logger)
            }
            return
        }
        try await transaction("insertResources") { connection in
            for projectID in Set(rows.map(\.projectID)).sorted() {
                // An unknown project has no row to lock, and no quota either.
                _ = try await self.projectExists(projectID, on: connection, lock: true)
                let quota = try await self.readQuota(projectID: projectID, on: connection)
                let usage = try await self.readUsage(projectID: projectID, on: connection)
                try QuotaCheck.check(adding: rows.filter { $0.projectID == projectID }, quota: quota, usage: usage)
            }
            _ = try await Self.rows(connection, insert.sql, insert.binds, logger: self.logger)
        }
    }

    /// One INSERT for all `rows`, from arrays (nullable columns get a flag array, since
    /// PostgresNIO encodes no NULL array elements).
    private func insertQuery(_ rows: [ResourceRow]) -> (sql: String, binds: PostgresBindings) {
        var binds = PostgresBindings(capacity: 13)
        binds.append(rows.map(\.id))
        binds.append(rows.map(\.projectID))
        binds.append(rows.map(\.kind))
        binds.append(rows.map(\.status))
        binds.append(rows.map(\.name))
        binds.append(rows.map { Int64($0.size) })
        binds.append(rows.map { $0.providerID ?? "" })
        binds.append(rows.map { $0.providerID != nil })
        binds.append(rows.map { $0.jobID ?? "" })
        binds.append(rows.map { $0.jobID != nil })
        binds.append(rows.map { String(decoding: $0.attributes, as: UTF8.self) })
        binds.append(rows.map { JobTime.micros($0.created) })
        binds.append(rows.map { JobTime.micros($0.updated) })
        let sql = """
            INSERT INTO \(resourcesTable) (\(Self.resourceColumns))
            SELECT r.id, r.project_id, r.kind, r.status, r.name, r.size,
                CASE WHEN r.has_provider THEN r.provider_id END, CASE WHEN r.has_job THEN r.job_id END,
                r.attributes, r.created, r.updated
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::bool[],
                $9::text[], $10::bool[], $11::text[], $12::int8[], $13::int8[])
                WITH ORDINALITY AS r(id, project_id, kind, status, name, size, provider_id, has_provider, job_id, has_job,
                    attributes, created, updated, ord)
            ORDER BY r.ord
            """
        return (sql, binds)
    }

    /// The row `id` (deleted ones too), or nil.
    public func resource(_ id: String) async throws -> ResourceRow? {
        try await perform("resource") { connection in
            try await Self.rows(
                connection, "SELECT \(Self.resourceColumns) FROM \(self.resourcesTable) WHERE id = $1",
                PostgresJobStore.binds(id), logger: self.logger
            ).first.map(Self.resource)
        }
    }

    /// A page of rows matching `query`, newest first (then by id), and how many match. `limit` is
    /// clamped to 1...1000; `statuses`, when given, replaces the default "not deleted" filter.
    public func resources(_ query: ResourceQuery) async throws -> (rows: [ResourceRow], total: Int) {
        var conditions = ["kind = $1"]
        var binds = PostgresBindings()
        binds.append(query.kind)
        if let projectID = query.projectID {
            binds.append(projectID)
            conditions.append("project_id = $\(binds.count)")
        }
        if let ids = query.ids {
            if ids.isEmpty { return ([], 0) }
            binds.append(ids)
            conditions.append("id = ANY($\(binds.count)::text[])")
        }
        if let statuses = query.statuses {
            if statuses.isEmpty { return ([], 0) }
            binds.append(statuses)
            conditions.append("status = ANY($\(binds.count)::text[])")
        } else if !query.includeDeleted {
            conditions.append("status <> 'deleted'")
        }
        let filter = "WHERE " + conditions.joined(separator: " AND ")
        let limit = min(max(query.limit, 1), 1000)
        let offset = max(query.offset, 0)
        let frozen = binds
        return try await perform("resources") { connection in
            let total = try await Self.rows(
                connection, "SELECT count(*) FROM \(self.resourcesTable) \(filter)", frozen, logger: self.logger
            ).first?.decode(Int64.self) ?? 0
            let rows = try await Self.rows(
                connection,
                """
                SELECT \(Self.resourceColumns) FROM \(self.resourcesTable) \(filter)
                ORDER BY created DESC, id COLLATE "C" LIMIT \(limit) OFFSET \(offset)
                """,
                frozen, logger: self.logger)
            return (try rows.map(Self.resource), Int(total))
        }
    }

    /// Sets `status` (and each of provider id, job id, attributes that is not nil) and `updated`,
    /// if the current status is one of `from` (any when nil); returns the updated row, or nil if
    /// there is no such row or the condition failed.
    public func updateResource(
        _ id: String, from: Set<String>?, status: String, providerID: String?, jobID: String?, attributes: [UInt8]?,
        now: Date
    ) async throws -> ResourceRow? {
        var binds = PostgresBindings(capacity: 7)
        binds.append(status)
        binds.appendOptional(providerID)
        binds.appendOptional(jobID)
        binds.appendOptional(attributes.map { String(decoding: $0, as: UTF8.self) })
        binds.append(JobTime.micros(now))
        binds.append(id)
        var sql = """
            UPDATE \(resourcesTable) SET status = $1, provider_id = coalesce($2, provider_id),
                job_id = coalesce($3, job_id), attributes = coalesce($4, attributes), updated = $5
            WHERE id = $6
            """
        if let from {
            binds.append(from.sorted())
            sql += " AND status = ANY($7::text[])"
        }
        sql += " RETURNING \(Self.resourceColumns)"
        let frozen = binds
        return try await perform("updateResource") { connection in
            try await Self.rows(connection, sql, frozen, logger: self.logger).first.map(Self.resource)
        }
    }

    /// Decodes a row selected with ``resourceColumns``.
    static func resource(_ row: PostgresRow) throws -> ResourceRow {
        let cells = row.makeRandomAccess()
        guard cells.count == 11 else {
            throw JobStoreError(.unavailable, "PostgreSQL returned \(cells.count) columns for a resource, expected 11")
        }
        return ResourceRow(
            id: try cells[0].decode(String.self),
            projectID: try cells[1].decode(String.self),
            kind: try cells[2].decode(String.self),
            status: try cells[3].decode(String.self),
            name: try cells[4].decode(String.self),
            size: Int(try cells[5].decode(Int64.self)),
            providerID: try cells[6].decode(String?.self),
            jobID: try cells[7].decode(String?.self),
            attributes: Array(try cells[8].decode(String.self).utf8),
            created: JobTime.date(try cells[9].decode(Int64.self)),
            updated: JobTime.date(try cells[10].decode(Int64.self)))
    }
}
