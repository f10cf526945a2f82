import StratusOpenStack

/// Polls `probe` every `interval` until it returns a value; throws
/// ``OpenStackError/Code/deadlineExceeded`` naming `what` after `timeout`. For tests that watch a
/// cloud (real or simulated) reach a state.
public func eventually<T>(timeout: Duration = .seconds(10), interval: Duration = .milliseconds(20), _ what: String,
                          _ probe: () async throws -> T?) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: interval)
    }
    throw OpenStackError(code: .deadlineExceeded, message: "timed out after \(timeout) waiting for \(what)")
}

/// Waits until `get` throws a not-found ``OpenStackError`` (the resource is gone).
public func waitUntilGone(timeout: Duration = .seconds(10), interval: Duration = .milliseconds(20), _ what: String,
                          _ get: () async throws -> Void) async throws {
    _ = try await eventually(timeout: timeout, interval: interval, what) { () async throws -> Bool? in
        do {
            try await get()
            return nil
        } catch let error as OpenStackError where error.isNotFound {
            return true
        }
    }
}
