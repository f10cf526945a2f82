import Foundation
import Logging
import MetricsTestKit
import StratusJobs
import StratusService
import StratusSimulator
import StratusTesting
import Synchronization
import Testing
@testable import StratusOpenStack

/// Instrumentation seen through MetricsTestKit. Each test hands its own `TestMetrics` to the
/// component under test (tests run in parallel in one process, and `MetricsSystem.bootstrap`
/// can happen only once), so no test sees another's numbers.
@Suite("Instrumentation: cloud client, job worker, API server")
struct InstrumentationTests {
    /// The counters named `label` whose dimensions include all of `dimensions`, summed.
    static func total(_ metrics: TestMetrics, _ label: String, _ dimensions: [String: String]) -> Int64 {
        metrics.counters(label: label)
            .filter { counter in
                let own = Dictionary(counter.dimensions, uniquingKeysWith: { a, _ in a })
                return dimensions.allSatisfy { own[$0.key] == $0.value }
            }
            .reduce(0) { $0 + $1.totalValue }
    }

    // MARK: Cloud client

    @Test("route templates replace ids and names, keep literals")
    func routeTemplates() {
        #expect(RouteTemplate.of("GET /servers/5f0c2b7e-8a51-4d0e-9a55-0c1b5c3e2a10") == "GET /servers/{id}")
        #expect(RouteTemplate.of("POST /servers/abc/action") == "POST /servers/{id}/action")
        #expect(RouteTemplate.of("GET /servers/detail") == "GET /servers/detail")
        #expect(RouteTemplate.of("PUT /servers/srv-1/tags/blue") == "PUT /servers/{id}/tags/{tag}")
        #expect(RouteTemplate.of("DELETE /servers/s/os-volume_attachments/v") == "DELETE /servers/{id}/os-volume_attachments/{id}")
        #expect(RouteTemplate.of("PUT /images/img-1/file") == "PUT /images/{id}/file")
        #expect(RouteTemplate.of("GET /flavors/42") == "GET /flavors/{id}")
        #expect(RouteTemplate.of("GET /auth/projects") == "GET /auth/projects")
        #expect(RouteTemplate.of("GET (version document)") == "GET (version document)")
        #expect(RouteTemplate.of("GET /v3/0123456789abcdef0123/x") == "GET /v3/{id}/x")
    }

