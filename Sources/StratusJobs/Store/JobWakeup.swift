import Synchronization

/// A broadcast "there may be work" signal: workers wait on it instead of polling an idle queue.
///
/// Signals are level-triggered per waiter: a `signal()` that arrives while a waiter is busy is
/// remembered (a generation counter), so the waiter's next `wait` returns at once.
public final class JobWakeup: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [UInt64: (generation: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// The current generation; pass it to `wait(after:timeout:)`.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// Wakes every waiter.
    public func signal() {
        let toResume = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            let all = state.waiters.values.map(\.continuation)
            state.waiters.removeAll()
            return all
        }
        for continuation in toResume { continuation.resume() }
    }

    /// Returns when a signal newer than `generation` arrives, `timeout` passes, or the task is
    /// cancelled, whichever is first.
    public func wait(after generation: UInt64, timeout: Duration) async {
        if state.withLock({ $0.generation != generation }) { return }
        let key = state.withLock { state -> UInt64 in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.state.withLock { state -> Bool in
                            if state.generation != generation || Task.isCancelled { return true }
                            state.waiters[key] = (generation, continuation)
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    self.resume(key)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.resume(key)
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func resume(_ key: UInt64) {
        let continuation = state.withLock { $0.waiters.removeValue(forKey: key)?.continuation }
        continuation?.resume()
    }
}
