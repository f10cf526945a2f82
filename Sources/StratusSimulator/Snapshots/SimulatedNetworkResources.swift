/// A point-in-time copy of one simulated Neutron port, for assertions in tests.
public struct SimulatedPort: Sendable, Hashable {
    /// The port id (a UUID).
    public var id: String
    /// The port name (empty when created without one).
    public var name: String
    /// The id of the owning project.
    public var projectID: String
    /// The network the port is on.
    public var networkID: String
    /// The Neutron status (`DOWN`, `ACTIVE`; `DELETED` once deleted).
    public var status: String
    /// The fixed IP addresses, e.g. `["10.0.0.3"]`.
    public var fixedIPs: [String]
    /// The device the port is bound to (a server id for `compute:nova`), empty when unbound.
    public var deviceID: String
    /// The owner of the device (`compute:nova`, `network:router_interface`, …), empty when unbound.
    public var deviceOwner: String
    /// The port's tags.
    public var tags: [String]
    /// Whether the port has been deleted.
    public var deleted: Bool
}

/// A point-in-time copy of one simulated Neutron floating IP, for assertions in tests.
public struct SimulatedFloatingIP: Sendable, Hashable {
    /// The floating IP id (a UUID).
    public var id: String
    /// The id of the owning project.
    public var projectID: String
    /// The address, e.g. `172.24.4.3`.
    public var floatingIPAddress: String
    /// The external network it was allocated from.
    public var floatingNetworkID: String
    /// The port it is associated with, if any.
    public var portID: String?
    /// The fixed address it forwards to, if associated.
    public var fixedIPAddress: String?
    /// The Neutron status (`DOWN`, `ACTIVE`, `ERROR`; `DELETED` once deleted).
    public var status: String
    /// The floating IP's tags.
    public var tags: [String]
    /// The floating IP's description (Stratus writes its client token there).
    public var description: String
    /// Whether the floating IP has been deleted.
    public var deleted: Bool
}

/// How many live (not deleted) networking resources the simulator holds, the seeded `public` and
/// `private` networks and their subnets included; for tests that check nothing was left behind.
public struct NetworkResourceCounts: Sendable, Hashable {
    /// Networks.
    public var networks: Int
    /// Subnets.
    public var subnets: Int
    /// Ports (router interfaces and server ports included).
    public var ports: Int
    /// Routers.
    public var routers: Int
    /// Floating IPs.
    public var floatingIPs: Int
    /// Security groups (the lazily made `default` groups included).
    public var securityGroups: Int
    /// Nova key pairs of all users.
    public var keyPairs: Int
}
