import Logging
import ServiceLifecycle
import StratusOpenStack

/// The entry point of the operations layer: handle-returning variants of every background call,
/// all tracked by one ``OperationMonitor``.
///
/// ```swift
/// try await Operations.withRunning(client: client) { ops in
///     let op = try await ops.servers.create(spec, policy: .init(attempts: 3, timeout: .seconds(600)))
///     let server = try await op.value
///     let image = try await ops.servers.createImage(serverID: server.id, name: "gold").value
/// }
/// ```
///
/// In a service, add ``monitor`` to your `ServiceGroup` instead of using ``withRunning(client:monitor:logger:_:)``.
public final class Operations: Sendable {
    /// The client every call goes through.
    public let client: OpenStackClient
    /// The monitor resolving every handle.
    public let monitor: OperationMonitor
    /// Server operations: create, delete, createImage, backup, migrate.
    public let servers: ServerOperations
    /// Volume operations: create, delete, attach, detach.
    public let volumes: VolumeOperations
    /// Floating IP operations: create, allocateAndAssociate, associate, disassociate, delete.
    public let floatingIPs: FloatingIPOperations
    /// Port operations: create, delete.
    public let ports: PortOperations
    /// Router operations: addInterface, removeInterface.
    public let routers: RouterOperations

    /// Creates the layer; `monitor` defaults to one for `client`. The monitor must run (see above).
    public init(client: OpenStackClient, monitor: OperationMonitor? = nil, logger: Logger = Logger(label: "stratus.operations")) {
        let monitor = monitor ?? OperationMonitor(client: client, logger: logger)
        self.client = client
        self.monitor = monitor
        let engine = AttemptEngine(client: client, monitor: monitor)
        servers = ServerOperations(engine: engine)
        volumes = VolumeOperations(engine: engine)
        floatingIPs = FloatingIPOperations(engine: engine)
        ports = PortOperations(engine: engine)
        routers = RouterOperations(engine: engine)
    }

    /// Runs the monitor for the duration of `body` and stops it afterwards.
    public static func withRunning<T: Sendable>(
        client: OpenStackClient, monitor: OperationMonitor? = nil, logger: Logger = Logger(label: "stratus.operations"),
        _ body: (Operations) async throws -> T
    ) async throws -> T {
        let operations = Operations(client: client, monitor: monitor, logger: logger)
        let running = Task { try await operations.monitor.run() }
        defer { running.cancel() }
        return try await body(operations)
    }
}
