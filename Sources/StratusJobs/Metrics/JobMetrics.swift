import CoreMetrics
import Foundation
import Metrics

/// A ``JobWorker``'s swift-metrics instruments, made once per worker (timers for every action
/// its handlers know):
///
/// - `stratus_jobs_total{outcome}` — one per run with a recorded outcome: `finished`, `retried`
///   (failed, tries remain), `error` (failed for good) or `timed_out` (exceeded the exec timeout;
///   retried if tries remain, else the job is in `error`). Runs abandoned after a lost lease or
///   handed back at shutdown are not counted.
/// - `stratus_jobs_running` — runs in progress in this worker.
/// - `stratus_job_duration_seconds{action}` — how long each run's handler took.
/// - `stratus_job_start_latency_seconds` — from when a job fell due (`runAt`: its enqueue, or
///   the time it was scheduled for) to its first run's claim.
struct JobMetrics: Sendable {
    static let outcomesLabel = "stratus_jobs_total"
    static let runningLabel = "stratus_jobs_running"
    static let durationLabel = "stratus_job_duration_seconds"
    static let startLatencyLabel = "stratus_job_start_latency_seconds"

    enum Outcome: String, CaseIterable {
        case finished
        case retried
        case error
        case timedOut = "timed_out"
    }

    let factory: any MetricsFactory
    private let outcomes: [Outcome: Counter]
    private let running: Gauge
    private let durations: [String: CoreMetrics.Timer]
    private let startLatency: CoreMetrics.Timer

    init(factory: any MetricsFactory, actions: [String]) {
        self.factory = factory
        var outcomes: [Outcome: Counter] = [:]
        for outcome in Outcome.allCases {
            outcomes[outcome] = Counter(label: Self.outcomesLabel, dimensions: [("outcome", outcome.rawValue)], factory: factory)
        }
        self.outcomes = outcomes
        running = Gauge(label: Self.runningLabel, factory: factory)
        var durations: [String: CoreMetrics.Timer] = [:]
        for action in actions {
            durations[action] = CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("action", action)], factory: factory)
        }
        self.durations = durations
        startLatency = CoreMetrics.Timer(label: Self.startLatencyLabel, factory: factory)
    }

    func record(_ outcome: Outcome) {
        outcomes[outcome]?.increment()
    }

    func setRunning(_ count: Int) {
        running.record(count)
    }

    func ran(_ action: String, for duration: Duration) {
        // Only registered actions get a timer: an unknown action name never makes a new series.
        durations[action]?.record(duration: duration)
    }

    func started(dueAt: Date, now: Date) {
        startLatency.record(duration: .nanoseconds(Int64(max(0, now.timeIntervalSince(dueAt)) * 1e9)))
    }
}

/// Publishes how many jobs are in each state (`stratus_jobs_in_state{state}`: pending, running,
/// finished, error) from ``JobStore/counts()``: call ``refresh()`` periodically (the
/// observability server's refresh loop does, every few seconds).
///
/// The count is a store query, so it is kept out of every hot path and shared by all workers of
/// the queue: every process that refreshes it reports the same numbers.
public final class JobStateMetrics: Sendable {
    /// The gauge's name.
    public static let label = "stratus_jobs_in_state"

    /// The store counted.
    public let store: any JobStore
    private let gauges: [JobStatus: Gauge]

    /// - Parameter metricsFactory: nil uses `MetricsSystem.factory` as bootstrapped now.
    public init(store: any JobStore, metricsFactory: (any MetricsFactory)? = nil) {
        self.store = store
        let factory = metricsFactory ?? MetricsSystem.factory
        var gauges: [JobStatus: Gauge] = [:]
        for status in JobStatus.allCases {
            gauges[status] = Gauge(label: Self.label, dimensions: [("state", status.rawValue)], factory: factory)
        }
        self.gauges = gauges
    }

    /// Counts the jobs by state and sets the gauges (a state without jobs reads 0). Throws what
    /// the store throws, leaving the gauges as they were.
    public func refresh() async throws {
        let counts = try await store.counts()
        for (status, gauge) in gauges { gauge.record(counts[status] ?? 0) }
    }
}