    @Test("a request to the simulator counts one attempt per route and status, and times it")
    func cloudRequestsAreCounted() async throws {
        let metrics = TestMetrics()
        try await withSimulatedCloud(metricsFactory: metrics) { _, client in
            let flavors = try await client.compute.flavors()
            #expect(!flavors.isEmpty)
            await #expect(throws: OpenStackError.self) { _ = try await client.compute.server(id: "9b1f6c1e-0000-4000-8000-000000000001") }
        }
        #expect(Self.total(metrics, "stratus_cloud_requests_total",
                           ["service": "compute", "route": "GET /flavors/detail", "status": "200"]) == 1)
        #expect(Self.total(metrics, "stratus_cloud_requests_total",
                           ["service": "compute", "route": "GET /servers/{id}", "status": "404"]) == 1)
        #expect(Self.total(metrics, "stratus_cloud_requests_total",
                           ["service": "identity", "route": "POST /auth/tokens", "status": "201"]) == 1)
        // No raw id in any series.
        #expect(metrics.counters(label: "stratus_cloud_requests_total")
            .allSatisfy { !$0.dimensions.contains { $0.1.contains("9b1f6c1e") } })
        let timer = try metrics.expectTimer("stratus_cloud_request_duration_seconds", [("service", "compute")])
        #expect(timer.values.count >= 2)
        #expect(timer.values.allSatisfy { $0 > 0 })
    }

    @Test("a retried attempt counts as a retry and as a request with its status")
    func retriesAreCounted() async throws {
        let metrics = TestMetrics()
        let clock = ManualClock()
        let transport = ScriptedTransport([
            .status(503),
            .failure(TransportFailure(neverSent: true, reason: "connection refused")),
            .json(200, #"{"id": "img-1", "name": "cirros", "status": "active", "tags": []}"#),
        ])
        let configuration = CloudConfiguration(
            name: "scripted", authURL: "http://keystone.invalid/v3", credentials: .staticToken("t"),
            endpointOverrides: [.image: "http://glance.invalid"])
        let client = OpenStackClient(configuration: configuration, transport: transport, clock: clock, jitterSeed: 3,
                                     metricsFactory: metrics)
        let task = Task { try await client.images.image(id: "img-1") }
        for count in 1...2 {
            await clock.waitForTotalSleeps(count)
            _ = clock.advanceToNextDeadline()
        }
        #expect(try await task.value.id == "img-1")
        let route = "GET /images/{id}"
        #expect(Self.total(metrics, "stratus_cloud_retries_total", ["service": "image", "route": route]) == 2)
        #expect(Self.total(metrics, "stratus_cloud_requests_total", ["service": "image", "route": route, "status": "503"]) == 1)
        #expect(Self.total(metrics, "stratus_cloud_requests_total", ["service": "image", "route": route, "status": "error"]) == 1)
        #expect(Self.total(metrics, "stratus_cloud_requests_total", ["service": "image", "route": route, "status": "200"]) == 1)
    }

    // MARK: Jobs

    static func withStore(_ body: (SQLiteJobStore) async throws -> Void) async throws {
        let path = NSTemporaryDirectory() + "stratus-obs-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteJobStore(path: path)
        try await store.migrate()
        try await body(store)
    }

    static func quick() -> JobWorkerConfiguration {
        var configuration = JobWorkerConfiguration()
        configuration.pollInterval = .milliseconds(200)
        configuration.lease = .seconds(5)
        configuration.shutdownGrace = .seconds(2)
        return configuration
    }

    struct Params: Codable, Sendable { var fail: Bool }

    @Test("finished and failed jobs count by outcome; runs are timed; start latency and running gauge are recorded")
    func jobOutcomesAreCounted() async throws {
        try await Self.withStore { store in
            let metrics = TestMetrics()
            var handlers = JobHandlers()
            handlers.register("Work") { (params: Params, _: JobContext) in
                try await Task.sleep(for: .milliseconds(5))
                if params.fail { throw NonRetryableJobError("told to fail") }
            }
            let jobs = try [
                NewJob(projectID: "p", action: "Work", encoding: Params(fail: false)),
                NewJob(projectID: "p", action: "Work", encoding: Params(fail: false)),
                NewJob(projectID: "p", action: "Work", encoding: Params(fail: true), tryMax: 1),
            ]
            _ = try await store.enqueue(jobs, now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: Self.quick(), metricsFactory: metrics)
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, jobs.map(\.id)) }
            #expect(done.filter { $0.status == .finished }.count == 2)
            #expect(try metrics.expectCounter("stratus_jobs_total", [("outcome", "finished")]).totalValue == 2)
            #expect(try metrics.expectCounter("stratus_jobs_total", [("outcome", "error")]).totalValue == 1)
            #expect(try metrics.expectCounter("stratus_jobs_total", [("outcome", "retried")]).totalValue == 0)
            let durations = try metrics.expectTimer("stratus_job_duration_seconds", [("action", "Work")])
            #expect(durations.values.count == 3)
            #expect(durations.values.allSatisfy { $0 >= 5_000_000 })
            #expect(try metrics.expectTimer("stratus_job_start_latency_seconds").values.count == 3)
            let running = try metrics.expectGauge("stratus_jobs_running")
            #expect(running.values.contains { $0 >= 1 })
            #expect(running.lastValue == 0)
        }
    }

    @Test("a run past the exec timeout counts as timed_out")
    func timeoutsAreCounted() async throws {
        try await Self.withStore { store in
            let metrics = TestMetrics()
            var handlers = JobHandlers()
            handlers.register("Hang") { (_: Params, _: JobContext) in try await Task.sleep(for: .seconds(30)) }
            let job = try NewJob(projectID: "p", action: "Hang", encoding: Params(fail: false), tryMax: 1)
            _ = try await store.enqueue([job], now: Date())
            var configuration = Self.quick()
            configuration.execTimeout = .milliseconds(200)
            let worker = JobWorker(store: store, handlers: handlers, configuration: configuration, metricsFactory: metrics)
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, [job.id]) }
            #expect(done.first?.status == .error)
            #expect(try metrics.expectCounter("stratus_jobs_total", [("outcome", "timed_out")]).totalValue == 1)
            #expect(try metrics.expectCounter("stratus_jobs_total", [("outcome", "error")]).totalValue == 0)
        }
    }

    @Test("JobStateMetrics publishes the store's counts by state, zero for empty states")
    func jobStateGauges() async throws {
        try await Self.withStore { store in
            let metrics = TestMetrics()
            let jobs = (0..<3).map { _ in NewJob(projectID: "p", action: "Nothing") }
            _ = try await store.enqueue(jobs, now: Date())
            let states = JobStateMetrics(store: store, metricsFactory: metrics)
            try await states.refresh()
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "pending")]).lastValue == 3)
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "running")]).lastValue == 0)
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "finished")]).lastValue == 0)
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "error")]).lastValue == 0)
            _ = try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: Date())
            try await states.refresh()
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "pending")]).lastValue == 2)
            #expect(try metrics.expectGauge("stratus_jobs_in_state", [("state", "running")]).lastValue == 1)
        }
    }

    // MARK: API server

    @Test("API requests count by api, action and code; unknown actions fold into one series")
    func apiRequestsAreCounted() async throws {
        let path = NSTemporaryDirectory() + "stratus-obs-api-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteServiceStore(path: path)
        try await store.migrate()
        var manageRoutes = ActionRouter()
        ManageActions.register(in: &manageRoutes, store: store, defaultQuota: Quota(limits: [:]))
        let metrics = TestMetrics()
        let server = ActionServer(
            publicRoutes: ActionRouter(), manageRoutes: manageRoutes, store: store,
            configuration: .init(publicPort: 0, managePort: 0), metricsFactory: metrics)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            let ports = try #require(await server.waitUntilRunning())
            #expect(server.boundPorts?.managePort == ports.managePort)
            let key = try #require(try await ManageActions.bootstrapManageKey(store: store))
            let client = ActionClient(baseURL: "http://127.0.0.1:\(ports.managePort)", accessKeyID: key.id, secret: key.secret)
            #expect(try await client.call("CreateProject", ["ProjectId": "obs"]).code == 0)
            #expect(try await client.call("NoSuchAction-1").code == 4106)
            #expect(try await client.call("NoSuchAction-2").code == 4106)
        }
        #expect(try metrics.expectCounter(
            "stratus_api_requests_total", [("api", "manage"), ("action", "CreateProject"), ("code", "0")]).totalValue == 1)
        #expect(try metrics.expectCounter(
            "stratus_api_requests_total", [("api", "manage"), ("action", "unknown"), ("code", "4106")]).totalValue == 2)
        #expect(!metrics.counters(label: "stratus_api_requests_total")
            .contains { $0.dimensions.contains { $0.1.hasPrefix("NoSuchAction") } })
        let timer = try metrics.expectTimer(
            "stratus_api_request_duration_seconds", [("api", "manage"), ("action", "CreateProject")])
        #expect(timer.values.count == 1)
    }
}
