import Foundation
import PostgresNIO
import StratusJobs
import StratusService
import Synchronization
import Testing

/// One contract, every store: each test runs against SQLite and PostgreSQL.
@Suite("ServiceStoreConformance")
struct ServiceStoreConformanceTests {
    let t0 = serviceEpoch

    // MARK: projects

    @Test("projects: create, read, page newest first with a total; a duplicate id is 4600", arguments: ServiceStoreKind.configured)
    func projects(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            for (i, id) in ["a", "b", "c"].enumerated() {
                try await store.createProject(
                    Project(id: id, name: "Project \(id)", created: t0.addingTimeInterval(Double(i))), quota: Quota(limits: [:]))
            }
            #expect(try await store.project("b") == Project(id: "b", name: "Project b", created: t0.addingTimeInterval(1)))
            #expect(try await store.project("zz") == nil)

            let error = await expectAPIError(.projectDuplicated) {
                try await store.createProject(Project(id: "a", name: "again", created: t0), quota: Quota(limits: [:]))
            }
            #expect(error?.message.contains("a") == true)
            #expect(try await store.project("a")?.name == "Project a")

            let all = try await store.projects(limit: 10, offset: 0)
            #expect(all.total == 3)
            #expect(all.projects.map(\.id) == ["c", "b", "a"])
            let page = try await store.projects(limit: 1, offset: 1)
            #expect(page.total == 3)
            #expect(page.projects.map(\.id) == ["b"])
        }
    }

    // MARK: access keys

    @Test("access keys: 4604 without the project, 4611 for a duplicate, 4614 deleting a missing key; hasManageKey",
          arguments: ServiceStoreKind.configured)
    func accessKeys(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            #expect(try await store.hasManageKey() == false)
            let orphan = AccessKey(id: "AK1", secret: "s1", scope: .project, projectID: "nope", created: t0, expires: nil)
            await expectAPIError(.projectNotFound) { try await store.createAccessKey(orphan) }
            #expect(try await store.accessKey("AK1") == nil)

            try await store.createProject(Project(id: "p1", name: "p1", created: t0), quota: Quota(limits: [:]))
            try await store.createProject(Project(id: "p2", name: "p2", created: t0), quota: Quota(limits: [:]))
            let key1 = AccessKey(
                id: "AK1", secret: "s1", scope: .project, projectID: "p1", created: t0, expires: t0.addingTimeInterval(3600))
            let key2 = AccessKey(id: "AK2", secret: "s2", scope: .project, projectID: "p2", created: t0.addingTimeInterval(1), expires: nil)
            let key3 = AccessKey(id: "AK3", secret: "s3", scope: .project, projectID: "p1", created: t0.addingTimeInterval(2), expires: nil)
            for key in [key1, key2, key3] { try await store.createAccessKey(key) }
            #expect(try await store.hasManageKey() == false)

            let duplicate = AccessKey(id: "AK1", secret: "other", scope: .project, projectID: "p2", created: t0, expires: nil)
            await expectAPIError(.accessKeyDuplicated) { try await store.createAccessKey(duplicate) }
            // A missing project wins over a duplicate id, as in the contract's order.
            let both = AccessKey(id: "AK1", secret: "other", scope: .project, projectID: "nope", created: t0, expires: nil)
            await expectAPIError(.projectNotFound) { try await store.createAccessKey(both) }
            #expect(try await store.accessKey("AK1") == key1)

            let manage = AccessKey(id: "MK1", secret: "m", scope: .manage, projectID: nil, created: t0.addingTimeInterval(3), expires: nil)
            try await store.createAccessKey(manage)
            #expect(try await store.hasManageKey() == true)
            #expect(try await store.accessKey("MK1") == manage)

            #expect(try await store.accessKeys(projectID: "p1") == [key1, key3])
            #expect(try await store.accessKeys(projectID: "p2") == [key2])
            #expect(try await store.accessKeys(projectID: nil) == [key1, key2, key3, manage])

            // Read (and so cache) the key, delete it: the next read misses at once.
            #expect(try await store.accessKey("AK3") == key3)
            try await store.deleteAccessKey("AK3")
            #expect(try await store.accessKey("AK3") == nil)
            #expect(try await store.accessKeys(projectID: "p1") == [key1])
            await expectAPIError(.accessKeyNotFound) { try await store.deleteAccessKey("AK3") }
            await expectAPIError(.accessKeyNotFound) { try await store.deleteAccessKey("never") }

            try await store.deleteAccessKey("MK1")
            #expect(try await store.hasManageKey() == false)
        }
    }

    // MARK: quotas and usage

    @Test("quotas: set with the project, read back, replaced per kind; 4604 for an unknown project",
          arguments: ServiceStoreKind.configured)
    func quotas(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let initial = Quota(limits: ["instance": .init(count: 3), "volume": .init(count: 2, totalSize: 100)])
            try await store.createProject(Project(id: "p1", name: "p1", created: serviceEpoch), quota: initial)
            #expect(try await store.quota(projectID: "p1") == initial)
            #expect(try await store.quota(projectID: "unknown") == Quota(limits: [:]))

            try await store.setQuota(
                Quota(limits: ["volume": .init(count: 5), "image": .init(count: 1, totalSize: 7)]), projectID: "p1")
            // Kinds not named keep their limit; named ones are replaced (size limit removed too).
            #expect(try await store.quota(projectID: "p1") == Quota(limits: [
                "instance": .init(count: 3), "volume": .init(count: 5), "image": .init(count: 1, totalSize: 7),
            ]))

            await expectAPIError(.projectNotFound) {
                try await store.setQuota(Quota(limits: ["instance": .init(count: 1)]), projectID: "unknown")
            }
            #expect(try await store.quota(projectID: "unknown") == Quota(limits: [:]))
        }
    }

    @Test("usage counts and sums per kind, without deleted and error rows", arguments: ServiceStoreKind.configured)
    func usage(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            #expect(try await store.usage(projectID: "p1") == [:])
            try await store.insertResources([
                resourceRow("v1", kind: "volume", status: "available", size: 10),
                resourceRow("v2", kind: "volume", status: "creating", size: 5),
                resourceRow("v3", kind: "volume", status: "deleted", size: 100),
                resourceRow("v4", kind: "volume", status: "error", size: 1000),
                resourceRow("i1", kind: "instance", status: "active"),
                resourceRow("i2", kind: "instance", status: "deleted"),
                resourceRow("x1", project: "p2", kind: "volume", status: "available", size: 7),
            ], enforcing: false)
            #expect(try await store.usage(projectID: "p1") == [
                "volume": Usage(count: 2, totalSize: 15), "instance": Usage(count: 1, totalSize: 0),
            ])
            #expect(try await store.usage(projectID: "p2") == ["volume": Usage(count: 1, totalSize: 7)])
        }
    }

    // MARK: resources

    @Test("insertResources round-trips every field", arguments: ServiceStoreKind.configured)
    func resourceRoundTrip(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let full = ResourceRow(
                id: "i-1", projectID: "p1", kind: "instance", status: "creating", name: "web ☁︎", size: 42,
                providerID: "nova-1", jobID: "job-1", attributes: Array(#"{"flavor":"1","ips":["10.0.0.1"]}"#.utf8),
                created: serviceEpoch.addingTimeInterval(0.25), updated: serviceEpoch.addingTimeInterval(1.5))
            let bare = resourceRow("i-2")
            try await store.insertResources([full, bare], enforcing: true)
            #expect(try await store.resource("i-1") == full)
            #expect(try await store.resource("i-2") == bare)
            #expect(try await store.resource("i-3") == nil)
            try await store.insertResources([], enforcing: true)
        }
    }

    @Test("an insert over quota throws 4113 naming kind, limit and usage, and writes nothing",
          arguments: ServiceStoreKind.configured)
    func quotaEnforced(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            try await store.createProject(
                Project(id: "p1", name: "p1", created: serviceEpoch),
                quota: Quota(limits: ["instance": .init(count: 2), "volume": .init(count: 10, totalSize: 100)]))
            try await store.insertResources([resourceRow("i1")], enforcing: true)

            // Two more instances would make 3 > 2: the whole batch (with an unlimited kind) is refused.
            let error = await expectAPIError(.quotaExceeded) {
                try await store.insertResources(
                    [resourceRow("i2"), resourceRow("i3"), resourceRow("n1", kind: "network")], enforcing: true)
            }
            #expect(error?.message.contains("instance") == true)
            #expect(error?.message.contains("limit 2") == true)
            #expect(error?.message.contains("in use 1") == true)
            for id in ["i2", "i3", "n1"] { #expect(try await store.resource(id) == nil) }

            // Size limit: 60 + 50 > 100.
            try await store.insertResources([resourceRow("v1", kind: "volume", status: "available", size: 60)], enforcing: true)
            let sizeError = await expectAPIError(.quotaExceeded) {
                try await store.insertResources([resourceRow("v2", kind: "volume", size: 50)], enforcing: true)
            }
            #expect(sizeError?.message.contains("size") == true)
            #expect(try await store.resource("v2") == nil)

            // Deleted and errored rows free their share.
            _ = try await store.updateResource(
                "i1", from: nil, status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: serviceEpoch)
            try await store.insertResources([resourceRow("i2"), resourceRow("i3")], enforcing: true)
            // Unlimited kinds, and inserts not enforcing, pass.
            try await store.insertResources((0..<5).map { resourceRow("n\($0)", kind: "network") }, enforcing: true)
            try await store.insertResources([resourceRow("i4")], enforcing: false)
            #expect(try await store.usage(projectID: "p1")["instance"]?.count == 3)
        }
    }

    @Test("20 concurrent single-row inserts against a limit of 5: exactly 5 succeed", arguments: ServiceStoreKind.configured)
    func quotaRace(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            try await store.createProject(
                Project(id: "p1", name: "p1", created: serviceEpoch), quota: Quota(limits: ["instance": .init(count: 5)]))
            let outcomes = try await withThrowingTaskGroup(of: Int?.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        do {
                            try await store.insertResources([resourceRow("i\(i)")], enforcing: true)
                            return nil
                        } catch let error as APIError {
                            return error.code.rawValue
                        }
                    }
                }
                var outcomes: [Int?] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 == nil }.count == 5)
            #expect(outcomes.filter { $0 == APIErrorCode.quotaExceeded.rawValue }.count == 15)
            #expect(try await store.usage(projectID: "p1") == ["instance": Usage(count: 5, totalSize: 0)])
            #expect(try await store.resources(ResourceQuery(projectID: "p1", kind: "instance")).total == 5)
        }
    }

    @Test("resources: filters, deleted rows, newest first, paging with a total, limit clamped",
          arguments: ServiceStoreKind.configured)
    func resourceQueries(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            try await store.insertResources([
                resourceRow("i1", status: "active", created: t0.addingTimeInterval(1)),
                resourceRow("i2", status: "creating", created: t0.addingTimeInterval(2)),
                resourceRow("i3", status: "deleted", created: t0.addingTimeInterval(3)),
                resourceRow("i4", status: "error", created: t0.addingTimeInterval(4)),
                // same created time: ordered by id
                resourceRow("i6", status: "active", created: t0.addingTimeInterval(5)),
                resourceRow("i5", status: "active", created: t0.addingTimeInterval(5)),
                resourceRow("v1", kind: "volume", created: t0.addingTimeInterval(9)),
                resourceRow("o1", project: "p2", created: t0.addingTimeInterval(10)),
            ], enforcing: false)

            func ids(_ query: ResourceQuery) async throws -> ([String], Int) {
                let (rows, total) = try await store.resources(query)
                return (rows.map(\.id), total)
            }
            // Default: not deleted, newest first, created ties by id.
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance")) == (["i5", "i6", "i4", "i2", "i1"], 5))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", includeDeleted: true))
                == (["i5", "i6", "i4", "i3", "i2", "i1"], 6))
            // Any project.
            #expect(try await ids(ResourceQuery(projectID: nil, kind: "instance")) == (["o1", "i5", "i6", "i4", "i2", "i1"], 6))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "volume")) == (["v1"], 1))
            // Ids: only those of this kind and project.
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", ids: ["i1", "i3", "v1", "o1", "zz"]))
                == (["i1"], 1))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", ids: ["i3"], includeDeleted: true))
                == (["i3"], 1))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", ids: [])) == ([], 0))
            // Statuses replace the deleted filter.
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", statuses: ["deleted", "creating"]))
                == (["i3", "i2"], 2))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", statuses: [])) == ([], 0))
            // Paging keeps the total of all matches.
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", limit: 2, offset: 1)) == (["i6", "i4"], 5))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", limit: 2, offset: 4)) == (["i1"], 5))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", limit: 2, offset: 10)) == ([], 5))
            // Limit clamped to at least 1; a negative offset counts as 0.
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", limit: 0)) == (["i5"], 5))
            #expect(try await ids(ResourceQuery(projectID: "p1", kind: "instance", limit: -3, offset: -2)) == (["i5"], 5))
        }
    }

    @Test("resources: the limit is clamped to 1000", arguments: ServiceStoreKind.configured)
    func resourceLimitClamp(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let rows = (0..<1005).map { resourceRow("r\(1000 + $0)", created: serviceEpoch.addingTimeInterval(Double($0))) }
            try await store.insertResources(rows, enforcing: false)
            let (page, total) = try await store.resources(ResourceQuery(projectID: "p1", kind: "instance", limit: 5000))
            #expect(total == 1005)
            #expect(page.count == 1000)
            #expect(page.first?.id == "r2004")
        }
    }

    @Test("updateResource: the from-condition, coalesced optional fields, nil when refused or missing",
          arguments: ServiceStoreKind.configured)
    func updateResource(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            let original = ResourceRow(
                id: "i1", projectID: "p1", kind: "instance", status: "creating", name: "web", size: 3,
                providerID: nil, jobID: "job-1", attributes: Array(#"{"a":1}"#.utf8), created: t0, updated: t0)
            try await store.insertResources([original], enforcing: false)

            // Condition fails: nothing changes.
            let refused = try await store.updateResource(
                "i1", from: ["active", "stopped"], status: "deleting", providerID: "x", jobID: "job-x", attributes: nil,
                now: t0.addingTimeInterval(1))
            #expect(refused == nil)
            #expect(try await store.resource("i1") == original)
            let empty = try await store.updateResource(
                "i1", from: [], status: "deleting", providerID: nil, jobID: nil, attributes: nil, now: t0.addingTimeInterval(1))
            #expect(empty == nil)

            // Condition holds: status and the given fields change, nil ones stay.
            let updated = try await store.updateResource(
                "i1", from: ["creating"], status: "active", providerID: "nova-1", jobID: nil, attributes: nil,
                now: t0.addingTimeInterval(2))
            var expected = original
            expected.status = "active"
            expected.providerID = "nova-1"
            expected.updated = t0.addingTimeInterval(2)
            #expect(updated == expected)
            #expect(try await store.resource("i1") == expected)

            // No condition: any status.
            let again = try await store.updateResource(
                "i1", from: nil, status: "stopped", providerID: nil, jobID: "job-2", attributes: Array(#"{"b":2}"#.utf8),
                now: t0.addingTimeInterval(3))
            expected.status = "stopped"
            expected.jobID = "job-2"
            expected.attributes = Array(#"{"b":2}"#.utf8)
            expected.updated = t0.addingTimeInterval(3)
            #expect(again == expected)
            #expect(try await store.resource("i1") == expected)

            #expect(try await store.updateResource(
                "missing", from: nil, status: "active", providerID: nil, jobID: nil, attributes: nil, now: t0) == nil)
        }
    }

    // MARK: idempotency

    @Test("idempotency: reserved, in progress, completed replay byte for byte; another request is a mismatch",
          arguments: ServiceStoreKind.configured)
    func idempotencyLifecycle(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f1", now: t0) == .reserved)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f1", now: t0.addingTimeInterval(1)) == .inProgress)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f2", now: t0.addingTimeInterval(1)) == .mismatch)
            // Same key, other scope: independent.
            #expect(try await store.beginIdempotent(scope: "p2", key: "k", fingerprint: "f9", now: t0) == .reserved)

            let body: [UInt8] = Array(#"{"code":0,"data":{"id":"i-1"}}"#.utf8) + [0, 255, 10]
            try await store.finishIdempotent(scope: "p1", key: "k", status: 200, body: body, now: t0.addingTimeInterval(2))
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f1", now: t0.addingTimeInterval(3))
                == .completed(status: 200, body: body))
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f2", now: t0.addingTimeInterval(3)) == .mismatch)
            // A finished key is never taken over, however old, nor abandoned.
            try await store.abandonIdempotent(scope: "p1", key: "k")
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f1", now: t0.addingTimeInterval(86_400))
                == .completed(status: 200, body: body))

            // An empty body replays as empty.
            #expect(try await store.beginIdempotent(scope: "p1", key: "e", fingerprint: "f", now: t0) == .reserved)
            try await store.finishIdempotent(scope: "p1", key: "e", status: 409, body: [], now: t0)
            #expect(try await store.beginIdempotent(scope: "p1", key: "e", fingerprint: "f", now: t0) == .completed(status: 409, body: []))
        }
    }

    @Test("idempotency: an abandoned reservation frees the key", arguments: ServiceStoreKind.configured)
    func idempotencyAbandon(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f1", now: t0) == .reserved)
            try await store.abandonIdempotent(scope: "p1", key: "k")
            // Free again, even for a different request.
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f2", now: t0) == .reserved)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f2", now: t0) == .inProgress)
            try await store.abandonIdempotent(scope: "p1", key: "unknown")
        }
    }

    @Test("idempotency: a reservation older than staleAfter is taken over, once", arguments: ServiceStoreKind.configured)
    func idempotencyStaleTakeover(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let t0 = serviceEpoch
            let stale = Double(JobTime.micros(IdempotencyPolicy.staleAfter)) / 1_000_000
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: t0) == .reserved)
            // Just under the limit: still in progress.
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: t0.addingTimeInterval(stale - 1))
                == .inProgress)
            // Far in the future: the retry owns the key; the takeover renews the reservation.
            let later = t0.addingTimeInterval(stale * 100)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: later) == .reserved)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: later.addingTimeInterval(1))
                == .inProgress)
            // A stale reservation of another request is still a mismatch.
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "g", now: later.addingTimeInterval(stale * 100))
                == .mismatch)
            try await store.finishIdempotent(scope: "p1", key: "k", status: 201, body: Array("ok".utf8), now: later)
            #expect(try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: later.addingTimeInterval(stale * 100))
                == .completed(status: 201, body: Array("ok".utf8)))
        }
    }

    @Test("idempotency: of concurrent first requests with one key, exactly one reserves it",
          arguments: ServiceStoreKind.configured)
    func idempotencyRace(kind: ServiceStoreKind) async throws {
        try await withFreshServiceStore(kind) { store in
            let states = try await withThrowingTaskGroup(of: IdempotencyState.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await store.beginIdempotent(scope: "p1", key: "k", fingerprint: "f", now: serviceEpoch) }
                }
                var states: [IdempotencyState] = []
                for try await state in group { states.append(state) }
                return states
            }
            #expect(states.filter { $0 == .reserved }.count == 1)
            #expect(states.filter { $0 == .inProgress }.count == 9)
        }
    }
}

