import Hummingbird
import Logging
import Metrics
import NIOCore
import ServiceLifecycle
import Synchronization

/// Where the two APIs listen.
public struct ActionServerConfiguration: Sendable {
    public var host: String
    /// The public API's port (0 picks a free one).
    public var publicPort: Int
    /// The manage API's port (0 picks a free one); keep it off the public network.
    public var managePort: Int
    /// Largest accepted request body.
    public var maxBodySize: Int

    public init(host: String = "127.0.0.1", publicPort: Int = 8080, managePort: Int = 8081, maxBodySize: Int = 1 << 20) {
        self.host = host
        self.publicPort = publicPort
        self.managePort = managePort
        self.maxBodySize = maxBodySize
    }
}

/// The public and manage action APIs on their own ports, as one swift-service-lifecycle
/// `Service`: build the routes, hand them over, run it in your `ServiceGroup`.
public final class ActionServer: Service, Sendable {
    public let configuration: ActionServerConfiguration
    let publicRoutes: ActionRouter
    let manageRoutes: ActionRouter
    let store: any ServiceStore
    let logger: Logger
    let metricsFactory: any MetricsFactory
    private let ports = Mutex<(public: Int?, manage: Int?, stopped: Bool, waiters: [CheckedContinuation<(Int, Int)?, Never>])>(
        (nil, nil, false, []))

    /// - Parameter metricsFactory: receives `stratus_api_requests_total` and
    ///   `stratus_api_request_duration_seconds` (see ``APIMetrics``); nil uses
    ///   `MetricsSystem.factory` as bootstrapped now.
    public init(
        publicRoutes: ActionRouter, manageRoutes: ActionRouter, store: any ServiceStore,
        configuration: ActionServerConfiguration = .init(), logger: Logger = Logger(label: "stratus.service"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.metricsFactory = metricsFactory ?? MetricsSystem.factory
        self.publicRoutes = publicRoutes
        self.manageRoutes = manageRoutes
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        let publicApp = application(.public, routes: publicRoutes, port: configuration.publicPort)
        let manageApp = application(.manage, routes: manageRoutes, port: configuration.managePort)
        defer { stopped() }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await publicApp.run() }
            group.addTask { try await manageApp.run() }
        }
    }

    /// The bound ports once both APIs listen; nil when the server stopped before that (a port in
    /// use, say — ``run()`` throws the reason).
    public func waitUntilRunning() async -> (publicPort: Int, managePort: Int)? {
        let ready = await withCheckedContinuation { (continuation: CheckedContinuation<(Int, Int)?, Never>) in
            let now = ports.withLock { state -> (ready: (Int, Int)?, answer: Bool) in
                if let p = state.public, let m = state.manage { return ((p, m), true) }
                if state.stopped { return (nil, true) }
                state.waiters.append(continuation)
                return (nil, false)
            }
            if now.answer { continuation.resume(returning: now.ready) }
        }
        return ready.map { (publicPort: $0.0, managePort: $0.1) }
    }

    /// Answers every waiter that is still waiting with nil.
    private func stopped() {
        let waiters = ports.withLock { state -> [CheckedContinuation<(Int, Int)?, Never>] in
            state.stopped = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: nil) }
    }

    /// The bound ports once both APIs listen, else nil (for readiness checks; does not wait).
    public var boundPorts: (publicPort: Int, managePort: Int)? {
        ports.withLock { state in
            guard let p = state.public, let m = state.manage else { return nil }
            return (p, m)
        }
    }

    private func application(_ api: APIKind, routes: ActionRouter, port: Int) -> some ApplicationProtocol {
        var logger = logger
        logger[metadataKey: "api"] = "\(api.rawValue)"
        let responder = ActionResponder(
            api: api, routes: routes, store: store, logger: logger, maxBodySize: configuration.maxBodySize,
            metrics: APIMetrics(api: api, actions: routes.actions, metricsFactory: metricsFactory))
        return Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: port), serverName: nil),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? port
                let (ready, waiters) = ports.withLock { state -> ((Int, Int)?, [CheckedContinuation<(Int, Int)?, Never>]) in
                    if api == .public { state.public = bound } else { state.manage = bound }
                    guard let p = state.public, let m = state.manage else { return (nil, []) }
                    defer { state.waiters.removeAll() }
                    return ((p, m), state.waiters)
                }
                if let ready { for waiter in waiters { waiter.resume(returning: ready) } }
            },
            logger: logger)
    }
}
