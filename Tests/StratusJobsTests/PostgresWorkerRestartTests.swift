import Foundation
import StratusJobs
import StratusTesting
import Testing

/// The whole worker, not just the store, through a PostgreSQL restart.
@Suite("Worker through a PostgreSQL restart", .serialized,
       .enabled(if: PostgresTestDatabase.canRestart, PostgresTestDatabase.restartSkipReason))
struct PostgresWorkerRestartTests {
    @Test("jobs enqueued before, during and after a restart all finish, each once")
    func workerSurvivesRestart() async throws {
        let configuration = try PostgresTestDatabase.configuration(PostgresTestDatabase.restartURL)
        try await PostgresTestDatabase.exclusively { try await PostgresTestDatabase.withStore(configuration) { store in
            let counter = RunCounter()
            var handlers = JobHandlers()
            handlers.register("Step") { (params: SleepParams, context: JobContext) in
                counter.enter(context.job.id)
                defer { counter.leave() }
                try await Task.sleep(for: .milliseconds(params.milliseconds))
            }
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.execSize = 4
                $0.lease = .seconds(3)
                $0.pollInterval = .milliseconds(100)
            })
            let ids = try await withRunningWorker(worker) { _ in
                var ids: [JobID] = []
                func enqueue(_ count: Int) async throws {
                    let jobs = try (0..<count).map { _ in
                        try NewJob(projectID: "p", action: "Step", encoding: SleepParams(milliseconds: 100), tryPeriod: .milliseconds(100))
                    }
                    // The database may be down for a moment: keep trying, as an API would ask its client to.
                    _ = try await eventually(timeout: .seconds(30), interval: .milliseconds(100), "enqueue") { () async -> Bool? in
                        (try? await store.enqueue(jobs, now: Date())) != nil ? true : nil
                    }
                    ids += jobs.map(\.id)
                }
                try await enqueue(20)
                try await Task.sleep(for: .milliseconds(150))  // some running, some waiting
                try await PostgresTestDatabase.restartServer()
                try await enqueue(20)
                _ = try await eventually(timeout: .seconds(60), interval: .milliseconds(200), "all jobs to finish") { () async -> Bool? in
                    guard let page = try? await store.jobs(JobQuery(ids: ids, limit: 1000)) else { return nil }
                    return page.jobs.allSatisfy { $0.status == .finished } ? true : nil
                }
                return ids
            }
            let done = try await store.jobs(JobQuery(ids: ids, limit: 1000)).jobs
            #expect(done.count == 40)
            #expect(done.allSatisfy { $0.status == .finished })
            for id in ids { #expect(counter.runs(of: id) >= 1) }
        } }
    }
}

/// A FIFO async mutex.
actor AsyncLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }
}

extension PostgresTestDatabase {
    /// Tests that restart the server take turns (they share it).
    static func exclusively<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await restartTurns.acquire()
        do {
            let value = try await body()
            await restartTurns.release()
            return value
        } catch {
            await restartTurns.release()
            throw error
        }
    }

    static let restartTurns = AsyncLock()

    /// Runs ``restartCommand`` and waits for it.
    static func restartServer() async throws {
        guard let command = restartCommand else { return }
        try await PostgresJobStoreTests.shell(command)
    }
}
