/// Everything the client needs to reach one cloud: where Keystone is, how to authenticate, which
/// endpoints to pick, and how to retry. Build it by hand, or load it the way openstacksdk does with
/// ``CloudConfiguration/load(cloud:environment:searchPaths:)``.
public struct CloudConfiguration: Sendable {
    /// The cloud's name in clouds.yaml (`envvars` when it came from `OS_*`), for messages.
    public var name: String
    /// Keystone's URL (`auth.auth_url`); `/v3` is appended when missing. Nil for `admin_token`/`none`.
    public var authURL: String?
    /// How to authenticate.
    public var credentials: Credentials
    /// The region to pick endpoints in (`region_name`); nil accepts any.
    public var region: String?
    /// The endpoint interface (`interface`): `public` (default), `internal` or `admin`.
    public var interface: String
    /// Endpoint overrides by service type (`compute`, `block-storage`, `image`, `identity`) —
    /// clouds.yaml's `*_endpoint_override` keys. An override wins over the catalog.
    public var endpointOverrides: [ServiceType: String]
    /// The compute microversion to ask for at most (`compute_api_version`); negotiated down to what
    /// the cloud offers. Default ``Microversion/preferredCompute``.
    public var computeMicroversion: Microversion
    /// The block-storage microversion to ask for at most (`volume_api_version` with a minor part).
    public var volumeMicroversion: Microversion
    /// Retries for every call.
    public var retry: RetryPolicy
    /// Re-authenticate when the token has less than this left (openstacksdk uses 120 s). Default 120 s.
    public var tokenRefreshMargin: Duration

    /// Creates a configuration; every default is the one documented on the property.
    public init(
        name: String = "default",
        authURL: String?,
        credentials: Credentials,
        region: String? = nil,
        interface: String = "public",
        endpointOverrides: [ServiceType: String] = [:],
        computeMicroversion: Microversion = .preferredCompute,
        volumeMicroversion: Microversion = .preferredVolume,
        retry: RetryPolicy = .default,
        tokenRefreshMargin: Duration = .seconds(120)
    ) {
        self.name = name
        self.authURL = authURL
        self.credentials = credentials
        self.region = region
        self.interface = interface
        self.endpointOverrides = endpointOverrides
        self.computeMicroversion = computeMicroversion
        self.volumeMicroversion = volumeMicroversion
        self.retry = retry
        self.tokenRefreshMargin = tokenRefreshMargin
    }
}

/// An OpenStack service type, with the aliases the catalog may use for it.
public struct ServiceType: Sendable, Hashable, CustomStringConvertible {
    /// The official service type.
    public let name: String
    /// Other catalog types accepted for the same service, most preferred first.
    public let aliases: [String]

    /// Keystone.
    public static let identity = ServiceType(name: "identity", aliases: [])
    /// Nova.
    public static let compute = ServiceType(name: "compute", aliases: [])
    /// Cinder (catalogs call it `volumev3`, `block-storage`, `block-store` or `volume`).
    public static let blockStorage = ServiceType(name: "block-storage", aliases: ["volumev3", "block-store", "volume"])
    /// Glance.
    public static let image = ServiceType(name: "image", aliases: [])
    /// Neutron (Networking API v2.0).
    public static let network = ServiceType(name: "network", aliases: [])

    /// Every type, the name first.
    public var catalogTypes: [String] { [name] + aliases }

    public var description: String { name }

    public static func == (lhs: ServiceType, rhs: ServiceType) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
