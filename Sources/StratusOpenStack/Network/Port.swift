import Foundation

/// A Neutron port: a network attachment point with a MAC and fixed addresses. Unknown fields are ignored.
///
/// Outside this module a bare `Port` is ambiguous with `Foundation.Port` where Foundation is
/// imported; use ``NeutronPort`` or `StratusOpenStack.Port` there.
public struct Port: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "port"
    static let collection = "ports"
    static let path = "/ports"

    /// One fixed address of a port (`fixed_ips` entry).
    public struct FixedIP: Sendable, Hashable, Codable {
        /// The subnet the address is on (`subnet_id`).
        public var subnetID: String?
        /// The address (`ip_address`).
        public var ipAddress: String?

        enum CodingKeys: String, CodingKey { case subnetID = "subnet_id", ipAddress = "ip_address" }

        /// Creates a fixed IP request or value: a subnet, an address, or both.
        public init(subnetID: String? = nil, ipAddress: String? = nil) {
            self.subnetID = subnetID
            self.ipAddress = ipAddress
        }
    }

    /// The port's UUID.
    public var id: String
    /// The name.
    public var name: String
    /// The network (`network_id`).
    public var networkID: String
    /// `ACTIVE`, `DOWN`, `BUILD` or `ERROR`.
    public var status: PortStatus
    /// Its addresses.
    public var fixedIPs: [FixedIP]
    /// The MAC address (`mac_address`).
    public var macAddress: String?
    /// What uses it (`device_id`): a server or router id; empty when unused.
    public var deviceID: String
    /// What kind of thing uses it (`device_owner`: `compute:nova`, `network:router_interface`, …); empty when unbound.
    public var deviceOwner: String
    /// Its security groups' ids (`security_groups`).
    public var securityGroupIDs: [String]
    /// Whether the port is administratively up.
    public var adminStateUp: Bool
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
        case networkID = "network_id", fixedIPs = "fixed_ips", macAddress = "mac_address", deviceID = "device_id"
        case deviceOwner = "device_owner", securityGroups = "security_groups", adminStateUp = "admin_state_up"
        case projectID = "project_id", tenantID = "tenant_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.value(.name, default: "")
        networkID = try c.decode(String.self, forKey: .networkID)
        status = try c.value(.status, default: PortStatus.down)
        fixedIPs = try c.value(.fixedIPs, default: [])
        macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        deviceID = try c.value(.deviceID, default: "")
        deviceOwner = try c.value(.deviceOwner, default: "")
        securityGroupIDs = try c.value(.securityGroups, default: [])
        adminStateUp = try c.value(.adminStateUp, default: true)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        description = try c.value(.description, default: "")
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}

/// ``Port`` under a name that Foundation does not also use: in a file that imports both
/// Foundation and StratusOpenStack, a bare `Port` is ambiguous with `Foundation.Port` (NSPort).
/// Write `NeutronPort`, `StratusOpenStack.Port`, or declare `typealias Port = StratusOpenStack.Port`
/// once in the using module (a module's own declaration wins over imported ones).
public typealias NeutronPort = Port
