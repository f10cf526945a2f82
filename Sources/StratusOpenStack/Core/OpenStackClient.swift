import Foundation
import Logging
import Metrics

/// A typed client for one OpenStack cloud: Keystone v3 auth and catalog, Nova, Cinder, Glance and Neutron,
/// with transient-failure retries that never replay a create blindly.
///
/// ```swift
/// let cloud = try OpenStackClient(cloud: "mycloud")            // clouds.yaml / OS_* like openstacksdk
/// let flavor = try await cloud.compute.findFlavor("m1.small")
/// let image = try await cloud.images.findImage("cirros")
/// let created = try await cloud.compute.createServer(.init(name: "web-1", imageID: image.id, flavorID: flavor.id))
/// let server = try await cloud.compute.server(id: created.id)
/// ```
///
/// The client is `Sendable`; share one per cloud. It holds no resources of its own when it uses the
/// default transport (AsyncHTTPClient's shared client).
public final class OpenStackClient: Sendable {
    /// The configuration this client was made with.
    public let configuration: CloudConfiguration
    /// Nova.
    public let compute: ComputeClient
    /// Cinder.
    public let blockStorage: BlockStorageClient
    /// Glance.
    public let images: ImageClient
    /// Keystone.
    public let identity: IdentityClient
    /// Neutron.
    public let network: NetworkClient
    let requester: Requester

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: where and how to connect.
    ///   - transport: how HTTP is sent (default: AsyncHTTPClient's shared client).
    ///   - clock: the clock retries wait on (a manual clock in tests).
    ///   - logger: where retries, re-authentication and negotiation are logged (never secrets).
    ///   - jitterSeed: a seed for backoff jitter, for reproducible tests; nil is random.
    ///   - metricsFactory: where the request metrics go (`stratus_cloud_requests_total`,
    ///     `stratus_cloud_retries_total`, `stratus_cloud_request_duration_seconds`); nil uses
    ///     `MetricsSystem.factory` as bootstrapped when the client is created.
    public init<C: Clock>(
        configuration: CloudConfiguration,
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        clock: C = ContinuousClock(),
        logger: Logger = Logger(label: "stratus.openstack"),
        jitterSeed: UInt64? = nil,
        metricsFactory: (any MetricsFactory)? = nil
    ) where C.Duration == Duration {
        self.configuration = configuration
        let requester = Requester(configuration: configuration, transport: transport, clock: ClockBox(clock), logger: logger,
                                  seed: jitterSeed, metrics: CloudMetrics(factory: metricsFactory ?? MetricsSystem.factory))
        self.requester = requester
        compute = ComputeClient(requester: requester)
        blockStorage = BlockStorageClient(requester: requester)
        images = ImageClient(requester: requester)
        identity = IdentityClient(requester: requester)
        network = NetworkClient(requester: requester)
    }

    /// Loads `cloud` (or `OS_CLOUD`, or `OS_*`) with ``CloudConfiguration/load(cloud:environment:searchPaths:)``
    /// and creates a client for it.
    public convenience init(cloud: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "stratus.openstack")) throws {
        self.init(configuration: try CloudConfiguration.load(cloud: cloud, environment: environment), logger: logger)
    }

    /// Authenticates now (otherwise the first call does) and returns the token's scope, expiry
    /// and catalog. Re-authenticates only when the current token is near expiry.
    @discardableResult
    public func authenticate() async throws -> AuthState {
        try await requester.session.current(using: requester)
    }

    /// The versioned base URL used for `service` (catalog or override).
    public func endpoint(for service: ServiceType) async throws -> String {
        try requester.endpoint(for: service, state: try await authenticate())
    }
}
