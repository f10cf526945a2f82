import Foundation
import Logging
import StratusJobs
import StratusTesting
import Synchronization

/// A worker configuration with short timings for tests.
func quickConfiguration(_ adjust: (inout JobWorkerConfiguration) -> Void = { _ in }) -> JobWorkerConfiguration {
    var configuration = JobWorkerConfiguration()
    configuration.pollInterval = .milliseconds(200)
    configuration.lease = .seconds(5)
    configuration.shutdownGrace = .seconds(2)
    adjust(&configuration)
    return configuration
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
