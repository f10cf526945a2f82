import Testing
@testable import StratusOpenStack

@Suite("Retry policy decisions (pure)")
struct RetryPolicyTests {
    var generator = SplitMix64(seed: 42)

    @Test("every transient status is retried for idempotent requests", arguments: [408, 413, 429, 500, 502, 503, 504])
    func transientStatusesRetry(status: Int) {
        var generator = generator
        let decision = RetryPolicy().decide(after: .status(status, retryAfter: nil), attempt: 1, elapsed: .zero,
                                            safety: .idempotent, using: &generator)
        guard case .retry(let wait) = decision else { Issue.record("expected retry, got \(decision)"); return }
        #expect(wait >= .zero && wait <= .milliseconds(500))
    }

    @Test("non-transient statuses fail at once", arguments: [400, 401, 403, 404, 409, 501])
    func permanentStatusesFail(status: Int) {
        var generator = generator
        #expect(RetryPolicy().decide(after: .status(status, retryAfter: nil), attempt: 1, elapsed: .zero,
                                     safety: .idempotent, using: &generator) == .fail)
    }

    @Test("a create POST that got a 5xx is never replayed: outcome unknown", arguments: [500, 502, 503, 504])
    func nonIdempotent5xxIsUnknown(status: Int) {
        var generator = generator
        #expect(RetryPolicy().decide(after: .status(status, retryAfter: nil), attempt: 1, elapsed: .zero,
                                     safety: .nonIdempotent, using: &generator) == .outcomeUnknown)
    }

    @Test("a create POST rejected with 429/413/408 (server did not act) is retried", arguments: [408, 413, 429])
    func nonIdempotentRejectionRetries(status: Int) {
        var generator = generator
        let decision = RetryPolicy().decide(after: .status(status, retryAfter: nil), attempt: 1, elapsed: .zero,
                                            safety: .nonIdempotent, using: &generator)
        #expect(decision != .fail && decision != .outcomeUnknown)
    }

    @Test("a POST that never left is retried; one that may have left is outcome unknown")
    func transportFailures() {
        var generator = generator
        let policy = RetryPolicy()
        if case .retry = policy.decide(after: .transport(neverSent: true), attempt: 1, elapsed: .zero,
                                       safety: .nonIdempotent, using: &generator) {} else {
            Issue.record("a never-sent POST must be retried")
        }
        #expect(policy.decide(after: .transport(neverSent: false), attempt: 1, elapsed: .zero, safety: .nonIdempotent,
                              using: &generator) == .outcomeUnknown)
        if case .retry = policy.decide(after: .transport(neverSent: false), attempt: 1, elapsed: .zero,
                                       safety: .idempotent, using: &generator) {} else {
            Issue.record("an idempotent request is retried after a reset")
        }
    }

    @Test("attempts are capped at maxAttempts (seed default 5)")
    func attemptCap() {
        var generator = generator
        let policy = RetryPolicy()
        #expect(policy.maxAttempts == 5)
        for attempt in 1..<5 {
            if case .retry = policy.decide(after: .status(503, retryAfter: nil), attempt: attempt, elapsed: .zero,
                                           safety: .idempotent, using: &generator) {} else {
                Issue.record("attempt \(attempt) should be retried")
            }
        }
        #expect(policy.decide(after: .status(503, retryAfter: nil), attempt: 5, elapsed: .zero, safety: .idempotent,
                              using: &generator) == .fail)
    }

    @Test("backoff is exponential full jitter, capped at maxDelay")
    func backoffBounds() {
        var generator = generator
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(2))
        #expect(policy.backoffCeiling(retry: 1) == .milliseconds(100))
        #expect(policy.backoffCeiling(retry: 2) == .milliseconds(200))
        #expect(policy.backoffCeiling(retry: 4) == .milliseconds(800))
        #expect(policy.backoffCeiling(retry: 10) == .seconds(2))
        var samples: [Duration] = []
        for _ in 0..<2000 { samples.append(policy.delay(retry: 3, retryAfter: nil, using: &generator)) }
        #expect(samples.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        // Full jitter spreads over the whole range, not just near the ceiling.
        #expect(samples.contains { $0 < .milliseconds(40) })
        #expect(samples.contains { $0 > .milliseconds(360) })
    }

    @Test("Retry-After is honoured as a floor and capped at maxRetryAfter")
    func retryAfterFloor() {
        var generator = generator
        let policy = RetryPolicy(baseDelay: .milliseconds(10), maxRetryAfter: .seconds(30))
        #expect(policy.delay(retry: 1, retryAfter: .seconds(7), using: &generator) == .seconds(7))
        #expect(policy.delay(retry: 1, retryAfter: .seconds(600), using: &generator) == .seconds(30))
    }

    @Test("a wait that would end past the deadline fails at once")
    func deadline() {
        var generator = generator
        let policy = RetryPolicy(deadline: .seconds(10))
        #expect(policy.decide(after: .status(429, retryAfter: .seconds(20)), attempt: 1, elapsed: .zero,
                              safety: .idempotent, using: &generator) == .fail)
        #expect(policy.decide(after: .status(503, retryAfter: nil), attempt: 1, elapsed: .seconds(10),
                              safety: .idempotent, using: &generator) == .fail)
    }
}
