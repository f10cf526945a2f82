import Foundation

/// How a run ended, as a worker reports it to the store.
public struct JobCompletion: Sendable, Hashable {
    /// What to record.
    public enum Outcome: Sendable, Hashable {
        /// The job is done; `result` is JSON (or nil).
        case finished(result: [UInt8]?)
        /// This run failed; run again at `retryAt`.
        case retry(error: String, retryAt: Date)
        /// The job failed for good.
        case failed(error: String)
    }

    public var lease: JobLease
    public var outcome: Outcome

    public init(lease: JobLease, outcome: Outcome) {
        self.lease = lease
        self.outcome = outcome
    }
}
