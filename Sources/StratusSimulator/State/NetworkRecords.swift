import Foundation

/// A Neutron resource's record: its standard attributes, and whether it still exists.
protocol NeutronRecord: Sendable {
    var standard: NeutronStandard { get }
    /// False once deleted (records kept for the tests' snapshots).
    var isLive: Bool { get }
}

extension NeutronRecord {
    var isLive: Bool { true }
}

/// The attributes every Neutron resource carries (Neutron's "standard attributes").
struct NeutronStandard: Sendable {
    var id: String
    var projectID: String
    var description: String = ""
    var tags: [String] = []
    var createdAt: Date
    var updatedAt: Date
    var revision = 0
    var sequence: Int

    /// Stamps a change: `updated_at` and a new revision number.
    mutating func touch(_ date: Date) {
        updatedAt = date
        revision += 1
    }
}

/// One Neutron network.
struct NetworkRecord: NeutronRecord {
    var standard: NeutronStandard
    var name: String
    var shared: Bool
    var external: Bool
    var mtu: Int
    var adminStateUp = true
    /// The subnets, in creation order.
    var subnetIDs: [String] = []
    var id: String { standard.id }
}

/// One Neutron subnet (IPv4) with its address bookkeeping.
struct SubnetRecord: NeutronRecord {
    /// An allocation pool, inclusive.
    struct Pool: Sendable {
        var start: UInt32
        var end: UInt32
    }

    var standard: NeutronStandard
    var name: String
    var networkID: String
    var block: IPv4Block
    var gatewayIP: UInt32?
    var enableDHCP: Bool
    var pools: [Pool]
    var dnsNameservers: [String]
    /// Addresses in use: ports' fixed IPs, router gateways and floating IPs.
    var allocated: Set<UInt32> = []
    var id: String { standard.id }

    /// The lowest free address of the allocation pools.
    func firstFree() -> UInt32? {
        for pool in pools {
            var address = pool.start
            while address <= pool.end {
                if !allocated.contains(address) && address != gatewayIP { return address }
                if address == UInt32.max { break }
                address += 1
            }
        }
        return nil
    }
}

/// One Neutron port.
struct PortRecord: NeutronRecord {
    /// One fixed IP of a port.
    struct FixedIP: Sendable, Hashable {
        var subnetID: String
        var address: UInt32
    }

    var standard: NeutronStandard
    var name: String
    var networkID: String
    var fixedIPs: [FixedIP]
    var macAddress: String
    var deviceID = ""
    var deviceOwner = ""
    var status = "DOWN"
    var securityGroupIDs: [String]
    var adminStateUp = true
    var bindingHost: String?
    /// Whether Nova created the port for a server (deleted with it) rather than the user.
    var createdByNova = false
    /// Matches the pending activation event; a newer binding change makes older events stale.
    var activationToken = 0
    var deleted = false
    var isLive: Bool { !deleted }
    var id: String { standard.id }

    /// Whether the port is in use by a device (Nova refuses such a port for a new server).
    var isBound: Bool { !deviceOwner.isEmpty || !deviceID.isEmpty }

    /// A snapshot for tests.
    var snapshot: SimulatedPort {
        SimulatedPort(
            id: id, name: name, projectID: standard.projectID, networkID: networkID,
            status: deleted ? "DELETED" : status, fixedIPs: fixedIPs.map { IPv4Block.text($0.address) },
            deviceID: deviceID, deviceOwner: deviceOwner, tags: standard.tags, deleted: deleted)
    }
}

/// One Neutron router.
struct RouterRecord: NeutronRecord {
    var standard: NeutronStandard
    var name: String
    var externalNetworkID: String?
    var enableSNAT = true
    var externalFixedIPs: [PortRecord.FixedIP] = []
    var adminStateUp = true
    /// The ids of the router's interface ports.
    var interfacePortIDs: [String] = []
    var id: String { standard.id }
}

/// One Neutron floating IP.
struct FloatingIPRecord: NeutronRecord {
    var standard: NeutronStandard
    var floatingNetworkID: String
    var subnetID: String
    var address: UInt32
    var portID: String?
    var fixedAddress: UInt32?
    var routerID: String?
    var status = "DOWN"
    /// Matches the pending status change; a newer association makes older events stale.
    var settleToken = 0
    var deleted = false
    var isLive: Bool { !deleted }
    var id: String { standard.id }

    /// A snapshot for tests.
    var snapshot: SimulatedFloatingIP {
        SimulatedFloatingIP(
            id: id, projectID: standard.projectID, floatingIPAddress: IPv4Block.text(address),
            floatingNetworkID: floatingNetworkID, portID: portID, fixedIPAddress: fixedAddress.map(IPv4Block.text),
            status: deleted ? "DELETED" : status, tags: standard.tags, description: standard.description, deleted: deleted)
    }
}

/// One security group rule.
struct SecurityGroupRuleRecord: Sendable {
    var standard: NeutronStandard
    var groupID: String
    var direction: String
    var ethertype: String
    var ipProtocol: String?
    var portRangeMin: Int?
    var portRangeMax: Int?
    var remoteIPPrefix: String?
    var remoteGroupID: String?
    var belongsToDefault: Bool
    var id: String { standard.id }
}

/// One Neutron security group.
struct SecurityGroupRecord: NeutronRecord {
    var standard: NeutronStandard
    var name: String
    var stateful = true
    var rules: [SecurityGroupRuleRecord] = []
    var id: String { standard.id }
}
