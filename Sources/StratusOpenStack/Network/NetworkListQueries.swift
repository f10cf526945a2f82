/// Builds Neutron list filters: repeated `id=` for many ids (one request), comma-joined `tags` /
/// `tags-any`, `limit`/`marker` paging.
struct NeutronQueryBuilder {
    private(set) var items: [(String, String)] = []

    mutating func add(_ key: String, _ value: String?) {
        if let value { items.append((key, value)) }
    }

    mutating func add(_ key: String, _ value: Bool?) {
        if let value { items.append((key, value ? "true" : "false")) }
    }

    mutating func ids(_ ids: [String]) {
        for id in ids { items.append(("id", id)) }
    }

    mutating func tags(all: [String], any: [String] = []) {
        if !all.isEmpty { items.append(("tags", all.joined(separator: ","))) }
        if !any.isEmpty { items.append(("tags-any", any.joined(separator: ","))) }
    }

    mutating func paging(limit: Int?, marker: String?) {
        if let limit { items.append(("limit", String(limit))) }
        add("marker", marker)
    }
}

/// Filters for `GET /v2.0/networks`.
public struct NetworkListQuery: Sendable, Hashable {
    /// Only these ids (sent as repeated `id=`).
    public var ids: [String]
    /// Exact name.
    public var name: String?
    /// External (`router:external`) or not.
    public var isExternal: Bool?
    /// Shared or not.
    public var isShared: Bool?
    /// Only this project's.
    public var projectID: String?
    /// Networks with all these tags.
    public var tags: [String]
    /// Networks with any of these tags.
    public var tagsAny: [String]
    /// Status.
    public var status: NetworkStatus?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], name: String? = nil, isExternal: Bool? = nil, isShared: Bool? = nil,
                projectID: String? = nil, tags: [String] = [], tagsAny: [String] = [], status: NetworkStatus? = nil,
                limit: Int? = nil, marker: String? = nil) {
        self.ids = ids
        self.name = name
        self.isExternal = isExternal
        self.isShared = isShared
        self.projectID = projectID
        self.tags = tags
        self.tagsAny = tagsAny
        self.status = status
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("name", name)
        builder.add("router:external", isExternal)
        builder.add("shared", isShared)
        builder.add("project_id", projectID)
        builder.tags(all: tags, any: tagsAny)
        builder.add("status", status?.rawValue)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}

/// Filters for `GET /v2.0/subnets`.
public struct SubnetListQuery: Sendable, Hashable {
    /// Only these ids.
    public var ids: [String]
    /// Exact name.
    public var name: String?
    /// Only this network's subnets.
    public var networkID: String?
    /// Only this project's.
    public var projectID: String?
    /// Subnets with all these tags.
    public var tags: [String]
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], name: String? = nil, networkID: String? = nil, projectID: String? = nil,
                tags: [String] = [], limit: Int? = nil, marker: String? = nil) {
        self.ids = ids
        self.name = name
        self.networkID = networkID
        self.projectID = projectID
        self.tags = tags
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("name", name)
        builder.add("network_id", networkID)
        builder.add("project_id", projectID)
        builder.tags(all: tags)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}

