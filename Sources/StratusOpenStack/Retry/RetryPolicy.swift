/// When and how long the client waits before sending a failed request again (seed 003).
///
/// Transient failures — HTTP 408, 413, 429, 500, 502, 503, 504, refused or reset connections and
/// timeouts — are retried up to ``maxAttempts`` times within ``deadline``. The wait before retry
/// *n* (1-based) is "full jitter" exponential backoff:
///
///     delay(n) = random(0 ... min(maxDelay, baseDelay × 2^(n−1)))
///
/// and never shorter than a `Retry-After` the server sent (capped at ``maxRetryAfter``). When the
/// wait would end after the deadline the call fails at once instead of sleeping in vain.
///
/// Whether a failure may be retried at all depends on the request's ``RequestSafety``: a create
/// POST is replayed only when it provably never reached the server or the server said it did not
/// act (429, 413, 408); otherwise it ends with ``OpenStackError/Code/outcomeUnknown``.
public struct RetryPolicy: Sendable, Hashable {
    /// The most times a request is sent, the first time included. Default 5 (seed 003).
    public var maxAttempts: Int
    /// The backoff base. Default 0.5 s.
    public var baseDelay: Duration
    /// The longest backoff between two attempts. Default 30 s.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured; a longer one is shortened to this. Default 60 s.
    public var maxRetryAfter: Duration
    /// The overall time budget of one call, all attempts and waits included. Default 120 s.
    public var deadline: Duration
    /// The time one attempt may take before it counts as timed out. Default 60 s.
    public var attemptTimeout: Duration
    /// The HTTP statuses that are transient. Default 408, 413, 429, 500, 502, 503, 504.
    public var retryableStatuses: Set<Int>

    /// Creates a policy; every default is the one documented on the property.
    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(60),
        deadline: Duration = .seconds(120),
        attemptTimeout: Duration = .seconds(60),
        retryableStatuses: Set<Int> = [408, 413, 429, 500, 502, 503, 504]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.deadline = deadline
        self.attemptTimeout = attemptTimeout
        self.retryableStatuses = retryableStatuses
    }

    /// The default policy.
    public static let `default` = RetryPolicy()
    /// Never retry: one attempt.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The upper bound of the jittered backoff before retry number `retry` (1 = first retry).
    public func backoffCeiling(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let scaled = baseDelay * Double(1 << exponent)
        return min(scaled, maxDelay)
    }

    /// The wait before retry number `retry`: full jitter on ``backoffCeiling(retry:)``, raised to
    /// the server's `Retry-After` (capped at ``maxRetryAfter``) when it sent one.
    public func delay(retry: Int, retryAfter: Duration?, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = backoffCeiling(retry: retry)
        let fraction = Double.random(in: 0...1, using: &generator)
        let jittered = ceiling * fraction
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxRetryAfter))
    }
}

/// Whether a request may be replayed after it possibly reached the server.
public enum RequestSafety: Sendable, Hashable {
    /// Replaying has no extra effect (GET, HEAD, PUT, DELETE, token requests): retried on every
    /// transient failure.
    case idempotent
    /// Replaying could act twice (a create POST, a server action): retried only when the request
    /// never left or the server said it did not act (408, 413, 429); otherwise the call ends with
    /// ``OpenStackError/Code/outcomeUnknown``.
    case nonIdempotent
}
