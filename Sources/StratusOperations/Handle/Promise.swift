import Synchronization

/// A value that arrives later, set exactly once, awaited by any number of callers — the backing of
/// handles that need no task of their own while they wait (the monitor completes them).
final class Promise<Value: Sendable>: Sendable {
    private struct State {
        /// Boxed: a `Result<Server, …>` stored inline made every pending promise ~400 bytes
        /// larger (a `Server` is a big struct) while it was still nil.
        var completed: Completed?
        var waiters: [CheckedContinuation<Value, any Error>] = []
        var onCancel: (@Sendable () -> Void)?

        var result: Result<Value, any Error>? {
            get { completed?.result }
            set { completed = newValue.map(Completed.init) }
        }
    }
    private final class Completed: Sendable {
        let result: Result<Value, any Error>
        init(_ result: Result<Value, any Error>) { self.result = result }
    }
    private let state = Mutex(State())

    var isCompleted: Bool { state.withLock { $0.completed != nil } }

    /// Sets the result (the first call wins) and wakes every waiter.
    func complete(_ result: Result<Value, any Error>) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            guard state.completed == nil else { return [] }
            state.result = result
            state.onCancel = nil
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }

    /// Waits for the result.
    var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let ready = state.withLock { state -> Result<Value, any Error>? in
                    if let result = state.result { return result }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }

    /// What ``cancel()`` does; replaced as the operation moves between phases.
    func setOnCancel(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { state in if state.completed == nil { state.onCancel = handler } }
    }

    /// Runs the current cancel handler once.
    func cancel() {
        let handler = state.withLock { state -> (@Sendable () -> Void)? in
            defer { state.onCancel = nil }
            return state.onCancel
        }
        handler?()
    }
}