/// Filters for `GET /v2.0/ports`.
public struct PortListQuery: Sendable, Hashable {
    /// Only these ids.
    public var ids: [String]
    /// Exact name.
    public var name: String?
    /// Only this network's ports.
    public var networkID: String?
    /// Only ports used by this device (a server or router id).
    public var deviceID: String?
    /// Only ports of this owner kind (`network:router_interface`, `compute:nova`, …).
    public var deviceOwner: String?
    /// Status.
    public var status: PortStatus?
    /// Only this project's.
    public var projectID: String?
    /// Ports with all these tags.
    public var tags: [String]
    /// Ports with any of these tags.
    public var tagsAny: [String]
    /// Exact description.
    public var description: String?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], name: String? = nil, networkID: String? = nil, deviceID: String? = nil,
                deviceOwner: String? = nil, status: PortStatus? = nil, projectID: String? = nil, tags: [String] = [],
                tagsAny: [String] = [], description: String? = nil, limit: Int? = nil, marker: String? = nil) {
        self.ids = ids
        self.name = name
        self.networkID = networkID
        self.deviceID = deviceID
        self.deviceOwner = deviceOwner
        self.status = status
        self.projectID = projectID
        self.tags = tags
        self.tagsAny = tagsAny
        self.description = description
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("name", name)
        builder.add("network_id", networkID)
        builder.add("device_id", deviceID)
        builder.add("device_owner", deviceOwner)
        builder.add("status", status?.rawValue)
        builder.add("project_id", projectID)
        builder.tags(all: tags, any: tagsAny)
        builder.add("description", description)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}

/// Filters for `GET /v2.0/routers`.
public struct RouterListQuery: Sendable, Hashable {
    /// Only these ids.
    public var ids: [String]
    /// Exact name.
    public var name: String?
    /// Only this project's.
    public var projectID: String?
    /// Routers with all these tags.
    public var tags: [String]
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], name: String? = nil, projectID: String? = nil, tags: [String] = [],
                limit: Int? = nil, marker: String? = nil) {
        self.ids = ids
        self.name = name
        self.projectID = projectID
        self.tags = tags
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("name", name)
        builder.add("project_id", projectID)
        builder.tags(all: tags)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}

/// Filters for `GET /v2.0/floatingips`.
public struct FloatingIPListQuery: Sendable, Hashable {
    /// Only these ids (repeated `id=`: one request for many, as the monitor polls them).
    public var ids: [String]
    /// Only from this external network.
    public var floatingNetworkID: String?
    /// Only those associated with this port.
    public var portID: String?
    /// Only this address.
    public var floatingIPAddress: String?
    /// Status.
    public var status: FloatingIPStatus?
    /// Only this project's.
    public var projectID: String?
    /// With all these tags.
    public var tags: [String]
    /// With any of these tags.
    public var tagsAny: [String]
    /// Exact description.
    public var description: String?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], floatingNetworkID: String? = nil, portID: String? = nil,
                floatingIPAddress: String? = nil, status: FloatingIPStatus? = nil, projectID: String? = nil,
                tags: [String] = [], tagsAny: [String] = [], description: String? = nil, limit: Int? = nil,
                marker: String? = nil) {
        self.ids = ids
        self.floatingNetworkID = floatingNetworkID
        self.portID = portID
        self.floatingIPAddress = floatingIPAddress
        self.status = status
        self.projectID = projectID
        self.tags = tags
        self.tagsAny = tagsAny
        self.description = description
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("floating_network_id", floatingNetworkID)
        builder.add("port_id", portID)
        builder.add("floating_ip_address", floatingIPAddress)
        builder.add("status", status?.rawValue)
        builder.add("project_id", projectID)
        builder.tags(all: tags, any: tagsAny)
        builder.add("description", description)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}

/// Filters for `GET /v2.0/security-groups`.
public struct SecurityGroupListQuery: Sendable, Hashable {
    /// Only these ids.
    public var ids: [String]
    /// Exact name.
    public var name: String?
    /// Only this project's.
    public var projectID: String?
    /// With all these tags.
    public var tags: [String]
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(ids: [String] = [], name: String? = nil, projectID: String? = nil, tags: [String] = [],
                limit: Int? = nil, marker: String? = nil) {
        self.ids = ids
        self.name = name
        self.projectID = projectID
        self.tags = tags
        self.limit = limit
        self.marker = marker
    }

    /// The query parameters, in a stable order.
    public var queryItems: [(String, String)] {
        var builder = NeutronQueryBuilder()
        builder.ids(ids)
        builder.add("name", name)
        builder.add("project_id", projectID)
        builder.tags(all: tags)
        builder.paging(limit: limit, marker: marker)
        return builder.items
    }
}
