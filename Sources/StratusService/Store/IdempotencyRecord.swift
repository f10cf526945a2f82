import Foundation

/// What the service remembers about a request sent with an `Idempotency-Key`.
public enum IdempotencyState: Sendable, Hashable {
    /// First time: the caller now owns the key and must ``ServiceStore/finishIdempotent`` it.
    case reserved
    /// The first request is still being handled.
    case inProgress
    /// The first request's answer, to be replayed byte for byte.
    case completed(status: Int, body: [UInt8])
    /// The key was used with a different request.
    case mismatch
}

/// How long an unfinished reservation blocks its key: after this, the request is presumed lost
/// with its process and a retry with the same key runs again (its jobs are keyed by the same
/// idempotency key, so they are not enqueued twice).
public enum IdempotencyPolicy {
    public static let staleAfter: Duration = .seconds(120)
}
