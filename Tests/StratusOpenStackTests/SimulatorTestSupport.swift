import Foundation
import StratusOpenStack
import StratusSimulator
import StratusTesting

/// Shared settings for tests against the built-in simulator.
enum SimulatorTestSupport {
    /// Fast lifecycles (50 ms) so status sequences can be watched in real time.
    static var fast: SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings = .fast
        configuration.seed = 1234
        return configuration
    }

    /// Retries with millisecond backoff, so fault tests finish quickly.
    static let quickRetry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20),
                                        deadline: .seconds(20), attemptTimeout: .seconds(10))

    static let imageName = "cirros-0.6.2-x86_64-disk"
    static let imageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"

    /// Polls `probe` every 20 ms until it returns a value, or fails after `timeout`.
    static func eventually<T>(timeout: Duration = .seconds(10), _ what: String,
                              _ probe: () async throws -> T?) async throws -> T {
        try await StratusTesting.eventually(timeout: timeout, what, probe)
    }

    /// Waits until `GET` of a resource answers 404.
    static func waitUntilGone(_ what: String, _ get: () async throws -> Void) async throws {
        try await StratusTesting.waitUntilGone(what, get)
    }
}
