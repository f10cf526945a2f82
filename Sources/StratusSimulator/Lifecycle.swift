import Foundation

/// Where a ``CloudSimulator`` is in its life, and who waits for it to listen.
struct Lifecycle: Sendable {
    private enum Phase: Sendable {
        case created
        case starting
        case running(port: Int)
        case stopped(any Error)
    }

    private var phase = Phase.created
    private var waiters: [UUID: CheckedContinuation<Int, any Error>] = [:]

    /// The bound port while running.
    var port: Int? {
        if case .running(let port) = phase { return port }
        return nil
    }

    /// Moves from created to starting; a simulator runs only once.
    mutating func start() throws {
        guard case .created = phase else { throw SimulatorError.alreadyStarted }
        phase = .starting
    }

    /// Records the bound port and hands back the waiters to resume.
    mutating func markRunning(port: Int) -> [CheckedContinuation<Int, any Error>] {
        phase = .running(port: port)
        return takeWaiters()
    }

    /// Records the stop and hands back the waiters to fail.
    mutating func markStopped(_ error: any Error) -> [CheckedContinuation<Int, any Error>] {
        phase = .stopped(error)
        return takeWaiters()
    }

    /// The outcome if already known, otherwise registers `continuation` under `id` and returns nil.
    mutating func wait(id: UUID, _ continuation: CheckedContinuation<Int, any Error>) -> Result<Int, any Error>? {
        switch phase {
        case .running(let port): return .success(port)
        case .stopped(let error): return .failure(error)
        case .created, .starting:
            waiters[id] = continuation
            return nil
        }
    }

    /// Removes and returns the waiter `id`, if still waiting.
    mutating func removeWaiter(_ id: UUID) -> CheckedContinuation<Int, any Error>? {
        waiters.removeValue(forKey: id)
    }

    private mutating func takeWaiters() -> [CheckedContinuation<Int, any Error>] {
        defer { waiters = [:] }
        return Array(waiters.values)
    }
}
