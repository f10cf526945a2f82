import Foundation
import Logging
import StratusJobs
import StratusTesting
import Synchronization

/// Runs `worker` in the background for the duration of `body`, then stops it and waits for its
/// graceful drain.
func withRunningWorker<T: Sendable>(
    _ worker: JobWorker, _ body: @Sendable (JobWorker) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
        group.addTask { try await worker.run() }
        let outcome: Result<T, any Error>
        do { outcome = .success(try await body(worker)) } catch { outcome = .failure(error) }
        worker.stop()
        try await group.waitForAll()
        return try outcome.get()
    }
}

/// A worker configuration with short timings for tests.
func quickConfiguration(_ adjust: (inout JobWorkerConfiguration) -> Void = { _ in }) -> JobWorkerConfiguration {
    var configuration = JobWorkerConfiguration()
    configuration.pollInterval = .milliseconds(200)
    configuration.lease = .seconds(5)
    configuration.shutdownGrace = .seconds(2)
    adjust(&configuration)
    return configuration
}

/// Waits until every job in `ids` is final; returns them.
func waitUntilFinal(_ store: any JobStore, _ ids: [JobID], timeout: Duration = .seconds(20)) async throws -> [Job] {
    try await eventually(timeout: timeout, "\(ids.count) jobs to end") { () async throws -> [Job]? in
        let page = try await store.jobs(JobQuery(ids: ids, limit: 1000))
        return page.jobs.count == ids.count && page.jobs.allSatisfy({ $0.status.isFinal }) ? page.jobs : nil
    }
}

/// A thread-safe counter of concurrent and total runs.
final class RunCounter: Sendable {
    private let state = Mutex<(current: Int, peak: Int, total: Int, byJob: [JobID: Int])>((0, 0, 0, [:]))

    func enter(_ id: JobID) {
        state.withLock {
            $0.current += 1
            $0.total += 1
            $0.peak = max($0.peak, $0.current)
            $0.byJob[id, default: 0] += 1
        }
    }

    func leave() { state.withLock { $0.current -= 1 } }

    var peak: Int { state.withLock { $0.peak } }
    var total: Int { state.withLock { $0.total } }
    func runs(of id: JobID) -> Int { state.withLock { $0.byJob[id] ?? 0 } }
}

/// Params of the test handlers.
struct SleepParams: Codable, Sendable {
    var milliseconds: Int
}
