import Foundation

/// Everything the simulated Neutron knows: networks, subnets, ports, routers, floating IPs and
/// security groups. Deleted ports and floating IPs are kept (flagged) for the test snapshots.
struct NeutronState: Sendable {
    /// The id of the seeded external network `public`.
    static let publicNetworkID = stableUUID("network", "public")
    /// The id of the seeded shared network `private`.
    static let privateNetworkID = stableUUID("network", "private")
    /// The id of `public-subnet` (172.24.4.0/24).
    static let publicSubnetID = stableUUID("subnet", "public-subnet")
    /// The id of `private-subnet` (10.0.0.0/24).
    static let privateSubnetID = stableUUID("subnet", "private-subnet")

    var networks: [String: NetworkRecord] = [:]
    var subnets: [String: SubnetRecord] = [:]
    var ports: [String: PortRecord] = [:]
    var routers: [String: RouterRecord] = [:]
    var floatingIPs: [String: FloatingIPRecord] = [:]
    var securityGroups: [String: SecurityGroupRecord] = [:]
    /// The `default` security group of each project that has one.
    var defaultGroups: [String: String] = [:]

    /// The seeded networks, owned by the `admin` project: `public` (external, 172.24.4.0/24) and
    /// `private` (shared, 10.0.0.0/24), like devstack's.
    init(now: Date) {
        let owner = IdentityDirectory.projectID(named: "admin")
        func standard(_ id: String, _ sequence: Int) -> NeutronStandard {
            NeutronStandard(id: id, projectID: owner, createdAt: now, updatedAt: now, revision: 1, sequence: sequence)
        }
        let seeds: [(networkID: String, name: String, subnetID: String, subnetName: String, cidr: String, external: Bool)] = [
            (Self.publicNetworkID, "public", Self.publicSubnetID, "public-subnet", "172.24.4.0/24", true),
            (Self.privateNetworkID, "private", Self.privateSubnetID, "private-subnet", "10.0.0.0/24", false),
        ]
        for (index, seed) in seeds.enumerated() {
            let block = IPv4Block(seed.cidr)!
            networks[seed.networkID] = NetworkRecord(
                standard: standard(seed.networkID, -10 + index), name: seed.name, shared: !seed.external,
                external: seed.external, mtu: seed.external ? 1500 : 1450, subnetIDs: [seed.subnetID])
            subnets[seed.subnetID] = SubnetRecord(
                standard: standard(seed.subnetID, -8 + index), name: seed.subnetName, networkID: seed.networkID,
                block: block, gatewayIP: block.firstHost, enableDHCP: !seed.external,
                pools: [SubnetRecord.Pool(start: block.firstHost + 1, end: block.lastHost)], dnsNameservers: [])
        }
    }

    /// A UUID-shaped id derived from a kind and a name, stable across runs.
    static func stableUUID(_ kind: String, _ name: String) -> String {
        let hex = Array(StableID.make(kind, name))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }
        return groups.joined(separator: "-")
    }

    /// Live ports, in creation order.
    var livePorts: [PortRecord] {
        ports.values.filter { !$0.deleted }.sorted { $0.standard.sequence < $1.standard.sequence }
    }

    /// Live floating IPs.
    var liveFloatingIPs: [FloatingIPRecord] {
        floatingIPs.values.filter { !$0.deleted }
    }

    /// The subnet of `networkID` that contains `address`.
    func subnet(of networkID: String, containing address: UInt32) -> SubnetRecord? {
        networks[networkID]?.subnetIDs.compactMap { subnets[$0] }.first { $0.block.contains(address) }
    }

    /// Marks `address` used in `subnetID`.
    mutating func allocate(_ address: UInt32, in subnetID: String) {
        subnets[subnetID]?.allocated.insert(address)
    }

    /// Frees `address` in `subnetID`.
    mutating func release(_ address: UInt32, in subnetID: String) {
        subnets[subnetID]?.allocated.remove(address)
    }

    /// Allocates the first free address of the network's first subnet that has one.
    mutating func allocateAny(on networkID: String) -> PortRecord.FixedIP? {
        for subnetID in networks[networkID]?.subnetIDs ?? [] {
            if let address = subnets[subnetID]?.firstFree() {
                allocate(address, in: subnetID)
                return PortRecord.FixedIP(subnetID: subnetID, address: address)
            }
        }
        return nil
    }

    /// The router that joins `subnetID` to the external network `externalNetworkID`, if any.
    func router(joining subnetID: String, to externalNetworkID: String) -> RouterRecord? {
        routers.values.sorted { $0.standard.sequence < $1.standard.sequence }.first { router in
            router.externalNetworkID == externalNetworkID
                && router.interfacePortIDs.contains { portID in
                    ports[portID]?.fixedIPs.contains { $0.subnetID == subnetID } ?? false
                }
        }
    }

    /// Live floating IPs associated with `portID`.
    func floatingIPs(onPort portID: String) -> [FloatingIPRecord] {
        liveFloatingIPs.filter { $0.portID == portID }
    }
}
