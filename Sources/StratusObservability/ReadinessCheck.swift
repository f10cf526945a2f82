import Synchronization

/// One condition `GET /readyz` requires, e.g. "the job store answers a query".
///
/// The check passes when its closure returns `true` within ``timeout``; returning `false`,
/// throwing, or taking longer fails it, and `/readyz` names it in its 503 answer.
public struct ReadinessCheck: Sendable {
    /// A short name for the failing-check list (`job_store`, `api_ports`, …).
    public var name: String
    /// How long the check may take before it counts as failed.
    public var timeout: Duration
    /// The check itself.
    public var check: @Sendable () async throws -> Bool

    /// Creates a check named `name`.
    public init(_ name: String, timeout: Duration = .seconds(2), _ check: @escaping @Sendable () async throws -> Bool) {
        self.name = name
        self.timeout = timeout
        self.check = check
    }

    /// The outcome of running one check.
    public struct Result: Sendable, Hashable, Codable {
        /// The check's name.
        public var check: String
        /// Whether it passed.
        public var ok: Bool
        /// Why it failed (`returned false`, the error, or `timed out after …`); nil when it passed.
        public var error: String?
    }

    /// Runs the check under its timeout. Never throws: a failure is described in the result.
    /// A check that ignores cancellation is left to finish in the background; the answer does
    /// not wait for it.
    public func run() async -> Result {
        let name = self.name, check = self.check, timeout = self.timeout
        let once = Once<Result>()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Result, Never>) in
            once.set(continuation)
            let timer = Task {
                try? await Task.sleep(for: timeout)
                once.resume(with: Result(check: name, ok: false, error: "timed out after \(timeout)"))
            }
            Task {
                let result: Result
                do {
                    let ok = try await check()
                    result = Result(check: name, ok: ok, error: ok ? nil : "returned false")
                } catch {
                    result = Result(check: name, ok: false, error: String(describing: error))
                }
                once.resume(with: result)
                timer.cancel()
            }
        }
    }
}

/// A continuation resumed by whoever comes first.
private final class Once<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func resume(with value: T) {
        continuation.withLock { stored in
            defer { stored = nil }
            return stored
        }?.resume(returning: value)
    }
}
