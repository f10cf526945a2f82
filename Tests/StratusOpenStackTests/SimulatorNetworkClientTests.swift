import Foundation
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOpenStack

/// The Neutron client and Nova's networking calls against the built-in simulator over real HTTP:
/// lifecycles, then the faults the simulator injects.
@Suite("Client against the simulator: Neutron")
struct SimulatorNetworkClientTests {
    typealias Support = SimulatorTestSupport

    /// A network and subnet of the caller's project, joined to `public` by a router.
    struct RoutedSubnet {
        var publicNetwork: StratusOpenStack.Network
        var network: StratusOpenStack.Network
        var subnet: Subnet
        var router: Router
    }

    static func routedSubnet(_ client: OpenStackClient) async throws -> RoutedSubnet {
        let publicNet = try await client.network.findNetwork("public")
        let network = try await client.network.createNetwork(NetworkCreateRequest(name: "app"))
        let subnet = try await client.network.createSubnet(SubnetCreateRequest(networkID: network.id, cidr: "10.20.0.0/24", name: "app-subnet"))
        let router = try await client.network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: publicNet.id))
        try await client.network.addRouterInterface(routerID: router.id, subnetID: subnet.id)
        return RoutedSubnet(publicNetwork: publicNet, network: network, subnet: subnet, router: router)
    }

    static func count(_ stats: SimulatorStats, _ method: String, _ suffix: String) -> Int {
        SimulatorFaultTests.count(stats, method, suffix)
    }

    @Test("catalog, version document, extensions and the seeded networks")
    func discovery() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { _, client in
            #expect(try await client.endpoint(for: .network).hasSuffix("/network/v2.0"))
            #expect(try await client.network.extensions().isSuperset(of: ["tag-creation", "router", "external-net", "security-group"]))
            let publicNet = try await client.network.findNetwork("public")
            #expect(publicNet.isExternal)
            #expect(try await client.network.findNetwork("private").isShared)
            #expect(try await client.network.networks(NetworkListQuery(isExternal: true)).map(\.id) == [publicNet.id])
            let state = try await client.authenticate()
            _ = try await client.network.quota(projectID: try #require(state.projectID))
        }
    }

    @Test("network + subnet + port: create with tags, filter, port DOWN → ACTIVE once bound, update, delete, 404")
    func networkSubnetPortLifecycle() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let network = try await client.network.createNetwork(NetworkCreateRequest(name: "n1", tags: ["a", "b"]))
            #expect(Set(network.tags) == ["a", "b"])
            #expect(try await client.network.networks(NetworkListQuery(tags: ["a", "b"])).map(\.id) == [network.id])
            #expect(try await client.network.networks(NetworkListQuery(tagsAny: ["b", "zz"])).map(\.id) == [network.id])
            #expect(try await client.network.networks(NetworkListQuery(tags: ["a", "zz"])).isEmpty)
            let subnet = try await client.network.createSubnet(SubnetCreateRequest(networkID: network.id, cidr: "10.9.0.0/24", name: "s1"))
            #expect(subnet.gatewayIP == "10.9.0.1")
            #expect(try await client.network.subnets(SubnetListQuery(networkID: network.id)).map(\.id) == [subnet.id])

            let bound = try await client.network.createPort(PortCreateRequest(networkID: network.id, name: "p1", deviceID: "dev-1",
                                                                              deviceOwner: "compute:nova"))
            #expect(bound.status == .down)
            #expect(bound.fixedIPs.first?.subnetID == subnet.id)
            _ = try await Support.eventually("port ACTIVE") { () async throws -> NeutronPort? in
                let port = try await client.network.port(id: bound.id)
                return port.status == .active ? port : nil
            }
            let unbound = try await client.network.createPort(PortCreateRequest(networkID: network.id, name: "p2"))
            let renamed = try await client.network.updatePort(id: unbound.id, PortUpdateRequest(name: "p2b"))
            #expect(renamed.name == "p2b")
            #expect(try await client.network.ports(PortListQuery(ids: [bound.id, unbound.id])).count == 2)
            #expect(try await client.network.ports(PortListQuery(networkID: network.id, deviceOwner: "compute:nova")).map(\.id) == [bound.id])
            #expect(try await client.network.port(id: unbound.id).status == .down)

            try await client.network.deletePort(id: bound.id)
            try await client.network.deletePort(id: unbound.id)
            try await client.network.deleteSubnet(id: subnet.id)
            try await client.network.deleteNetwork(id: network.id)
            let error = await #expect(throws: OpenStackError.self) { try await client.network.deleteNetwork(id: network.id) }
            #expect(error?.isNotFound == true)
            #expect(simulator.networkResourceCounts().ports == 0)
        }
    }

    @Test("router + interface, floating IP: DOWN → associate → ACTIVE → disassociate → DOWN → delete; snapshots agree")
    func routerAndFloatingIPLifecycle() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let routed = try await Self.routedSubnet(client)
            #expect(routed.router.externalGateway?.networkID == routed.publicNetwork.id)
            let again = await #expect(throws: OpenStackError.self) {
                _ = try await client.network.addRouterInterface(routerID: routed.router.id, subnetID: routed.subnet.id)
            }
            #expect(again?.status == 400)
            let port = try await client.network.createPort(PortCreateRequest(networkID: routed.network.id, deviceID: "vm", deviceOwner: "compute:nova"))
            let fip = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: routed.publicNetwork.id,
                                                                                       tags: ["stratus-token-1"]))
            #expect(fip.status == .down)
            #expect(fip.tags == ["stratus-token-1"])
            #expect(try await client.network.floatingIPs(FloatingIPListQuery(tags: ["stratus-token-1"])).map(\.id) == [fip.id])
            let associated = try await client.network.associateFloatingIP(id: fip.id, portID: port.id)
            #expect(associated.portID == port.id && associated.fixedIPAddress == port.fixedIPs.first?.ipAddress)
            _ = try await Support.eventually("floating IP ACTIVE") { () async throws -> FloatingIP? in
                let current = try await client.network.floatingIP(id: fip.id)
                return current.status == .active ? current : nil
            }
            #expect(simulator.floatingIPSnapshots().first?.status == "ACTIVE")
            _ = try await client.network.disassociateFloatingIP(id: fip.id)
            _ = try await Support.eventually("floating IP DOWN") { () async throws -> FloatingIP? in
                let current = try await client.network.floatingIP(id: fip.id)
                return current.status == .down && current.portID == nil ? current : nil
            }
            try await client.network.deleteFloatingIP(id: fip.id)
            #expect(try await client.network.floatingIPs(FloatingIPListQuery(ids: [fip.id])).isEmpty)
            try await client.network.deletePort(id: port.id)
            try await client.network.removeRouterInterface(routerID: routed.router.id, subnetID: routed.subnet.id)
            try await client.network.setRouterGateway(routerID: routed.router.id, externalNetworkID: nil)
            #expect(try await client.network.router(id: routed.router.id).externalGateway == nil)
            try await client.network.deleteRouter(id: routed.router.id)
            #expect(simulator.networkResourceCounts().routers == 0)
            #expect(simulator.networkResourceCounts().floatingIPs == 0)
        }
    }

    @Test("security group + rule, ambiguous names, paging over more than one page, another project's router is 404")
    func securityGroupsLookupsPagingIsolation() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let group = try await client.network.createSecurityGroup(SecurityGroupCreateRequest(name: "web"))
            let rule = try await client.network.createSecurityGroupRule(SecurityGroupRuleCreateRequest(
                securityGroupID: group.id, protocol: "tcp", portRangeMin: 443, portRangeMax: 443))
            #expect(try await client.network.securityGroup(id: group.id).rules.contains { $0.id == rule.id })
            #expect(try await client.network.findSecurityGroup("web").id == group.id)
            try await client.network.deleteSecurityGroupRule(id: rule.id)
            try await client.network.deleteSecurityGroup(id: group.id)

            var ids: [String] = []
            for _ in 0..<5 { ids.append(try await client.network.createNetwork(NetworkCreateRequest(name: "same", tags: ["page"])).id) }
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.findNetwork("same") }
            #expect(error?.code == .ambiguous)
            #expect(ids.allSatisfy { error?.message.contains($0) == true })
            simulator.resetStats()
            let all = try await client.network.networks(NetworkListQuery(tags: ["page"], limit: 2))
            #expect(Set(all.map(\.id)) == Set(ids))
            #expect(Self.count(simulator.stats(), "GET", "/networks") >= 3)
            let first = try await client.network.networksPage(NetworkListQuery(tags: ["page"], limit: 2))
            #expect(first.items.count == 2 && first.nextMarker != nil)

            let admin = OpenStackClient(configuration: try CloudConfiguration.load(
                cloud: "admin", cloudsYAML: simulator.cloudsYAML(cloudName: "admin", user: "admin")))
            let adminRouter = try await admin.network.createRouter(RouterCreateRequest(name: "admins"))
            let hidden = await #expect(throws: OpenStackError.self) { _ = try await client.network.router(id: adminRouter.id) }
            #expect(hidden?.isNotFound == true)
            try await admin.network.deleteRouter(id: adminRouter.id)
        }
    }

    @Test("Nova: key pairs, a server with a port on a network, its addresses and interfaces, attach/detach")
    func novaNetworking() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let generated = try await client.compute.createKeyPair(name: "k1")
            #expect(generated.privateKey != nil)
            _ = try await client.compute.importKeyPair(name: "k2", publicKey: generated.publicKey)
            #expect(Set(try await client.compute.keyPairs().map(\.name)) == ["k1", "k2"])
            #expect(try await client.compute.keyPair(name: "k2").privateKey == nil)

            let routed = try await Self.routedSubnet(client)
            let created = try await client.compute.createServer(ServerCreateRequest(
                name: "web", imageID: Support.imageID, flavorID: "1", networks: .list([.init(networkID: routed.network.id)]),
                keyName: "k1", userData: ServerCreateRequest.encodeUserData("#cloud-config\n"), securityGroups: ["default"]))
            let server = try await Support.eventually("server ACTIVE") { () async throws -> Server? in
                let server = try await client.compute.server(id: created.id)
                return server.status == .active ? server : nil
            }
            #expect(server.keyName == "k1")
            #expect(server.securityGroups == ["default"])
            let fixed = try #require(server.addresses[routed.network.name]?.first)
            #expect(fixed.type == "fixed" && fixed.address.hasPrefix("10.20.0."))
            let interfaces = try await client.compute.interfaces(serverID: created.id)
            #expect(interfaces.count == 1)
            let port = try #require(interfaces.first)
            let fip = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: routed.publicNetwork.id,
                                                                                       portID: port.portID))
            let withFloating = try await Support.eventually("floating address listed") { () async throws -> Server? in
                let server = try await client.compute.server(id: created.id)
                return server.addresses.values.joined().contains { $0.isFloating } ? server : nil
            }
            #expect(withFloating.addresses.values.joined().contains { $0.address == fip.floatingIPAddress && $0.isFloating })

            let extra = try await client.compute.attachInterface(serverID: created.id, networkID: routed.network.id)
            _ = try await Support.eventually("two interfaces") { () async throws -> Bool? in
                try await client.compute.interfaces(serverID: created.id).count == 2 ? true : nil
            }
            try await client.compute.detachInterface(serverID: created.id, portID: extra.portID)
            _ = try await Support.eventually("one interface") { () async throws -> Bool? in
                try await client.compute.interfaces(serverID: created.id).count == 1 ? true : nil
            }
            try await client.compute.deleteServer(id: created.id)
            try await Support.waitUntilGone("server") { _ = try await client.compute.server(id: created.id) }
            #expect(try await client.network.floatingIP(id: fip.id).portID == nil)
            try await client.compute.deleteKeyPair(name: "k1")
            try await client.compute.deleteKeyPair(name: "k2")
            #expect(simulator.networkResourceCounts().keyPairs == 0)
        }
    }

    // MARK: Faults

    @Test("a 503 on POST /floatingips is not replayed: outcome unknown, one request, no floating IP")
    func floatingIPCreateNotReplayedOn503() async throws {
        try await withSimulatedCloud(configuration: Support.fast, retry: Support.quickRetry) { simulator, client in
            let publicNet = try await client.network.findNetwork("public")
            _ = try await client.network.extensions()
            simulator.resetStats()
            var faults = FaultInjection()
            faults.http503Rate = 1
            simulator.setFaults(faults)
            let error = await #expect(throws: OpenStackError.self) {
                _ = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: publicNet.id))
            }
            #expect(error?.code == .outcomeUnknown)
            #expect(error?.attempts == 1)
            #expect(Self.count(simulator.stats(), "POST", "/floatingips") == 1)
            simulator.setFaults(.none)
            #expect(simulator.floatingIPSnapshots().isEmpty)
        }
    }

    @Test("commit-then-drop on POST /floatingips and POST /ports: exactly one resource, one request, outcome unknown",
          arguments: ["floatingip", "port"])
    func commitThenDrop(kind: String) async throws {
        try await withSimulatedCloud(configuration: Support.fast, retry: Support.quickRetry) { simulator, client in
            let publicNet = try await client.network.findNetwork("public")
            let privateNet = try await client.network.findNetwork("private")
            _ = try await client.network.extensions()
            let portsBefore = simulator.portSnapshots().count
            simulator.resetStats()
            var faults = FaultInjection()
            faults.dropAfterCommitRate = 1
            simulator.setFaults(faults)
            let error = await #expect(throws: OpenStackError.self) {
                if kind == "floatingip" {
                    _ = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: publicNet.id,
                                                                                          tags: ["stratus-token-x"]))
                } else {
                    _ = try await client.network.createPort(PortCreateRequest(networkID: privateNet.id, tags: ["stratus-token-x"]))
                }
            }
            #expect(error?.code == .outcomeUnknown)
            #expect(error?.status == nil)
            let stats = simulator.stats()
            #expect(stats.byStatus["dropped"] == 1)
            #expect(stats.total == 1, "exactly one request: the create, never replayed")
            simulator.setFaults(.none)
            if kind == "floatingip" {
                #expect(simulator.floatingIPSnapshots().count == 1)
                #expect(try await client.network.floatingIPs(FloatingIPListQuery(tags: ["stratus-token-x"])).count == 1)
            } else {
                #expect(simulator.portSnapshots().count == portsBefore + 1)
                #expect(try await client.network.ports(PortListQuery(tags: ["stratus-token-x"])).count == 1)
            }
        }
    }

    @Test("429 with Retry-After on a Neutron GET: waited for, attempts counted")
    func rateLimitRetryAfter() async throws {
        try await withSimulatedCloud(configuration: Support.fast,
                                     retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), deadline: .seconds(60))) { simulator, client in
            try await client.authenticate()
            simulator.resetStats()
            var faults = FaultInjection()
            faults.http429Rate = 1
            faults.retryAfterSeconds = 1
            simulator.setFaults(faults)
            let start = ContinuousClock.now
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.networks() }
            let elapsed = ContinuousClock.now - start
            #expect(error?.status == 429)
            #expect(error?.attempts == 3)
            #expect(Self.count(simulator.stats(), "GET", "/networks") == 3)
            #expect(elapsed >= .seconds(2))
        }
    }

    @Test("503s on Neutron GETs, PUTs and DELETEs are retried; a create rejected with 429 is retried and makes one")
    func idempotentCallsRetried() async throws {
        try await withSimulatedCloud(configuration: Support.fast,
                                     retry: RetryPolicy(maxAttempts: 30, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))) { simulator, client in
            let routed = try await Self.routedSubnet(client)
            let port = try await client.network.createPort(PortCreateRequest(networkID: routed.network.id))
            var faults = FaultInjection()
            faults.http503Rate = 0.5
            simulator.setFaults(faults)
            let fipID: String
            do {
                // A create under 503s may end 'outcome unknown'; this test needs one, so it is made fault-free.
                simulator.setFaults(.none)
                fipID = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: routed.publicNetwork.id)).id
                simulator.setFaults(faults)
            }
            _ = try await client.network.associateFloatingIP(id: fipID, portID: port.id)
            _ = try await client.network.floatingIPs(FloatingIPListQuery(ids: [fipID]))
            try await client.network.deleteFloatingIP(id: fipID)
            #expect(simulator.stats().byStatus["503", default: 0] > 0)
            var limited = FaultInjection()
            limited.http429Rate = 0.5
            limited.retryAfterSeconds = 0
            simulator.setFaults(limited)
            _ = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: routed.publicNetwork.id))
            simulator.setFaults(.none)
            #expect(simulator.floatingIPSnapshots().filter { $0.status != "DELETED" }.count >= 1)
            #expect(simulator.networkResourceCounts().floatingIPs == 1)
        }
    }
}
