import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing
@testable import StratusJobs

/// The PostgreSQL servers `.ci/run` starts, read from the environment. Tests skip with a
/// one-line reason when they are absent (the IntegrationTests pattern).
enum PostgresTestDatabase {
    static let environment = ProcessInfo.processInfo.environment

    /// `postgres://stratus:stratus@127.0.0.1:PORT/stratus_test`
    static var url: String? { environment["STRATUS_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    /// A second server that only the restart test uses (restarting the main one would break the
    /// tests running in parallel with it).
    static var restartURL: String? { environment["STRATUS_POSTGRES_RESTART_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    /// A shell command that restarts the server at ``restartURL``.
    static var restartCommand: String? { environment["STRATUS_POSTGRES_RESTART"].flatMap { $0.isEmpty ? nil : $0 } }

    static var isConfigured: Bool { url != nil }
    static var canRestart: Bool { restartURL != nil && restartCommand != nil }

    static let skipReason: Comment = "no PostgreSQL: set STRATUS_POSTGRES_URL (bash .ci/run does)"
    static let restartSkipReason: Comment =
        "no restartable PostgreSQL: set STRATUS_POSTGRES_RESTART_URL and STRATUS_POSTGRES_RESTART (bash .ci/run does)"

    /// A configuration for `url` with a schema of its own, so parallel tests never share a table.
    static func configuration(_ url: String? = nil) throws -> PostgresJobStore.Configuration {
        var configuration = try PostgresJobStore.Configuration(url: url ?? self.url ?? "")
        configuration.schema = "stratus_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        // Small pools: dozens of tests run at once against one server (max_connections).
        configuration.options.maximumConnections = 8
        configuration.listenInitialBackoff = .milliseconds(50)
        configuration.listenMaximumBackoff = .milliseconds(500)
        return configuration
    }

    /// Runs `body` with a migrated store on a fresh schema, then drops the schema.
    static func withStore<R: Sendable>(
        _ configuration: PostgresJobStore.Configuration? = nil, migrate: Bool = true,
        _ body: (PostgresJobStore) async throws -> R
    ) async throws -> R {
        let configuration = try configuration ?? self.configuration()
        return try await PostgresJobStore.withStore(configuration: configuration, logger: logger) { store in
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

    static func dropSchema(_ store: PostgresJobStore) async throws {
        guard let schema = store.configuration.schema else { return }
        try await store.client.withConnection { connection in
            try await connection.run(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let logger: Logger = {
        var logger = Logger(label: "stratus.tests.postgres")
        logger.logLevel = .warning
        return logger
    }()

    /// Polls `probe` until it returns a value, ignoring errors (the server may be restarting).
    static func eventually<T>(
        timeout: Duration, _ what: String, _ probe: () async throws -> T?
    ) async throws -> T {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastError: (any Error)?
        while clock.now < deadline {
            do {
                if let value = try await probe() { return value }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TimedOut(message: "timed out after \(timeout) waiting for \(what); last error: \(lastError.map { "\($0)" } ?? "none")")
    }
}

@Suite("PostgreSQL job store", .enabled(if: PostgresTestDatabase.isConfigured, PostgresTestDatabase.skipReason))
struct PostgresJobStoreTests {
    typealias DB = PostgresTestDatabase
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("migrate twice, and from three stores at once, applies version 1 exactly once")
    func migrateTwice() async throws {
        let configuration = try DB.configuration()
        try await DB.withStore(configuration, migrate: false) { store in
            try await store.migrate()
            try await store.migrate()
            // three more "processes" on the same schema at once: the advisory lock serialises them
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await PostgresJobStore.withStore(configuration: configuration, logger: DB.logger) {
                            try await $0.migrate()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let (versions, indexes) = try await store.client.withConnection { connection in
                let versions = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT version FROM \(configuration.schema!).stratus_schema_migrations"),
                    logger: DB.logger
                ).collect().map { try $0.decode(Int32.self) }
                let indexes = try await connection.query(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = \(configuration.schema!) ORDER BY indexname",
                    logger: DB.logger
                ).collect().map { try $0.decode(String.self) }
                return (versions, indexes)
            }
            #expect(versions == [1])
            #expect(Set(indexes).isSuperset(of: [
                "stratus_jobs_pkey", "stratus_jobs_idempotency", "stratus_jobs_pending", "stratus_jobs_running",
                "stratus_jobs_project_created",
            ]))
            #expect(try await store.counts().isEmpty)
        }
    }

    @Test("enqueue, claim and complete round trip; listing, counts, nextDue and retry")
    func roundTrip() async throws {
        try await DB.withStore { store in
            let later = t0.addingTimeInterval(60)
            let outcomes = try await store.enqueue([
                NewJob(projectID: "p1", action: "server.create", params: Array(#"{"name":"a"}"#.utf8),
                       contextID: "req-1", tryPeriod: .milliseconds(1500), tryMax: 4),
                NewJob(projectID: "p1", action: "volume.create"),
                NewJob(projectID: "p2", action: "server.create", runAt: later),
            ], now: t0)
            #expect(outcomes.count == 3)
            let jobs = outcomes.map(\.job)
            for outcome in outcomes { guard case .created = outcome else { Issue.record("expected created"); return } }
            let first = try #require(try await store.job(jobs[0].id))
            #expect(first == jobs[0])
            #expect(first.status == .pending && first.trys == 0 && first.runAt == t0 && first.created == t0)
            #expect(first.params == Array(#"{"name":"a"}"#.utf8) && first.contextID == "req-1")
            #expect(first.tryPeriod == .milliseconds(1500) && first.tryMax == 4)
            #expect(try await store.nextDue() == t0)

            let claimed = try await store.claim(limit: 10, owner: "w1", lease: .seconds(30), now: t0)
            #expect(claimed.map(\.id).sorted() == [jobs[0].id, jobs[1].id].sorted())
            for job in claimed {
                #expect(job.status == .running && job.trys == 1 && job.leaseOwner == "w1")
                #expect(job.leaseExpires == t0.addingTimeInterval(30))
            }
            #expect(try await store.claim(limit: 10, owner: "w2", lease: .seconds(30), now: t0).isEmpty)
            #expect(try await store.nextDue() == t0.addingTimeInterval(30), "the leases expire before the later job is due")

            let a = try #require(claimed.first { $0.id == jobs[0].id }?.lease)
            let b = try #require(claimed.first { $0.id == jobs[1].id }?.lease)
            #expect(try await store.checkpoint(a, data: Array(#"{"token":"t"}"#.utf8), now: t0))
            let done = try await store.complete([
                JobCompletion(lease: a, outcome: .finished(result: Array(#"{"id":"srv"}"#.utf8))),
                JobCompletion(lease: b, outcome: .failed(error: "quota exceeded")),
            ], now: t0.addingTimeInterval(1))
            #expect(done == [a.jobID, b.jobID])
            let finished = try #require(try await store.job(a.jobID))
            #expect(finished.status == .finished && finished.result == Array(#"{"id":"srv"}"#.utf8))
            #expect(finished.error == nil && finished.leaseOwner == nil && finished.leaseExpires == nil)
            #expect(finished.checkpoint == Array(#"{"token":"t"}"#.utf8))
            #expect(finished.updated == t0.addingTimeInterval(1))
            let failed = try #require(try await store.job(b.jobID))
            #expect(failed.status == .error && failed.error == "quota exceeded" && failed.leaseOwner == nil)

            // retry: only from error
            let retried = try await store.retry(b.jobID, now: t0.addingTimeInterval(2))
            #expect(retried.status == .pending && retried.trys == 0 && retried.runAt == t0.addingTimeInterval(2))
            await #expect(throws: JobStoreError(.wrongState, "job \(a.jobID) is finished; only a job in error can be retried")) {
                try await store.retry(a.jobID, now: t0)
            }
            let missing = JobID.random()
            let notFound = await #expect(throws: JobStoreError.self) { try await store.retry(missing, now: t0) }
            #expect(notFound?.code == .notFound)

            // a retry outcome: pending again at retryAt, error kept
            let again = try #require(try await store.claim(limit: 1, owner: "w1", lease: .seconds(30), now: t0.addingTimeInterval(3)).first)
            #expect(again.id == b.jobID && again.trys == 1)
            let retryAt = t0.addingTimeInterval(10)
            #expect(try await store.complete([
                JobCompletion(lease: try #require(again.lease), outcome: .retry(error: "busy", retryAt: retryAt)),
            ], now: t0.addingTimeInterval(4)) == [b.jobID])
            let pending = try #require(try await store.job(b.jobID))
            #expect(pending.status == .pending && pending.runAt == retryAt && pending.error == "busy" && pending.leaseOwner == nil)

            #expect(try await store.counts() == [.pending: 2, .finished: 1])
            let page = try await store.jobs(JobQuery(projectID: "p1"))
            #expect(page.total == 2 && Set(page.jobs.map(\.id)) == [a.jobID, b.jobID])
            let byStatus = try await store.jobs(JobQuery(statuses: [.pending], action: "server.create"))
            #expect(byStatus.total == 1 && byStatus.jobs.map(\.id) == [jobs[2].id])
            let byIDs = try await store.jobs(JobQuery(ids: [jobs[0].id, jobs[2].id], limit: 1, offset: 1))
            #expect(byIDs.total == 2 && byIDs.jobs.count == 1)
            #expect(try await store.jobs(JobQuery(ids: [])).total == 0)
        }
    }

    @Test("idempotency: the same request gives the existing job; a different one fails the whole batch")
    func idempotency() async throws {
        try await DB.withStore { store in
            let original = try #require(try await store.enqueue([
                NewJob(projectID: "p", action: "server.create", params: Array(#"{"n":1}"#.utf8), idempotencyKey: "k1"),
            ], now: t0).first?.job)
            let same = try await store.enqueue([
                NewJob(projectID: "p", action: "server.create", params: Array(#"{"n":1}"#.utf8), idempotencyKey: "k1"),
            ], now: t0.addingTimeInterval(5))
            #expect(same == [.existing(original)])
            // the same key in another project is another job
            let other = try await store.enqueue([
                NewJob(projectID: "q", action: "server.create", params: Array(#"{"n":1}"#.utf8), idempotencyKey: "k1"),
            ], now: t0)
            guard case .created = other.first else { Issue.record("expected a new job in project q"); return }

            let fresh = NewJob(projectID: "p", action: "server.create", idempotencyKey: "k2")
            let conflicting = NewJob(projectID: "p", action: "server.create", params: Array(#"{"n":2}"#.utf8), idempotencyKey: "k1")
            let error = await #expect(throws: JobStoreError.self) {
                try await store.enqueue([fresh, NewJob(projectID: "p", action: "a"), conflicting], now: t0)
            }
            #expect(error?.code == .idempotencyConflict)
            #expect(try await store.job(fresh.id) == nil)
            #expect(try await store.jobs(JobQuery()).total == 2)

            // an invalid job fails before anything is written
            let invalid = await #expect(throws: JobStoreError.self) {
                try await store.enqueue([NewJob(projectID: "p", action: "b"), NewJob(projectID: "", action: "c")], now: t0)
            }
            #expect(invalid?.code == .invalidJob)
            // a duplicate id is the caller's error, and also writes nothing
            let duplicate = await #expect(throws: JobStoreError.self) {
                try await store.enqueue([NewJob(projectID: "p", action: "d"), NewJob(id: original.id, projectID: "p", action: "e")], now: t0)
            }
            #expect(duplicate?.code == .invalidJob)
            #expect(try await store.jobs(JobQuery()).total == 2)
        }
    }

    @Test("8 concurrent claimers over 2,000 jobs get disjoint sets that together are all of them")
    func concurrentClaimers() async throws {
        try await DB.withStore { store in
            var all: Set<JobID> = []
            for batch in 0..<4 {
                let jobs = (0..<500).map { index in
                    NewJob(projectID: "p", action: "a", runAt: t0.addingTimeInterval(Double(batch * 500 + index) / 1000))
                }
                all.formUnion(try await store.enqueue(jobs, now: t0).map(\.job.id))
            }
            #expect(all.count == 2000)
            let now = t0.addingTimeInterval(10)
            let perClaimer = try await withThrowingTaskGroup(of: [JobID].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [JobID] = []
                        while true {
                            let jobs = try await store.claim(limit: 25, owner: "w\(worker)", lease: .seconds(60), now: now)
                            if jobs.isEmpty { break }
                            #expect(jobs.allSatisfy { $0.leaseOwner == "w\(worker)" && $0.trys == 1 })
                            mine += jobs.map(\.id)
                        }
                        return mine
                    }
                }
                var results: [[JobID]] = []
                for try await ids in group { results.append(ids) }
                return results
            }
            let claimed = perClaimer.flatMap { $0 }
            #expect(claimed.count == 2000, "every job exactly once")
            #expect(Set(claimed) == all)
            #expect(perClaimer.filter { !$0.isEmpty }.count > 1, "the work was shared")
            #expect(try await store.counts() == [.running: 2000])
        }
    }

    @Test("lease fencing: once another owner reclaimed an expired lease, the first owner's writes are rejected")
    func leaseFencing() async throws {
        try await DB.withStore { store in
            let id = try #require(try await store.enqueue([NewJob(projectID: "p", action: "a")], now: t0).first?.job.id)
            let first = try #require(try await store.claim(limit: 1, owner: "w1", lease: .seconds(5), now: t0).first)
            let lease1 = try #require(first.lease)
            #expect(try await store.renew([lease1], until: t0.addingTimeInterval(10), now: t0.addingTimeInterval(4)) == [id])
            #expect(try await store.claim(limit: 1, owner: "w2", lease: .seconds(5), now: t0.addingTimeInterval(9)).isEmpty)
            #expect(try await store.nextDue() == t0.addingTimeInterval(10))

            let second = try #require(try await store.claim(limit: 1, owner: "w2", lease: .seconds(5), now: t0.addingTimeInterval(11)).first)
            #expect(second.id == id && second.trys == 2 && second.leaseOwner == "w2")
            let lease2 = try #require(second.lease)

            let now = t0.addingTimeInterval(12)
            #expect(try await store.complete([JobCompletion(lease: lease1, outcome: .finished(result: nil))], now: now).isEmpty)
            #expect(try await !store.checkpoint(lease1, data: Array("{}".utf8), now: now))
            #expect(try await store.renew([lease1], until: now.addingTimeInterval(60), now: now).isEmpty)
            #expect(try await store.release([lease1], now: now).isEmpty)
            // the same owner name with the old attempt is stale too
            let staleAttempt = JobLease(jobID: id, owner: "w2", attempt: 1)
            #expect(try await store.complete([JobCompletion(lease: staleAttempt, outcome: .failed(error: "x"))], now: now).isEmpty)
            let unchanged = try #require(try await store.job(id))
            #expect(unchanged.status == .running && unchanged.leaseOwner == "w2" && unchanged.checkpoint == nil)

            #expect(try await store.complete([JobCompletion(lease: lease2, outcome: .finished(result: nil))], now: now) == [id])
            #expect(try await store.job(id)?.status == .finished)
        }
    }

    @Test("release hands the job back due now, gives back the try, and wakes waiters")
    func releaseGivesBackTheTry() async throws {
        try await DB.withStore { store in
            let id = try #require(try await store.enqueue(
                [NewJob(projectID: "p", action: "a", runAt: t0.addingTimeInterval(-60))], now: t0).first?.job.id)
            let claimed = try #require(try await store.claim(limit: 1, owner: "w1", lease: .seconds(30), now: t0).first)
            #expect(claimed.trys == 1)
            let generation = store.wakeups.generation
            let now = t0.addingTimeInterval(3)
            #expect(try await store.release([try #require(claimed.lease)], now: now) == [id])
            #expect(store.wakeups.generation != generation)
            let released = try #require(try await store.job(id))
            #expect(released.status == .pending && released.trys == 0 && released.runAt == now)
            #expect(released.leaseOwner == nil && released.leaseExpires == nil)
            #expect(try await store.release([try #require(claimed.lease)], now: now).isEmpty)
            let reclaimed = try #require(try await store.claim(limit: 1, owner: "w2", lease: .seconds(30), now: now).first)
            #expect(reclaimed.id == id && reclaimed.trys == 1)
        }
    }

    @Test("LISTEN: an enqueue through one store object wakes a waiter on another within milliseconds")
    func listenWakeup() async throws {
        let configuration = try DB.configuration()
        var elsewhere = configuration
        elsewhere.schema! += "_other"
        try await DB.withStore(configuration) { producer in
            try await PostgresJobStore.withStore(configuration: configuration, logger: DB.logger) { consumer in
                try await PostgresJobStore.withStore(configuration: elsewhere, logger: DB.logger) { other in
                    try await Self.waitUntilListening(consumer)
                    try await Self.waitUntilListening(other)
                    let otherGeneration = other.wakeups.generation
                    let generation = consumer.wakeups.generation
                    let clock = ContinuousClock()
                    let start = clock.now
                    _ = try await producer.enqueue([NewJob(projectID: "p", action: "a")], now: Date())
                    await consumer.wakeups.wait(after: generation, timeout: .seconds(5))
                    let elapsed = clock.now - start
                    #expect(consumer.wakeups.generation != generation, "the consumer was woken")
                    #expect(elapsed < .seconds(2), "woken after \(elapsed)")
                    // release and retry notify too
                    let job = try #require(try await producer.claim(limit: 1, owner: "w", lease: .seconds(30), now: Date()).first)
                    let afterEnqueue = consumer.wakeups.generation
                    _ = try await producer.release([try #require(job.lease)], now: Date())
                    await consumer.wakeups.wait(after: afterEnqueue, timeout: .seconds(5))
                    #expect(consumer.wakeups.generation != afterEnqueue, "woken by release")
                    // another schema is another queue
                    try await Task.sleep(for: .milliseconds(200))
                    #expect(other.wakeups.generation == otherGeneration, "a queue in another schema stays asleep")
                }
            }
        }
    }

    @Test("restart: after PostgreSQL restarts, enqueue and claim work again within seconds and LISTEN wakes again",
          .enabled(if: PostgresTestDatabase.canRestart, PostgresTestDatabase.restartSkipReason))
    func restart() async throws {
        let configuration = try DB.configuration(DB.restartURL)
        try await DB.exclusively { try await DB.withStore(configuration) { producer in
            try await PostgresJobStore.withStore(configuration: configuration, logger: DB.logger) { consumer in
                try await Self.waitUntilListening(consumer)
                _ = try await producer.enqueue([NewJob(projectID: "p", action: "before")], now: t0)
                #expect(try await producer.claim(limit: 1, owner: "w", lease: .seconds(30), now: t0).count == 1)
                let listensBefore = consumer.listenStarts.load(ordering: .relaxed)

                try await Self.shell(try #require(DB.restartCommand))

                let clock = ContinuousClock()
                let restarted = clock.now
                let job = try await DB.eventually(timeout: .seconds(20), "enqueue after the restart") {
                    try await producer.enqueue([NewJob(projectID: "p", action: "after")], now: t0).first?.job
                }
                let claimed = try await DB.eventually(timeout: .seconds(10), "claim after the restart") {
                    try await producer.claim(limit: 5, owner: "w", lease: .seconds(30), now: t0).first
                }
                #expect(claimed.id == job.id)
                #expect(clock.now - restarted < .seconds(15), "back after \(clock.now - restarted)")

                // the listener reconnected by itself, and NOTIFY reaches it again
                _ = try await DB.eventually(timeout: .seconds(15), "the LISTEN connection to come back") {
                    consumer.listenStarts.load(ordering: .relaxed) > listensBefore ? true : nil
                }
                let generation = consumer.wakeups.generation
                _ = try await producer.enqueue([NewJob(projectID: "p", action: "wake")], now: t0)
                await consumer.wakeups.wait(after: generation, timeout: .seconds(5))
                #expect(consumer.wakeups.generation != generation, "woken after the restart")
            }
        } }
    }

    @Test("a wrong password or a failing statement: the error names the failure, never the password")
    func passwordNeverInServerErrors() async throws {
        let secret = "Zq9-s3cr3t/pa@ss?word#x"
        // a wrong password against the real server: the error names the failure, not the password
        var wrong = try DB.configuration()
        wrong.password = secret
        let error = await #expect(throws: JobStoreError.self) {
            try await PostgresJobStore.withStore(configuration: wrong, logger: DB.logger) { try await $0.migrate() }
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("28P01") == true, "\(error.map { "\($0)" } ?? "")")
        #expect(error.map { !"\($0)".contains(secret) } == true)

        // a server error carries SQLSTATE and message, and no password either
        let right = try DB.configuration()
        let password = try #require(right.password)
        try await DB.withStore(right) { store in
            let failure = await #expect(throws: JobStoreError.self) {
                try await store.perform("test") { connection in
                    try await connection.run("SELECT * FROM no_such_table", logger: DB.logger)
                }
            }
            #expect(failure?.code == .unavailable)
            #expect(failure?.message.contains("42P01") == true, "\(failure.map { "\($0)" } ?? "")")
            #expect(failure.map { !$0.message.contains(password) } == true)
        }
    }

    // MARK: - Helpers

    /// Waits until `store`'s listener is LISTENing (it signals once when it starts).
    static func waitUntilListening(_ store: PostgresJobStore) async throws {
        _ = try await DB.eventually(timeout: .seconds(10), "the LISTEN connection") {
            store.listenStarts.load(ordering: .relaxed) > 0 ? true : nil
        }
    }

    /// Runs `command` with /bin/sh and waits for it (posix_spawn + waitpid on a thread of its
    /// own: Foundation's `Process` did not notice the exit here); fails the test on a non-zero exit.
    static func shell(_ command: String) async throws {
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread.detachNewThread {
                var pid = pid_t()
                let arguments = ["/bin/sh", "-c", "{ \(command)\n} >/dev/null"]
                var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
                defer { for pointer in argv { free(pointer) } }
                let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
                guard spawned == 0 else { continuation.resume(returning: -1); return }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        #expect(status == 0, "restart command failed (wait status \(status))")
    }
}

@Suite("PostgreSQL job store: URLs and secrets")
struct PostgresURLTests {
    @Test("bad URLs are configuration errors that never show the password")
    func badURLs() throws {
        let secret = "Zq9-s3cr3t/pa@ss?word#x"
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
        for url in [
            "postgres://user:\(secret)@host:notaport/db",
            "postgres://user:\(encoded)@host:99999/db",
            "mysql://user:\(secret)@host/db",
            "postgres://user:\(secret)@/db",
            "postgres://user:\(secret)@host/db?sslmode=sometimes",
            "postgres://user:\(secret)@host/db?password=\(encoded)",
            "postgres://user:\(secret)@host/db?schema=Bad-Name",
            "postgres://user:\(secret)",
        ] {
            let error = #expect(throws: JobStoreError.self) { try PostgresJobStore.Configuration(url: url) }
            #expect(error?.code == .configuration)
            #expect(error.map { !"\($0)".contains(secret) && !"\($0)".contains(encoded) } == true, "\(error.map { "\($0)" } ?? "")")
        }
    }

    @Test("URLs parse into host, port, credentials, database, TLS mode and schema; descriptions hide the password")
    func parsing() throws {
        let secret = "Zq9-s3cr3t/pa@ss?word#x"
        let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
        let parsed = try PostgresJobStore.Configuration(url: "postgresql://user:\(encoded)@db.example:6543/jobs?sslmode=disable&schema=q1")
        #expect(parsed.password == secret && parsed.host == "db.example" && parsed.port == 6543)
        #expect(parsed.database == "jobs" && parsed.schema == "q1" && parsed.username == "user")
        let unencoded = try PostgresJobStore.Configuration(url: "postgres://user:\(secret)@[::1]/jobs")
        #expect(unencoded.password == secret && unencoded.host == "::1" && unencoded.port == 5432)
        var dumped = ""
        dump(parsed, to: &dumped)
        let store = PostgresJobStore(configuration: parsed)
        for text in ["\(parsed)", String(reflecting: parsed), dumped, "\(store)", String(reflecting: store)] {
            #expect(!text.contains(secret) && !text.contains(encoded), "\(text)")
        }
        let minimal = try PostgresJobStore.Configuration(url: "postgres://me@localhost")
        #expect(minimal.password == nil && minimal.database == nil && minimal.port == 5432 && minimal.schema == nil)
        #expect("\(minimal)" == "postgres://me@localhost:5432/")
        #expect("\(parsed)" == "postgres://user:***@db.example:6543/jobs?sslmode=disable&schema=q1")
        #expect(PostgresSchemaName.quoted(#"we"ird"#) == #""we""ird""#)
        #expect(PostgresSchemaName.literal("it's") == "'it''s'")
    }
}
