import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

/// Where the observability endpoints listen and how often gauges are refreshed.
public struct ObservabilityConfiguration: Sendable {
    /// The address to bind (keep it private, like the manage API).
    public var host: String
    /// The port (0 picks a free one; ``ObservabilityServer/waitUntilRunning()`` tells which).
    public var port: Int
    /// How often the ``ObservabilityServer`` runs its refreshers (e.g. job counts by state).
    public var refreshInterval: Duration

    /// Creates a configuration; the defaults are `127.0.0.1:9090`, refreshing every 5 s.
    public init(host: String = "127.0.0.1", port: Int = 9090, refreshInterval: Duration = .seconds(5)) {
        self.host = host
        self.port = port
        self.refreshInterval = refreshInterval
    }
}

/// A swift-service-lifecycle `Service` serving a process's health on its own port:
///
/// - `GET /metrics` — every metric of a `PrometheusCollectorRegistry`, in the Prometheus text
///   format (see ``StratusMetrics/bootstrap()``).
/// - `GET /healthz` — `200 ok` for as long as the process serves at all (liveness).
/// - `GET /readyz` — `200` with `{"ready":true,…}` when every ``ReadinessCheck`` passes (they run
///   concurrently on each request), else `503` with `{"ready":false,"failing":[{"check":…,
///   "error":…}],…}` naming each failing check (readiness).
///
/// While it runs it also calls its refreshers every ``ObservabilityConfiguration/refreshInterval``
/// — closures that update gauges which need a query, such as StratusJobs's `JobStateMetrics`.
public final class ObservabilityServer: Service, Sendable {
    /// A closure run periodically to update gauges; its errors are logged and otherwise ignored.
    public typealias Refresher = @Sendable () async throws -> Void

    /// Where it listens.
    public let configuration: ObservabilityConfiguration
    /// The registry `/metrics` serves.
    public let registry: PrometheusCollectorRegistry
    /// What `/readyz` requires.
    public let checks: [ReadinessCheck]
    let refreshers: [Refresher]
    let logger: Logger
    private let port = Mutex<(bound: Int?, ended: Bool, waiters: [CheckedContinuation<Int?, Never>])>((nil, false, []))

    /// Creates the server; nothing listens until ``run()``.
    public init(
        registry: PrometheusCollectorRegistry, checks: [ReadinessCheck] = [], refreshers: [Refresher] = [],
        configuration: ObservabilityConfiguration = .init(), logger: Logger = Logger(label: "stratus.observability")
    ) {
        self.registry = registry
        self.checks = checks
        self.refreshers = refreshers
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until graceful shutdown or cancellation. Throws when the port cannot be bound.
    public func run() async throws {
        defer {
            let waiters = port.withLock { state in
                state.ended = true
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            for waiter in waiters { waiter.resume(returning: nil) }
        }
        let app = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? configuration.port
                let waiters = port.withLock { state in
                    state.bound = bound
                    defer { state.waiters.removeAll() }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume(returning: bound) }
            },
            logger: logger)
        try await withThrowingDiscardingTaskGroup { group in
            if !refreshers.isEmpty {
                group.addTask { try? await cancelWhenGracefulShutdown { try await self.refreshLoop() } }
            }
            group.addTask { try await app.run() }
        }
    }

    /// The bound port, once listening (useful with port 0); nil if ``run()`` ended without
    /// listening (e.g. the port was taken: `run()` throws why).
    public func waitUntilRunning() async -> Int? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
            let answer = port.withLock { state -> Int?? in
                if let bound = state.bound { return .some(bound) }
                if state.ended { return .some(nil) }
                state.waiters.append(continuation)
                return .none
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Runs every check concurrently.
    public func readiness() async -> [ReadinessCheck.Result] {
        await withTaskGroup(of: (Int, ReadinessCheck.Result).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await check.run()) }
            }
            var results: [(Int, ReadinessCheck.Result)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Runs every refresher once (each refresher's error is logged).
    public func refresh() async {
        for refresher in refreshers {
            do {
                try await refresher()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("refreshing metrics failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func refreshLoop() async throws {
        while !Task.isCancelled {
            await refresh()
            try await Task.sleep(for: configuration.refreshInterval)
        }
    }

    // MARK: Routes

    struct ReadinessBody: Encodable {
        var ready: Bool
        var failing: [ReadinessCheck.Result]
        var checks: [ReadinessCheck.Result]
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let registry = registry
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("/healthz") { _, _ -> Response in
            Self.text(.ok, "ok\n")
        }
        router.get("/readyz") { [self] _, _ -> Response in
            let results = await readiness()
            let failing = results.filter { !$0.ok }
            let body = ReadinessBody(ready: failing.isEmpty, failing: failing, checks: results)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(body)) ?? Data(#"{"ready":false}"#.utf8)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: failing.isEmpty ? .ok : .serviceUnavailable, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
