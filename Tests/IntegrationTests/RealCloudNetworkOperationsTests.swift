import Foundation
import StratusOpenStack
import Testing
@testable import StratusOperations

/// A network of the test's own, routed to `public`: network, subnet, router with its gateway on
/// `public` and an interface on the subnet (added through ``RouterOperations``). Torn down by
/// ``tearDown(_:)``, which tolerates a half-built topology.
struct RealCloudTopology: Sendable {
    var publicNet: Network
    var network: Network?
    var subnet: Subnet?
    var router: Router?
    var routerPort: StratusOpenStack.Port?

    /// Builds it; `cidrPrefix` leaves room for the ports a test needs.
    static func make(_ ops: Operations, name: String, cidrPrefix: Int = 24) async throws -> RealCloudTopology {
        let client = ops.client.network
        var topology = RealCloudTopology(publicNet: try await client.findNetwork("public"))
        do {
            topology.network = try await client.createNetwork(NetworkCreateRequest(name: name))
            // A random 10.x.y.0 block outside the seeded 10.0.0.0/24.
            let second = Int.random(in: 100...250), third = Int.random(in: 0...63) * 4
            topology.subnet = try await client.createSubnet(SubnetCreateRequest(
                networkID: topology.network!.id, cidr: "10.\(second).\(third).0/\(cidrPrefix)", name: name))
            topology.router = try await client.createRouter(RouterCreateRequest(name: name, externalNetworkID: topology.publicNet.id))
            topology.routerPort = try await ops.routers.addInterface(routerID: topology.router!.id, subnetID: topology.subnet!.id,
                                                                     policy: .init(timeout: .seconds(120))).value
            return topology
        } catch {
            try? await topology.tearDown(ops)
            throw error
        }
    }

    /// Removes the router interface (through its handle), then deletes router, subnet and network.
    func tearDown(_ ops: Operations) async throws {
        let client = ops.client.network
        if let router, let subnet {
            try? await ops.routers.removeInterface(routerID: router.id, subnetID: subnet.id, policy: .init(timeout: .seconds(120))).value
        }
        if let router { try? await client.deleteRouter(id: router.id) }
        if let subnet { try? await client.deleteSubnet(id: subnet.id) }
        if let network { try await client.deleteNetwork(id: network.id) }
    }
}

@Suite("Real OpenStack: networking operations (floating IPs, ports, router interfaces through handles)",
       .enabled(if: RealCloud.isConfigured, RealCloud.skipReason), .serialized)
struct RealCloudNetworkOperationsTests {
    @Test("router interface, port, floating IP allocate → associate → ACTIVE, disassociate → DOWN, delete → gone, all through handles")
    func floatingIPLifecycle() async throws {
        let client = try RealCloud.client()
        let name = RealCloud.uniqueName("stratus-netops")
        try await Operations.withRunning(client: client) { ops in
            let topology = try await RealCloudTopology.make(ops, name: name)
            var floatingIPs: [String] = []
            var portID: String?
            do {
                let routerPort = try #require(topology.routerPort)
                #expect(routerPort.deviceID == topology.router?.id)
                #expect(["ACTIVE", "DOWN"].contains(routerPort.status.rawValue))

                let port = try await ops.ports.create(PortCreateRequest(networkID: topology.network!.id, name: name),
                                                      policy: .init(timeout: .seconds(120))).value
                portID = port.id
                #expect(["ACTIVE", "DOWN"].contains(port.status.rawValue), "an unbound port is final DOWN, or ACTIVE if bound meanwhile")
                #expect(port.description.hasPrefix("stratus-token-"), "description: \(port.description)")

                // Allocate, then associate: two handles.
                let allocate = try await ops.floatingIPs.create(FloatingIPCreateRequest(floatingNetworkID: topology.publicNet.id))
                let ip = try await allocate.value
                floatingIPs.append(ip.id)
                #expect(ip.status == .down && ip.portID == nil)
                #expect(ip.description.hasPrefix("stratus-token-"))
                let associated = try await ops.floatingIPs.associate(ip.id, portID: port.id, policy: .init(timeout: .seconds(120))).value
                #expect(associated.status == .active)
                #expect(associated.portID == port.id)
                #expect(associated.fixedIPAddress == port.fixedIPs.first?.ipAddress)

                let disassociated = try await ops.floatingIPs.disassociate(ip.id, policy: .init(timeout: .seconds(120))).value
                #expect(disassociated.status == .down && disassociated.portID == nil)

                // Allocate already associated, in one POST.
                let direct = try await ops.floatingIPs.create(
                    FloatingIPCreateRequest(floatingNetworkID: topology.publicNet.id, portID: port.id),
                    policy: .init(timeout: .seconds(120))).value
                floatingIPs.append(direct.id)
                #expect(direct.status == .active && direct.portID == port.id)

                for id in floatingIPs { try await ops.floatingIPs.delete(id, policy: .init(timeout: .seconds(120))).value }
                for id in floatingIPs {
                    await #expect(throws: OpenStackError.self) { _ = try await client.network.floatingIP(id: id) }
                }
                floatingIPs = []
                try await ops.ports.delete(port.id, policy: .init(timeout: .seconds(120))).value
                portID = nil
                await #expect(throws: OpenStackError.self) { _ = try await client.network.port(id: port.id) }
            } catch {
                for id in floatingIPs { try? await client.network.deleteFloatingIP(id: id) }
                if let portID { try? await client.network.deletePort(id: portID) }
                try? await topology.tearDown(ops)
                throw error
            }
            try await topology.tearDown(ops)
            let left = try await client.network.networks(NetworkListQuery(name: name))
            #expect(left.isEmpty, "the test's network was left behind")
        }
    }

    @Test("a client token adopts the floating IP a previous 'process' allocated")
    func tokenAdoption() async throws {
        let client = try RealCloud.client()
        let token = try ClientToken(String(RealCloud.uniqueName("fip").prefix(40)))
        let publicNet = try await client.network.findNetwork("public")
        let request = FloatingIPCreateRequest(floatingNetworkID: publicNet.id, description: "stratus adoption test")
        let first = try await Operations.withRunning(client: client) { ops in try await ops.floatingIPs.create(request, token: token).value }
        let adoption: (Bool?, FloatingIP)
        do {
            adoption = try await Operations.withRunning(client: try RealCloud.client()) { ops in
                let handle = try await ops.floatingIPs.create(request, token: token)
                return (handle.initial?.adopted, try await handle.value)
            }
        } catch {
            try? await client.network.deleteFloatingIP(id: first.id)
            throw error
        }
        let (adopted, second) = adoption
        #expect(adopted == true)
        #expect(second.id == first.id)
        let marked = try await client.network.floatingIPs(FloatingIPListQuery(description: first.description))
        #expect(marked.map(\.id) == [first.id])
        try await client.network.deleteFloatingIP(id: first.id)
    }
}
