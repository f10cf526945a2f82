import Foundation

/// A Neutron router. Unknown fields are ignored.
public struct Router: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "router"
    static let collection = "routers"
    static let path = "/routers"

    /// The router's uplink to an external network (`external_gateway_info`).
    public struct ExternalGateway: Sendable, Hashable, Decodable {
        /// The external network (`network_id`).
        public var networkID: String
        /// Whether source NAT is on (`enable_snat`); nil when the policy hides it.
        public var enableSNAT: Bool?
        /// The router's addresses on the external network (`external_fixed_ips`).
        public var externalFixedIPs: [Port.FixedIP]

        enum CodingKeys: String, CodingKey {
            case networkID = "network_id", enableSNAT = "enable_snat", externalFixedIPs = "external_fixed_ips"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            networkID = try c.decode(String.self, forKey: .networkID)
            enableSNAT = try c.decodeIfPresent(Bool.self, forKey: .enableSNAT)
            externalFixedIPs = try c.value(.externalFixedIPs, default: [])
        }
    }

    /// The router's UUID.
    public var id: String
    /// The name.
    public var name: String
    /// `ACTIVE`, `DOWN`, `BUILD` or `ERROR`.
    public var status: RouterStatus
    /// The external gateway, nil when none is set.
    public var externalGateway: ExternalGateway?
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
        case id, name, status, tags, description
        case externalGateway = "external_gateway_info"
        case projectID = "project_id", tenantID = "tenant_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, default: "")
        status = try c.value(.status, default: RouterStatus.active)
        externalGateway = try c.decodeIfPresent(ExternalGateway.self, forKey: .externalGateway)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        description = try c.value(.description, default: "")
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}

/// Neutron's answer to adding or removing a router interface.
public struct RouterInterface: Sendable, Hashable, Identifiable, Decodable {
    /// The router's id.
    public var id: String
    /// The subnet the interface is on (`subnet_id`).
    public var subnetID: String?
    /// The router's port on that subnet (`port_id`).
    public var portID: String
    /// Every subnet of the interface port (`subnet_ids`).
    public var subnetIDs: [String]
    /// The network of the interface (`network_id`).
    public var networkID: String?

    enum CodingKeys: String, CodingKey {
        case id, subnetID = "subnet_id", portID = "port_id", subnetIDs = "subnet_ids", networkID = "network_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        subnetID = try c.decodeIfPresent(String.self, forKey: .subnetID)
        portID = try c.decode(String.self, forKey: .portID)
        subnetIDs = try c.value(.subnetIDs, default: subnetID.map { [$0] } ?? [])
        networkID = try c.decodeIfPresent(String.self, forKey: .networkID)
    }
}
