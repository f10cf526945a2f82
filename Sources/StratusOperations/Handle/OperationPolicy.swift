/// How an operation waits, retries and cleans up. Every default is written here.
public struct OperationPolicy: Sendable, Hashable {
    /// What to delete when an attempt fails.
    public enum Cleanup: Sendable, Hashable {
        /// Delete a broken resource only to make room for another attempt; keep the last one for
        /// inspection. The default.
        case beforeRetry
        /// Also delete the last broken resource before reporting failure.
        case always
        /// Never delete anything.
        case never
    }

    /// Attempts in all (seed 000's `retry_count` + 1). On failure or timeout the broken resource is
    /// deleted, its deletion awaited, and the resource created again. Default 1.
    public var attempts: Int
    /// How long one attempt may take to reach its goal. Default 600 s.
    public var timeout: Duration
    /// How long deleting a broken resource may take. Default 300 s.
    public var cleanupTimeout: Duration
    /// The wait before the second attempt; doubled for each further one. Default 2 s.
    public var backoff: Duration
    /// What to delete on failure. Default ``Cleanup/beforeRetry``.
    public var cleanup: Cleanup
    /// Delete the resource when the operation is cancelled. Default false.
    public var cleanupOnCancel: Bool
    /// After a create whose outcome is unknown found nothing by its token, wait this long and look
    /// again before creating anew (the first request may still be in flight). Default 2 s.
    public var unknownOutcomeGrace: Duration
    /// How many creates in a row may end with an unknown outcome that the token lookup proves had
    /// no effect, before the attempt gives up. Default 10.
    public var unknownOutcomeLimit: Int

    /// Creates a policy.
    public init(attempts: Int = 1, timeout: Duration = .seconds(600), cleanupTimeout: Duration = .seconds(300),
                backoff: Duration = .seconds(2), cleanup: Cleanup = .beforeRetry, cleanupOnCancel: Bool = false,
                unknownOutcomeGrace: Duration = .seconds(2), unknownOutcomeLimit: Int = 10) {
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.cleanupTimeout = cleanupTimeout
        self.backoff = backoff
        self.cleanup = cleanup
        self.cleanupOnCancel = cleanupOnCancel
        self.unknownOutcomeGrace = unknownOutcomeGrace
        self.unknownOutcomeLimit = max(1, unknownOutcomeLimit)
    }

    /// One attempt, 600 s.
    public static let `default` = OperationPolicy()
}
