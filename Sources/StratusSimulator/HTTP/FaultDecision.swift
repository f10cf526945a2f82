/// What fault injection does to one request.
struct FaultDecision: Sendable {
    /// Milliseconds to wait before handling.
    var latencyMilliseconds = 0
    /// An HTTP status to answer instead of handling (429, 503 or 500).
    var status: Int?
    /// Whether to close the connection after committing (create requests only).
    var dropAfterCommit = false
    /// The `Retry-After` value for 429 and 503.
    var retryAfterSeconds = 1

    /// No fault.
    static let none = FaultDecision()
}

extension CloudState {
    /// Draws the faults for one request: at most one of 429, 503 and 500, and, for create
    /// requests (`isCreate`) that got none of those, whether to drop the connection after committing.
    mutating func decideFaults(isCreate: Bool) -> FaultDecision {
        var decision = FaultDecision()
        decision.latencyMilliseconds = max(0, faults.latencyMilliseconds)
        decision.retryAfterSeconds = max(0, faults.retryAfterSeconds)
        if random.chance(faults.http429Rate) {
            decision.status = 429
        } else if random.chance(faults.http503Rate) {
            decision.status = 503
        } else if random.chance(faults.http500Rate) {
            decision.status = 500
        } else if isCreate {
            decision.dropAfterCommit = random.chance(faults.dropAfterCommitRate)
        }
        return decision
    }
}
