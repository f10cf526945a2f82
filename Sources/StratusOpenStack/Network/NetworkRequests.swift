import Foundation

/// What to create with `POST /v2.0/networks`.
public struct NetworkCreateRequest: Sendable, Hashable {
    /// The name.
    public var name: String?
    /// Share it with every project (admin policy by default).
    public var isShared: Bool?
    /// Make it external (admin policy by default).
    public var isExternal: Bool?
    /// The description.
    public var description: String?
    /// Tags (in the POST with `tag-creation`, else set right after the create).
    public var tags: [String]

    /// Creates a request.
    public init(name: String? = nil, isShared: Bool? = nil, isExternal: Bool? = nil, description: String? = nil,
                tags: [String] = []) {
        self.name = name
        self.isShared = isShared
        self.isExternal = isExternal
        self.description = description
        self.tags = tags
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let isShared { body["shared"] = .bool(isShared) }
        if let isExternal { body["router:external"] = .bool(isExternal) }
        if let description { body["description"] = .string(description) }
        return body
    }
}

/// What to create with `POST /v2.0/subnets`.
public struct SubnetCreateRequest: Sendable, Hashable {
    /// The network.
    public var networkID: String
    /// The CIDR (`10.1.0.0/24`).
    public var cidr: String
    /// 4 or 6.
    public var ipVersion: Int
    /// The name.
    public var name: String?
    /// The gateway address; nil lets Neutron pick the first address.
    public var gatewayIP: String?
    /// DHCP on or off; nil keeps Neutron's default (on).
    public var enableDHCP: Bool?
    /// The description.
    public var description: String?
    /// Tags.
    public var tags: [String]

    /// Creates a request.
    public init(networkID: String, cidr: String, ipVersion: Int = 4, name: String? = nil, gatewayIP: String? = nil,
                enableDHCP: Bool? = nil, description: String? = nil, tags: [String] = []) {
        self.networkID = networkID
        self.cidr = cidr
        self.ipVersion = ipVersion
        self.name = name
        self.gatewayIP = gatewayIP
        self.enableDHCP = enableDHCP
        self.description = description
        self.tags = tags
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = ["network_id": .string(networkID), "cidr": .string(cidr),
                                         "ip_version": .number(Double(ipVersion))]
        if let name { body["name"] = .string(name) }
        if let gatewayIP { body["gateway_ip"] = .string(gatewayIP) }
        if let enableDHCP { body["enable_dhcp"] = .bool(enableDHCP) }
        if let description { body["description"] = .string(description) }
        return body
    }
}

/// What to create with `POST /v2.0/ports`.
public struct PortCreateRequest: Sendable, Hashable {
    /// The network.
    public var networkID: String
    /// The name.
    public var name: String?
    /// Requested addresses (a subnet, an address, or both per entry); empty lets Neutron choose.
    public var fixedIPs: [Port.FixedIP]
    /// Security group ids; nil keeps Neutron's default (the project's `default` group).
    public var securityGroupIDs: [String]?
    /// The description.
    public var description: String?
    /// Tags.
    public var tags: [String]
    /// The device using it (a server or router id).
    public var deviceID: String?
    /// The kind of device (`compute:nova`, …); a port with an owner gets bound and goes ACTIVE.
    public var deviceOwner: String?

    /// Creates a request.
    public init(networkID: String, name: String? = nil, fixedIPs: [Port.FixedIP] = [], securityGroupIDs: [String]? = nil,
                description: String? = nil, tags: [String] = [], deviceID: String? = nil, deviceOwner: String? = nil) {
        self.networkID = networkID
        self.name = name
        self.fixedIPs = fixedIPs
        self.securityGroupIDs = securityGroupIDs
        self.description = description
        self.tags = tags
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = ["network_id": .string(networkID)]
        if let name { body["name"] = .string(name) }
        if !fixedIPs.isEmpty { body["fixed_ips"] = .array(fixedIPs.map(\.json)) }
        if let securityGroupIDs { body["security_groups"] = .array(securityGroupIDs.map { .string($0) }) }
        if let description { body["description"] = .string(description) }
        if let deviceID { body["device_id"] = .string(deviceID) }
        if let deviceOwner { body["device_owner"] = .string(deviceOwner) }
        return body
    }
}

/// What to change with `PUT /v2.0/ports/{id}`: only the fields that are set are sent.
public struct PortUpdateRequest: Sendable, Hashable {
    /// A new name.
    public var name: String?
    /// A new description.
    public var description: String?
    /// Replaces the security groups (empty removes all).
    public var securityGroupIDs: [String]?
    /// Replaces the fixed addresses.
    public var fixedIPs: [Port.FixedIP]?
    /// A new device id (empty string clears it).
    public var deviceID: String?
    /// A new device owner (empty string clears it).
    public var deviceOwner: String?
    /// Administrative state.
    public var adminStateUp: Bool?

    /// Creates an update.
    public init(name: String? = nil, description: String? = nil, securityGroupIDs: [String]? = nil,
                fixedIPs: [Port.FixedIP]? = nil, deviceID: String? = nil, deviceOwner: String? = nil,
                adminStateUp: Bool? = nil) {
        self.name = name
        self.description = description
        self.securityGroupIDs = securityGroupIDs
        self.fixedIPs = fixedIPs
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.adminStateUp = adminStateUp
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let description { body["description"] = .string(description) }
        if let securityGroupIDs { body["security_groups"] = .array(securityGroupIDs.map { .string($0) }) }
        if let fixedIPs { body["fixed_ips"] = .array(fixedIPs.map(\.json)) }
        if let deviceID { body["device_id"] = .string(deviceID) }
        if let deviceOwner { body["device_owner"] = .string(deviceOwner) }
        if let adminStateUp { body["admin_state_up"] = .bool(adminStateUp) }
        return body
    }
}

