import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import StratusObservability
import Synchronization
import Testing

/// The observability server on a real port, fetched over HTTP.
@Suite("ObservabilityServer: /metrics, /healthz, /readyz")
struct ObservabilityServerTests {
    struct Answer {
        var status: Int
        var contentType: String?
        var body: String
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    static func get(_ port: Int, _ path: String) async throws -> Answer {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 4 << 20)
        return Answer(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                      body: String(buffer: body))
    }

    /// Runs `server` in a service group for the duration of `body`, then shuts it down gracefully.
    static func withRunning(_ server: ObservabilityServer, _ body: (Int) async throws -> Void) async throws {
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = try #require(await server.waitUntilRunning())
            #expect(port > 0)
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("/metrics serves the registry in the Prometheus text format; /healthz answers ok")
    func metricsAndHealth() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = StratusMetrics.makeFactory(registry: registry)
        Counter(label: "stratus_test_things_total", dimensions: [("kind", "a")], factory: factory).increment(by: 3)
        CoreMetrics.Timer(label: "stratus_job_duration_seconds", dimensions: [("action", "X")], factory: factory)
            .record(duration: .seconds(200))
        let server = ObservabilityServer(registry: registry, configuration: .init(port: 0))
        try await Self.withRunning(server) { port in
            let metrics = try await Self.get(port, "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.contentType?.hasPrefix("text/plain") == true)
            #expect(metrics.body.contains("# TYPE stratus_test_things_total counter"))
            #expect(metrics.body.contains(#"stratus_test_things_total{kind="a"} 3"#))
            // The job-duration histogram uses Stratus's buckets (up to 30 min), not the 10 s default.
            #expect(metrics.body.contains(#"stratus_job_duration_seconds_bucket{action="X",le="300.0"} 1"#))
            #expect(metrics.body.contains(#"stratus_job_duration_seconds_bucket{action="X",le="120.0"} 0"#))

            let health = try await Self.get(port, "/healthz")
            #expect(health.status == 200)
            #expect(health.body == "ok\n")

            let readyWithoutChecks = try await Self.get(port, "/readyz")
            #expect(readyWithoutChecks.status == 200)

            #expect(try await Self.get(port, "/nothing-here").status == 404)
        }
    }

    @Test("/readyz is 200 when every check passes and 503 naming the failing ones otherwise")
    func readiness() async throws {
        struct StoreDown: Error, CustomStringConvertible { var description: String { "store unreachable" } }
        let storeUp = Mutex(false)
        let server = ObservabilityServer(
            registry: PrometheusCollectorRegistry(),
            checks: [
                ReadinessCheck("always") { true },
                ReadinessCheck("job_store") {
                    guard storeUp.withLock({ $0 }) else { throw StoreDown() }
                    return true
                },
                ReadinessCheck("slow", timeout: .milliseconds(100)) {
                    if storeUp.withLock({ $0 }) { return true }
                    try await Task.sleep(for: .seconds(5))
                    return true
                },
            ],
            configuration: .init(port: 0))
        try await Self.withRunning(server) { port in
            let notReady = try await Self.get(port, "/readyz")
            #expect(notReady.status == 503)
            #expect(notReady.contentType == "application/json")
            let json = try #require(notReady.json)
            #expect(json["ready"] as? Bool == false)
            let failing = try #require(json["failing"] as? [[String: Any]])
            #expect(failing.compactMap { $0["check"] as? String } == ["job_store", "slow"])
            #expect(failing.first?["error"] as? String == "store unreachable")
            #expect((failing.last?["error"] as? String)?.hasPrefix("timed out") == true)

            // Liveness does not depend on readiness.
            #expect(try await Self.get(port, "/healthz").status == 200)

            storeUp.withLock { $0 = true }
            let ready = try await Self.get(port, "/readyz")
            #expect(ready.status == 200)
            let readyJSON = try #require(ready.json)
            #expect(readyJSON["ready"] as? Bool == true)
            #expect((readyJSON["failing"] as? [Any])?.isEmpty == true)
            #expect((readyJSON["checks"] as? [Any])?.count == 3)
        }
    }

    @Test("refreshers run periodically while the server runs")
    func refreshers() async throws {
        let runs = Mutex(0)
        let server = ObservabilityServer(
            registry: PrometheusCollectorRegistry(), refreshers: [{ runs.withLock { $0 += 1 } }],
            configuration: .init(port: 0, refreshInterval: .milliseconds(50)))
        try await Self.withRunning(server) { _ in
            let deadline = ContinuousClock.now + .seconds(10)
            while runs.withLock({ $0 }) < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(runs.withLock { $0 } >= 3)
        }
    }

    @Test("a taken port makes run() throw and waitUntilRunning() answer nil")
    func portTaken() async throws {
        let first = ObservabilityServer(registry: PrometheusCollectorRegistry(), configuration: .init(port: 0))
        try await Self.withRunning(first) { port in
            let second = ObservabilityServer(registry: PrometheusCollectorRegistry(), configuration: .init(port: port))
            await #expect(throws: (any Error).self) { try await second.run() }
            #expect(await second.waitUntilRunning() == nil)
        }
    }

    @Test("bootstrap() installs one Prometheus factory and returns the same registry every time")
    func bootstrapOnce() {
        // The only test in the process that bootstraps swift-metrics; every other test hands
        // its own factory to the component it checks.
        let registry = StratusMetrics.bootstrap()
        #expect(StratusMetrics.bootstrap() === registry)
        Counter(label: "stratus_bootstrap_probe_total").increment()
        #expect(registry.emitToString().contains("stratus_bootstrap_probe_total 1"))
    }
}
