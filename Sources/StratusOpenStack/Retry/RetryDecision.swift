/// What happened on one attempt, as far as retrying is concerned.
public enum AttemptOutcome: Sendable, Hashable {
    /// The server answered with this HTTP status (and maybe a `Retry-After`).
    case status(Int, retryAfter: Duration?)
    /// The request failed below HTTP; `neverSent` when it provably never left.
    case transport(neverSent: Bool)
}

/// The retry decision for one failed attempt.
public enum RetryDecision: Sendable, Hashable {
    /// Send again after waiting this long.
    case retry(after: Duration)
    /// Give up and report the failure as it is.
    case fail
    /// Give up: the request may have taken effect and must not be replayed blindly.
    case outcomeUnknown
}

extension RetryPolicy {
    /// Decides what to do after attempt number `attempt` (1-based) failed with `outcome`, given the
    /// time already `elapsed` in this call. A pure function: the request loop and the tests both
    /// drive it.
    public func decide(
        after outcome: AttemptOutcome,
        attempt: Int,
        elapsed: Duration,
        safety: RequestSafety,
        using generator: inout some RandomNumberGenerator
    ) -> RetryDecision {
        let retryAfter: Duration?
        switch outcome {
        case .status(let status, let after):
            guard retryableStatuses.contains(status) else { return .fail }
            if safety == .nonIdempotent, !Self.statusProvesNoEffect(status) {
                return .outcomeUnknown
            }
            retryAfter = after
        case .transport(let neverSent):
            if safety == .nonIdempotent, !neverSent { return .outcomeUnknown }
            retryAfter = nil
        }
        guard attempt < maxAttempts else { return .fail }
        let wait = delay(retry: attempt, retryAfter: retryAfter, using: &generator)
        guard elapsed + wait < deadline else { return .fail }
        return .retry(after: wait)
    }

    /// Statuses with which a server says it did not act on the request: rate limited (429), over a
    /// limit (413) or it gave up reading the request (408). A non-idempotent request may be resent.
    static func statusProvesNoEffect(_ status: Int) -> Bool {
        status == 429 || status == 413 || status == 408
    }
}
