import Foundation

/// How a ``JobWorker`` picks and runs jobs. Defaults follow densefog (10, 10, 600 s) except the
/// tick: an idle worker waits for an enqueue signal instead of sleeping 2 s.
public struct JobWorkerConfiguration: Sendable {
    /// Jobs claimed per store round trip (densefog's `pick_size`).
    public var pickSize: Int = 10
    /// Jobs running at once (densefog's `exec_size`).
    public var execSize: Int = 10
    /// A run longer than this fails (and is retried if tries remain) (densefog's `exec_timeout`).
    public var execTimeout: Duration = .seconds(600)
    /// How long a claim holds before another worker may take the job; renewed every third of it
    /// while the job runs.
    public var lease: Duration = .seconds(30)
    /// The longest an idle worker waits before looking again (a fallback for enqueues it cannot
    /// hear about, e.g. another process on the same SQLite file).
    public var pollInterval: Duration = .seconds(1)
    /// The retry delay never exceeds this, however many tries.
    public var maxRetryDelay: Duration = .seconds(3600)
    /// On graceful shutdown, running jobs get this long to finish before they are cancelled and
    /// handed back to the queue.
    public var shutdownGrace: Duration = .seconds(10)
    /// Deliveries of one failure notice to one notifier before it is given up (and logged).
    public var notificationAttempts: Int = 4
    /// The delay before the second delivery; it doubles for each further one.
    public var notificationFirstDelay: Duration = .seconds(1)
    /// The name this worker's leases carry; unique per process by default.
    public var owner: String = JobWorkerConfiguration.defaultOwner()
    /// Where times come from (tests move it).
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    /// Checks the numbers; names the field and what was expected.
    public func validate() throws {
        func bad(_ field: String, _ expected: String) -> JobStoreError {
            JobStoreError(.configuration, "\(field) must be \(expected)")
        }
        if pickSize < 1 || pickSize > 10_000 { throw bad("pickSize", "between 1 and 10000") }
        if execSize < 1 || execSize > 100_000 { throw bad("execSize", "between 1 and 100000") }
        if execTimeout <= .zero { throw bad("execTimeout", "positive") }
        if lease < .milliseconds(30) { throw bad("lease", "at least 30 ms") }
        if pollInterval <= .zero { throw bad("pollInterval", "positive") }
        if owner.isEmpty { throw bad("owner", "non-empty") }
    }

    static func defaultOwner() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(suffix)"
    }
}

/// The delay before a failed job's next run: `tryPeriod × 2^(runs − 1)`, capped, ±10% jitter so
/// jobs that failed together do not retry together.
public enum RetryDelay {
    public static func after(run: Int, tryPeriod: Duration, cap: Duration, jitter: Double = .random(in: 0.9...1.1))
        -> Duration
    {
        let exponent = min(max(run - 1, 0), 30)
        let base = Double(JobTime.micros(tryPeriod)) * pow(2, Double(exponent))
        let capped = min(base, Double(JobTime.micros(cap)))
        return .microseconds(Int64(capped * jitter))
    }
}
