import Foundation

/// A Neutron security group and its rules. Unknown fields are ignored.
public struct SecurityGroup: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "security_group"
    static let collection = "security_groups"
    static let path = "/security-groups"

    /// The group's UUID.
    public var id: String
    /// The name (`default` is created by Neutron for every project).
    public var name: String
    /// The description.
    public var description: String
    /// Its rules (`security_group_rules`).
    public var rules: [SecurityGroupRule]
    /// The owning project.
    public var projectID: String?
    /// Tags.
    public var tags: [String]
    /// When it was created.
    public var createdAt: Date?
    /// When it last changed.
    public var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, description, tags, rules = "security_group_rules"
        case projectID = "project_id", tenantID = "tenant_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, default: "")
        description = try c.value(.description, default: "")
        rules = try c.value(.rules, default: [])
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}

/// One rule of a security group. Unknown fields are ignored.
public struct SecurityGroupRule: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "security_group_rule"
    static let collection = "security_group_rules"
    static let path = "/security-group-rules"

    /// The rule's UUID.
    public var id: String
    /// The group it belongs to (`security_group_id`).
    public var securityGroupID: String
    /// `ingress` or `egress`.
    public var direction: SecurityGroupRuleDirection
    /// `IPv4` or `IPv6`.
    public var ethertype: String
    /// `tcp`, `udp`, `icmp`, a number, or nil for any protocol.
    public var `protocol`: String?
    /// The first port of the range (`port_range_min`), nil for all.
    public var portRangeMin: Int?
    /// The last port of the range (`port_range_max`), nil for all.
    public var portRangeMax: Int?
    /// The remote CIDR (`remote_ip_prefix`).
    public var remoteIPPrefix: String?
    /// The remote security group (`remote_group_id`).
    public var remoteGroupID: String?
    /// The description.
    public var description: String

    enum CodingKeys: String, CodingKey {
        case id, direction, ethertype, description, `protocol`
        case securityGroupID = "security_group_id", portRangeMin = "port_range_min", portRangeMax = "port_range_max"
        case remoteIPPrefix = "remote_ip_prefix", remoteGroupID = "remote_group_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        securityGroupID = try c.decode(String.self, forKey: .securityGroupID)
        direction = try c.value(.direction, default: SecurityGroupRuleDirection.ingress)
        ethertype = try c.value(.ethertype, default: "IPv4")
        `protocol` = try c.decodeIfPresent(String.self, forKey: .protocol)
        portRangeMin = try c.decodeIfPresent(Int.self, forKey: .portRangeMin)
        portRangeMax = try c.decodeIfPresent(Int.self, forKey: .portRangeMax)
        remoteIPPrefix = try c.decodeIfPresent(String.self, forKey: .remoteIPPrefix)
        remoteGroupID = try c.decodeIfPresent(String.self, forKey: .remoteGroupID)
        description = try c.value(.description, default: "")
    }
}

/// A project's Neutron quotas (`GET /v2.0/quotas/{project_id}`); -1 means unlimited.
public struct NetworkQuota: Sendable, Hashable, Decodable {
    /// Floating IPs (`floatingip`).
    public var floatingIPs: Int
    /// Networks.
    public var networks: Int
    /// Subnets.
    public var subnets: Int
    /// Ports.
    public var ports: Int
    /// Routers.
    public var routers: Int
    /// Security groups.
    public var securityGroups: Int
    /// Security group rules.
    public var securityGroupRules: Int

    enum CodingKeys: String, CodingKey {
        case floatingIPs = "floatingip", networks = "network", subnets = "subnet", ports = "port", routers = "router"
        case securityGroups = "security_group", securityGroupRules = "security_group_rule"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        floatingIPs = try c.value(.floatingIPs, default: -1)
        networks = try c.value(.networks, default: -1)
        subnets = try c.value(.subnets, default: -1)
        ports = try c.value(.ports, default: -1)
        routers = try c.value(.routers, default: -1)
        securityGroups = try c.value(.securityGroups, default: -1)
        securityGroupRules = try c.value(.securityGroupRules, default: -1)
    }
}