/// What only the PostgreSQL store has: its migrations and its connection errors.
@Suite("PostgreSQL service store", .enabled(if: PostgresServiceTestDatabase.isConfigured, PostgresServiceTestDatabase.skipReason))
struct PostgresServiceStoreTests {
    typealias DB = PostgresServiceTestDatabase

    @Test("migrate twice, and from three processes at once, records version 1 once, beside the job store's")
    func migrateTwice() async throws {
        let configuration = try DB.configuration()
        try await DB.withStore(configuration, migrate: false) { store in
            try await store.migrate()
            try await store.jobStore.migrate()
            try await store.migrate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await PostgresServiceStore.withStore(configuration: configuration, logger: DB.logger) {
                            try await $0.migrate()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let schema = try #require(configuration.schema)
            let (service, jobs, tables) = try await store.jobStore.client.withConnection { connection in
                let service = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT version FROM \(schema).stratus_service_migrations"), logger: DB.logger
                ).collect().map { try $0.decode(Int32.self) }
                let jobs = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT version FROM \(schema).stratus_schema_migrations"), logger: DB.logger
                ).collect().map { try $0.decode(Int32.self) }
                let tables = try await connection.query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = \(schema) ORDER BY tablename", logger: DB.logger
                ).collect().map { try $0.decode(String.self) }
                return (service, jobs, tables)
            }
            #expect(service == [1])
            #expect(jobs == [1])
            #expect(Set(tables).isSuperset(of: [
                "stratus_projects", "stratus_quotas", "stratus_access_keys", "stratus_resources", "stratus_idempotency",
                "stratus_jobs",
            ]))
        }
    }

    @Test("stores in different schemas of one database do not see each other")
    func schemasAreSeparate() async throws {
        try await DB.withStore { first in
            try await DB.withStore { second in
                try await first.createProject(Project(id: "p1", name: "one", created: serviceEpoch), quota: Quota(limits: [:]))
                #expect(try await second.project("p1") == nil)
                try await second.createProject(Project(id: "p1", name: "two", created: serviceEpoch), quota: Quota(limits: [:]))
                #expect(try await first.project("p1")?.name == "one")
            }
        }
    }

    @Test("a wrong password or a failing statement: the error names the failure, never the password")
    func passwordNeverInErrors() async throws {
        let secret = "Zq9-s3cr3t/pa@ss?word#x"
        var wrong = try DB.configuration()
        wrong.password = secret
        let error = await #expect(throws: JobStoreError.self) {
            try await PostgresServiceStore.withStore(configuration: wrong, logger: DB.logger) { try await $0.migrate() }
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("28P01") == true, "\(error.map { "\($0)" } ?? "")")
        #expect(error.map { !"\($0)".contains(secret) } == true)
        #expect(!PostgresServiceStore(sharing: PostgresJobStore(configuration: wrong)).description.contains(secret))

        // Not migrated: the statement fails with SQLSTATE 42P01, and no password either.
        let right = try DB.configuration()
        let password = try #require(right.password)
        try await DB.withStore(right, migrate: false) { store in
            let failure = await #expect(throws: JobStoreError.self) { _ = try await store.project("p1") }
            #expect(failure?.code == .unavailable)
            #expect(failure?.message.contains("42P01") == true, "\(failure.map { "\($0)" } ?? "")")
            #expect(failure.map { !$0.message.contains(password) } == true)
        }
    }
}
