import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// An OpenStack-compatible fake cloud (Keystone v3, Nova v2.1, Cinder v3, Glance v2, Neutron v2.0) on one port,
/// with fault injection.
///
/// Run it as a `Service` in a `ServiceGroup`, or scoped with
/// ``withRunning(configuration:logger:_:)``:
///
/// ```swift
/// try await CloudSimulator.withRunning { cloud in
///     print(cloud.authURL)                     // http://127.0.0.1:PORT/identity/v3
///     try cloud.cloudsYAML().write(toFile: "clouds.yaml", atomically: true, encoding: .utf8)
/// }
/// ```
///
/// Paths are devstack-like: `/identity/v3`, `/compute/v2.1`, `/volume/v3/{project_id}`, `/image/v2`,
/// `/network/v2.0`,
/// plus unauthenticated `/_sim/stats`, `/_sim/reset` and `/_sim/faults`.
public final class CloudSimulator: Service, Sendable {
    /// The configuration the simulator was created with.
    public let configuration: SimulatorConfiguration
    let logger: Logger
    /// The simulated cloud; every request locks it once to read and change it.
    let state: Mutex<CloudState>
    private let lifecycle = Mutex(Lifecycle())
    /// The highest compute microversion served.
    let maxComputeVersion: APIVersion

    /// Creates a simulator; nothing listens until ``run()``.
    /// - Parameters:
    ///   - configuration: Address, users, timings, faults and seed.
    ///   - logger: The logger of the HTTP server.
    public init(configuration: SimulatorConfiguration = .init(), logger: Logger = Logger(label: "stratus.simulator")) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(CloudState(configuration: configuration))
        self.maxComputeVersion = APIVersion(configuration.maxComputeMicroversion) ?? APIVersion(2, 96)
    }

    /// Serves requests until graceful shutdown or cancellation.
    ///
    /// - Throws: ``SimulatorError/alreadyStarted`` on a second call, or the error that stopped the
    ///   HTTP server (for example, the port is in use).
    public func run() async throws {
        try lifecycle.withLock { try $0.start() }
        let application = Application(
            responder: SimulatorResponder(simulator: self),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                let waiters = lifecycle.withLock { $0.markRunning(port: port) }
                for waiter in waiters { waiter.resume(returning: port) }
            },
            logger: logger
        )
        do {
            try await application.run()
            finish(with: SimulatorError.stopped)
        } catch {
            finish(with: error)
            throw error
        }
    }

    private func finish(with error: any Error) {
        let waiters = lifecycle.withLock { $0.markStopped(error) }
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Waits until the server listens and returns the bound port (port 0 is resolved).
    ///
    /// - Throws: The start-up error if ``run()`` fails, ``SimulatorError/stopped`` if it already
    ///   stopped, `CancellationError` if the waiting task is cancelled.
    public func waitUntilRunning() async throws -> Int {
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                let outcome = lifecycle.withLock { $0.wait(id: id, continuation) }
                switch outcome {
                case .some(.success(let port)): continuation.resume(returning: port)
                case .some(.failure(let error)): continuation.resume(throwing: error)
                case nil:
                    if Task.isCancelled, let waiter = lifecycle.withLock({ $0.removeWaiter(id) }) {
                        waiter.resume(throwing: CancellationError())
                    }
                }
            }
        } onCancel: {
            if let waiter = lifecycle.withLock({ $0.removeWaiter(id) }) {
                waiter.resume(throwing: CancellationError())
            }
        }
    }

    /// `http://HOST:PORT`; valid once running (before that the configured port is used).
    /// A wildcard bind address (`0.0.0.0`, `::`) is reported as the loopback address.
    public var baseURL: String {
        let port = lifecycle.withLock { $0.port } ?? configuration.port
        var host = configuration.host
        switch host {
        case "0.0.0.0", "": host = "127.0.0.1"
        case "::", "[::]": host = "::1"
        default: break
        }
        if host.contains(":") && !host.hasPrefix("[") {
            host = "[\(host)]"
        }
        return "http://\(host):\(port)"
    }

    /// The Keystone URL clients authenticate against: ``baseURL`` + `/identity/v3`.
    public var authURL: String {
        baseURL + "/identity/v3"
    }

    /// Replaces the injected faults; takes effect for the next request.
    /// - Parameter faults: The new fault configuration.
    public func setFaults(_ faults: FaultInjection) {
        state.withLock { $0.faults = faults }
    }

    /// The injected faults in force.
    public var faults: FaultInjection {
        state.withLock { $0.faults }
    }

    /// The request counters (`/_sim/*` requests are not counted).
    public func stats() -> SimulatorStats {
        state.withLock { $0.stats }
    }

    /// Zeroes the request counters.
    public func resetStats() {
        state.withLock { $0.stats = SimulatorStats() }
    }

    /// Every server ever created, deleted ones included, with status as of now; newest first.
    public func serverSnapshots() -> [SimulatedServer] {
        state.withLock { state in
            state.settle(now: Date())
            return state.servers.values.sorted { $0.sequence > $1.sequence }.map(\.snapshot)
        }
    }

    /// Every volume ever created, deleted ones included, with status as of now; newest first.
    public func volumeSnapshots() -> [SimulatedVolume] {
        state.withLock { state in
            state.settle(now: Date())
            return state.volumes.values.sorted { $0.sequence > $1.sequence }.map(\.snapshot)
        }
    }

    /// Every image, the two seed images and deleted ones included, with status as of now; newest first.
    public func imageSnapshots() -> [SimulatedImage] {
        state.withLock { state in
            state.settle(now: Date())
            return state.images.values.sorted { $0.sequence > $1.sequence }.map(\.snapshot)
        }
    }
}
