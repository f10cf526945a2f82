import Foundation

/// A Neutron network, as `GET /v2.0/networks/{id}` describes it. Unknown fields are ignored.
public struct Network: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "network"
    static let collection = "networks"
    static let path = "/networks"

    /// The network's UUID.
    public var id: String
    /// The name (may be empty; names are not unique).
    public var name: String
    /// `ACTIVE`, `DOWN`, `BUILD` or `ERROR`.
    public var status: NetworkStatus
    /// Whether every project may use it (`shared`).
    public var isShared: Bool
    /// Whether it is an external network floating IPs and router gateways come from (`router:external`).
    public var isExternal: Bool
    /// Its subnets' ids (`subnets`).
    public var subnetIDs: [String]
    /// The owning project (`project_id`, else `tenant_id`).
    public var projectID: String?
    /// Tags (`standard-attr-tag`).
    public var tags: [String]
    /// The description.
    public var description: String
    /// The MTU, when the cloud reports it.
    public var mtu: Int?
    /// Whether the network is administratively up.
    public var adminStateUp: Bool
    /// When it was created.
    public var createdAt: Date?
    /// When it last changed.
    public var updatedAt: Date?
    /// Neutron's revision counter (grows with each change).
    public var revisionNumber: Int?

    enum CodingKeys: String, CodingKey {
        case id, name, status, shared, subnets, tags, description, mtu
        case external = "router:external", projectID = "project_id", tenantID = "tenant_id"
        case adminStateUp = "admin_state_up", createdAt = "created_at", updatedAt = "updated_at"
        case revisionNumber = "revision_number"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, default: "")
        status = try c.value(.status, default: NetworkStatus.active)
        isShared = try c.value(.shared, default: false)
        isExternal = try c.value(.external, default: false)
        subnetIDs = try c.value(.subnets, default: [])
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        description = try c.value(.description, default: "")
        mtu = try c.decodeIfPresent(Int.self, forKey: .mtu)
        adminStateUp = try c.value(.adminStateUp, default: true)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
        revisionNumber = try c.decodeIfPresent(Int.self, forKey: .revisionNumber)
    }
}

/// A Neutron subnet. Unknown fields are ignored.
public struct Subnet: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "subnet"
    static let collection = "subnets"
    static let path = "/subnets"

    /// A range of addresses Neutron hands out (`allocation_pools`).
    public struct AllocationPool: Sendable, Hashable, Codable {
        /// The first address.
        public var start: String
        /// The last address.
        public var end: String

        /// Creates a pool.
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// The subnet's UUID.
    public var id: String
    /// The name.
    public var name: String
    /// The network it belongs to (`network_id`).
    public var networkID: String
    /// The CIDR (`10.0.0.0/24`).
    public var cidr: String
    /// 4 or 6 (`ip_version`).
    public var ipVersion: Int
    /// The gateway address, nil when the subnet has none (`gateway_ip`).
    public var gatewayIP: String?
    /// Whether DHCP is on (`enable_dhcp`).
    public var enableDHCP: Bool
    /// The address ranges ports get addresses from.
    public var allocationPools: [AllocationPool]
    /// DNS servers handed out by DHCP.
    public var dnsNameservers: [String]
    /// The owning project.
    public var projectID: String?
    /// Tags.
    public var tags: [String]
    /// The description.
    public var description: String
    /// When it was created.
    public var createdAt: Date?
    /// When it last changed.
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, cidr, tags, description
        case networkID = "network_id", ipVersion = "ip_version", gatewayIP = "gateway_ip", enableDHCP = "enable_dhcp"
        case allocationPools = "allocation_pools", dnsNameservers = "dns_nameservers"
        case projectID = "project_id", tenantID = "tenant_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, default: "")
        networkID = try c.decode(String.self, forKey: .networkID)
        cidr = try c.value(.cidr, default: "")
        ipVersion = try c.value(.ipVersion, default: 4)
        gatewayIP = try c.decodeIfPresent(String.self, forKey: .gatewayIP)
        enableDHCP = try c.value(.enableDHCP, default: true)
        allocationPools = try c.value(.allocationPools, default: [])
        dnsNameservers = try c.value(.dnsNameservers, default: [])
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        description = try c.value(.description, default: "")
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}