/// What to create with `POST /v2.0/routers`.
public struct RouterCreateRequest: Sendable, Hashable {
    /// The name.
    public var name: String?
    /// The external network of the gateway; nil creates a router without one.
    public var externalNetworkID: String?
    /// The description.
    public var description: String?
    /// Tags.
    public var tags: [String]

    /// Creates a request.
    public init(name: String? = nil, externalNetworkID: String? = nil, description: String? = nil, tags: [String] = []) {
        self.name = name
        self.externalNetworkID = externalNetworkID
        self.description = description
        self.tags = tags
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let externalNetworkID { body["external_gateway_info"] = .object(["network_id": .string(externalNetworkID)]) }
        if let description { body["description"] = .string(description) }
        return body
    }
}

/// What to create with `POST /v2.0/floatingips`.
public struct FloatingIPCreateRequest: Sendable, Hashable {
    /// The external network to allocate from.
    public var floatingNetworkID: String
    /// A port to associate at once.
    public var portID: String?
    /// Which of the port's fixed addresses to map (when it has several).
    public var fixedIPAddress: String?
    /// A specific public address (admin policy by default).
    public var floatingIPAddress: String?
    /// The description.
    public var description: String?
    /// Tags.
    public var tags: [String]

    /// Creates a request.
    public init(floatingNetworkID: String, portID: String? = nil, fixedIPAddress: String? = nil,
                floatingIPAddress: String? = nil, description: String? = nil, tags: [String] = []) {
        self.floatingNetworkID = floatingNetworkID
        self.portID = portID
        self.fixedIPAddress = fixedIPAddress
        self.floatingIPAddress = floatingIPAddress
        self.description = description
        self.tags = tags
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = ["floating_network_id": .string(floatingNetworkID)]
        if let portID { body["port_id"] = .string(portID) }
        if let fixedIPAddress { body["fixed_ip_address"] = .string(fixedIPAddress) }
        if let floatingIPAddress { body["floating_ip_address"] = .string(floatingIPAddress) }
        if let description { body["description"] = .string(description) }
        return body
    }
}

/// What to create with `POST /v2.0/security-groups`.
public struct SecurityGroupCreateRequest: Sendable, Hashable {
    /// The name.
    public var name: String
    /// The description.
    public var description: String?
    /// Tags.
    public var tags: [String]

    /// Creates a request.
    public init(name: String, description: String? = nil, tags: [String] = []) {
        self.name = name
        self.description = description
        self.tags = tags
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = ["name": .string(name)]
        if let description { body["description"] = .string(description) }
        return body
    }
}

/// What to create with `POST /v2.0/security-group-rules`.
public struct SecurityGroupRuleCreateRequest: Sendable, Hashable {
    /// The group the rule belongs to.
    public var securityGroupID: String
    /// `ingress` (default) or `egress`.
    public var direction: SecurityGroupRuleDirection
    /// `IPv4` (default) or `IPv6`.
    public var ethertype: String
    /// `tcp`, `udp`, `icmp`, a protocol number, or nil for any.
    public var `protocol`: String?
    /// The first port (or ICMP type).
    public var portRangeMin: Int?
    /// The last port (or ICMP code).
    public var portRangeMax: Int?
    /// The remote CIDR.
    public var remoteIPPrefix: String?
    /// The remote security group.
    public var remoteGroupID: String?
    /// The description.
    public var description: String?

    /// Creates a request.
    public init(securityGroupID: String, direction: SecurityGroupRuleDirection = .ingress, ethertype: String = "IPv4",
                protocol: String? = nil, portRangeMin: Int? = nil, portRangeMax: Int? = nil, remoteIPPrefix: String? = nil,
                remoteGroupID: String? = nil, description: String? = nil) {
        self.securityGroupID = securityGroupID
        self.direction = direction
        self.ethertype = ethertype
        self.protocol = `protocol`
        self.portRangeMin = portRangeMin
        self.portRangeMax = portRangeMax
        self.remoteIPPrefix = remoteIPPrefix
        self.remoteGroupID = remoteGroupID
        self.description = description
    }

    var fields: [String: JSONValue] {
        var body: [String: JSONValue] = ["security_group_id": .string(securityGroupID),
                                         "direction": .string(direction.rawValue), "ethertype": .string(ethertype)]
        if let `protocol` { body["protocol"] = .string(`protocol`) }
        if let portRangeMin { body["port_range_min"] = .number(Double(portRangeMin)) }
        if let portRangeMax { body["port_range_max"] = .number(Double(portRangeMax)) }
        if let remoteIPPrefix { body["remote_ip_prefix"] = .string(remoteIPPrefix) }
        if let remoteGroupID { body["remote_group_id"] = .string(remoteGroupID) }
        if let description { body["description"] = .string(description) }
        return body
    }
}

extension Port.FixedIP {
    var json: JSONValue {
        var entry: [String: JSONValue] = [:]
        if let subnetID { entry["subnet_id"] = .string(subnetID) }
        if let ipAddress { entry["ip_address"] = .string(ipAddress) }
        return .object(entry)
    }
}
