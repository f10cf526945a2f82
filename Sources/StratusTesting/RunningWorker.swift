import StratusJobs
import StratusOpenStack

/// Runs `worker` in the background for the duration of `body`, then stops it and waits for its
/// graceful drain — so no test leaves a worker writing to a store it is about to delete.
public func withRunningWorker<T: Sendable>(
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

/// Waits until every job in `ids` has ended (finished or error); returns them.
public func waitUntilFinal(_ store: any JobStore, _ ids: [JobID], timeout: Duration = .seconds(30)) async throws -> [Job] {
    try await eventually(timeout: timeout, "\(ids.count) jobs to end") { () async throws -> [Job]? in
        let page = try await store.jobs(JobQuery(ids: ids, limit: 1000))
        return page.jobs.count == ids.count && page.jobs.allSatisfy({ $0.status.isFinal }) ? page.jobs : nil
    }
}
