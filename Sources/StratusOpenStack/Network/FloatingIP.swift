import Foundation

/// A Neutron floating IP: an address on an external network, optionally mapped to a port's fixed
/// address. Unknown fields are ignored.
public struct FloatingIP: Sendable, Hashable, Identifiable, Decodable, NeutronResource {
    static let singular = "floatingip"
    static let collection = "floatingips"
    static let path = "/floatingips"

    /// The floating IP's UUID.
    public var id: String
    /// The public address (`floating_ip_address`).
    public var floatingIPAddress: String
    /// The external network it comes from (`floating_network_id`).
    public var floatingNetworkID: String
    /// The associated port, nil when unassociated (`port_id`).
    public var portID: String?
    /// The port's fixed address it maps to (`fixed_ip_address`).
    public var fixedIPAddress: String?
    /// The router doing the NAT (`router_id`).
    public var routerID: String?
    /// `DOWN` (unassociated or not yet set up), `ACTIVE` or `ERROR`.
    public var status: FloatingIPStatus
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
        case id, status, tags, description
        case floatingIPAddress = "floating_ip_address", floatingNetworkID = "floating_network_id", portID = "port_id"
        case fixedIPAddress = "fixed_ip_address", routerID = "router_id"
        case projectID = "project_id", tenantID = "tenant_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        floatingIPAddress = try c.value(.floatingIPAddress, default: "")
        floatingNetworkID = try c.decode(String.self, forKey: .floatingNetworkID)
        portID = try c.decodeIfPresent(String.self, forKey: .portID)
        fixedIPAddress = try c.decodeIfPresent(String.self, forKey: .fixedIPAddress)
        routerID = try c.decodeIfPresent(String.self, forKey: .routerID)
        status = try c.value(.status, default: FloatingIPStatus.down)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID) ?? c.decodeIfPresent(String.self, forKey: .tenantID)
        tags = try c.value(.tags, default: [])
        description = try c.value(.description, default: "")
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
    }
}
