import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// Sets up swift-metrics for a Stratus process: one Prometheus registry behind
/// `MetricsSystem.factory`, which every Stratus library reports to unless handed another factory.
public enum StratusMetrics {
    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Histogram buckets for the timers whose durations differ from the Prometheus defaults
    /// (5 ms … 10 s): job runs take minutes, job start latency and API answers milliseconds.
    public static let durationBuckets: [String: [Duration]] = [
        "stratus_job_duration_seconds": [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60),
            .seconds(120), .seconds(300), .seconds(600), .seconds(900), .seconds(1800),
        ],
        "stratus_job_start_latency_seconds": [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
            .seconds(60),
        ],
        "stratus_api_request_duration_seconds": [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(5),
        ],
    ]

    /// Calls `MetricsSystem.bootstrap` with a Prometheus factory (on a new registry, with
    /// ``durationBuckets``) and returns that registry. Only the first call bootstraps; later calls
    /// return the same registry, so calling it twice in one process is safe. Call it before
    /// creating clients, monitors, workers and servers: they take `MetricsSystem.factory` when
    /// they are created.
    ///
    /// Does not know about a bootstrap done by other code: if something else bootstrapped
    /// swift-metrics first, swift-metrics stops the process (its rule, not ours).
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        bootstrapped.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(makeFactory(registry: created))
            registry = created
            return created
        }
    }

    /// A Prometheus factory on `registry` with ``durationBuckets``, without bootstrapping: for
    /// tests and for handing to one component explicitly.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = durationBuckets
        return factory
    }
}
