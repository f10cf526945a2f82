import Logging
import ServiceLifecycle

extension CloudSimulator {
    /// Starts a simulator in the background, waits until it listens, runs `body`, then shuts the
    /// simulator down gracefully — also when `body` throws.
    ///
    /// - Parameters:
    ///   - configuration: The simulator configuration (port 0 picks a free port).
    ///   - logger: The logger of the HTTP server.
    ///   - body: Work to do while the simulator runs.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or the start-up error of the simulator.
    public static func withRunning<T: Sendable>(
        configuration: SimulatorConfiguration = .init(),
        logger: Logger = Logger(label: "stratus.simulator"),
        _ body: (CloudSimulator) async throws -> T
    ) async throws -> T {
        let simulator = CloudSimulator(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [simulator], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { tasks in
            tasks.addTask { try await group.run() }
            let outcome: Result<T, any Error>
            do {
                _ = try await simulator.waitUntilRunning()
                outcome = .success(try await body(simulator))
            } catch {
                outcome = .failure(error)
            }
            await group.triggerGracefulShutdown()
            // Give in-flight connections a few seconds to finish, then cancel whatever is left.
            tasks.addTask { try await Task.sleep(for: .seconds(5)) }
            _ = try? await tasks.next()
            tasks.cancelAll()
            return try outcome.get()
        }
    }
}
