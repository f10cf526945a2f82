import Foundation
import Testing
@testable import StratusOpenStack

/// The Neutron client against real Neutron 29 (and Nova 34 for key pairs and server networking
/// fields). Every test makes its own uniquely named resources and deletes them.
@Suite("Real OpenStack: Neutron", .enabled(if: RealCloud.isConfigured, RealCloud.skipReason), .serialized)
struct RealCloudNetworkTests {
    /// A network with one subnet of a unique /24 in 10.200–10.249, deleted (with its ports) afterwards.
    static func withNetwork<T>(_ client: OpenStackClient, tags: [String] = [],
                               _ body: (StratusOpenStack.Network, Subnet) async throws -> T) async throws -> T {
        let name = RealCloud.uniqueName("stratus-net")
        let network = try await client.network.createNetwork(NetworkCreateRequest(name: name, description: "integration", tags: tags))
        do {
            let subnet = try await client.network.createSubnet(SubnetCreateRequest(
                networkID: network.id, cidr: "10.\(Int.random(in: 200...249)).\(Int.random(in: 0...255)).0/24", name: "\(name)-subnet"))
            let result = try await body(network, subnet)
            try await cleanUp(client, network)
            return result
        } catch {
            try? await cleanUp(client, network)
            throw error
        }
    }

    static func cleanUp(_ client: OpenStackClient, _ network: StratusOpenStack.Network) async throws {
        for port in try await client.network.ports(PortListQuery(networkID: network.id)) where port.deviceOwner.isEmpty {
            try? await client.network.deletePort(id: port.id)
        }
        for subnet in try await client.network.subnets(SubnetListQuery(networkID: network.id)) {
            try await client.network.deleteSubnet(id: subnet.id)
        }
        try await client.network.deleteNetwork(id: network.id)
    }

    static func publicNetwork(_ client: OpenStackClient) async throws -> StratusOpenStack.Network {
        try #require(try await client.network.networks(NetworkListQuery(isExternal: true)).first { $0.name == "public" })
    }

    @Test("extensions, quota and the seeded networks (public external, private shared)")
    func discovery() async throws {
        let client = try RealCloud.client()
        let extensions = try await client.network.extensions()
        #expect(extensions.isSuperset(of: ["router", "external-net", "security-group", "standard-attr-tag", "tag-creation"]))
        #expect(try await client.endpoint(for: .network) == "http://127.0.0.1:9696/v2.0")
        let publicNet = try await Self.publicNetwork(client)
        #expect(publicNet.isExternal && publicNet.status == .active)
        let privateNet = try await client.network.findNetwork("private")
        #expect(privateNet.isShared && !privateNet.isExternal)
        let state = try await client.authenticate()
        let quota = try await client.network.quota(projectID: try #require(state.projectID))
        #expect(quota.floatingIPs == -1 || quota.floatingIPs > 0)
    }

    @Test("network + subnet: create with tags (set after the create), list and filter (ids, name, tags, tags-any), find, delete, 404")
    func networkAndSubnetLifecycle() async throws {
        let client = try RealCloud.client()
        let tag = RealCloud.uniqueName("stratus-tag")
        let other = RealCloud.uniqueName("stratus-tag")
        let deletedID = try await Self.withNetwork(client, tags: [tag, "stratus-it"]) { network, subnet in
            #expect(Set(network.tags) == [tag, "stratus-it"])
            #expect(try await client.network.tags(.network, id: network.id).sorted() == [tag, "stratus-it"].sorted())
            try await client.network.addTag(.network, id: network.id, tag: other)
            #expect(try await client.network.networks(NetworkListQuery(tags: [tag, other])).map(\.id) == [network.id])
            #expect(try await client.network.networks(NetworkListQuery(tagsAny: [other, "no-such-tag"])).map(\.id) == [network.id])
            #expect(try await client.network.networks(NetworkListQuery(tags: [tag, "no-such-tag"])).isEmpty)
            try await client.network.replaceTags(.network, id: network.id, tags: [tag])
            #expect(try await client.network.network(id: network.id).tags == [tag])

            let publicNet = try await Self.publicNetwork(client)
            let both = try await client.network.networks(NetworkListQuery(ids: [network.id, publicNet.id]))
            #expect(Set(both.map(\.id)) == [network.id, publicNet.id])
            #expect(try await client.network.networks(NetworkListQuery(name: network.name)).map(\.id) == [network.id])
            #expect(try await client.network.findNetwork(network.name).id == network.id)
            #expect(try await client.network.findNetwork(network.id).name == network.name)

            #expect(subnet.networkID == network.id)
            #expect(subnet.gatewayIP?.hasSuffix(".1") == true)
            #expect(try await client.network.subnets(SubnetListQuery(networkID: network.id)).map(\.id) == [subnet.id])
            #expect(try await client.network.findSubnet(subnet.name).id == subnet.id)
            #expect(try await client.network.network(id: network.id).subnetIDs == [subnet.id])
            return network.id
        }
        let error = await #expect(throws: OpenStackError.self) { try await client.network.deleteNetwork(id: deletedID) }
        #expect(error?.isNotFound == true)
        #expect(error?.status == 404)
        let gone = await #expect(throws: OpenStackError.self) { _ = try await client.network.network(id: deletedID) }
        #expect(gone?.isNotFound == true)
    }

    @Test("port: create → DOWN, then ACTIVE from the agent (or DOWN when unbound), update, filter, delete")
    func portLifecycle() async throws {
        let client = try RealCloud.client()
        try await Self.withNetwork(client) { network, subnet in
            let name = RealCloud.uniqueName("stratus-port")
            let port = try await client.network.createPort(PortCreateRequest(
                networkID: network.id, name: name, fixedIPs: [.init(subnetID: subnet.id)], description: "integration"))
            #expect(port.status == .down)
            #expect(port.fixedIPs.first?.subnetID == subnet.id)
            #expect(port.securityGroupIDs.count == 1)
            let settled = try await RealCloud.eventually(timeout: .seconds(15), "port ACTIVE") { () async throws -> NeutronPort? in
                let current = try await client.network.port(id: port.id)
                return current.status == .active ? current : nil
            }
            #expect(settled.status == .active)
            let updated = try await client.network.updatePort(id: port.id, PortUpdateRequest(name: "\(name)-renamed", securityGroupIDs: []))
            #expect(updated.name == "\(name)-renamed")
            #expect(updated.securityGroupIDs.isEmpty)
            #expect(try await client.network.ports(PortListQuery(ids: [port.id], status: .active)).map(\.id) == [port.id])
            #expect(try await client.network.ports(PortListQuery(networkID: network.id, description: "integration")).map(\.id) == [port.id])
            try await client.network.deletePort(id: port.id)
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.port(id: port.id) }
            #expect(error?.isNotFound == true)
        }
    }

    @Test("router on public, interface on a subnet (a second add is a 400), floating IP associate → ACTIVE, disassociate → DOWN, delete")
    func routerAndFloatingIP() async throws {
        let client = try RealCloud.client()
        let publicNet = try await Self.publicNetwork(client)
        try await Self.withNetwork(client) { network, subnet in
            let router = try await client.network.createRouter(RouterCreateRequest(
                name: RealCloud.uniqueName("stratus-router"), externalNetworkID: publicNet.id))
            do {
                #expect(router.externalGateway?.networkID == publicNet.id)
                #expect(router.externalGateway?.externalFixedIPs.isEmpty == false)
                #expect(try await client.network.findRouter(router.name).id == router.id)
                let interface = try await client.network.addRouterInterface(routerID: router.id, subnetID: subnet.id)
                #expect(interface.id == router.id && interface.subnetID == subnet.id)
                let again = await #expect(throws: OpenStackError.self) {
                    _ = try await client.network.addRouterInterface(routerID: router.id, subnetID: subnet.id)
                }
                #expect(again?.status == 400)
                #expect(again?.attempts == 1)
                let routerPorts = try await client.network.ports(PortListQuery(deviceID: router.id, deviceOwner: "network:router_interface"))
                #expect(routerPorts.map(\.id) == [interface.portID])

                let target = try await client.network.createPort(PortCreateRequest(networkID: network.id, name: RealCloud.uniqueName("stratus-fip-target")))
                let created = try await client.network.createFloatingIP(FloatingIPCreateRequest(
                    floatingNetworkID: publicNet.id, description: "integration"))
                do {
                    #expect(created.status == .down && created.portID == nil)
                    #expect(created.floatingIPAddress.hasPrefix("172.24.4."))
                    let associated = try await client.network.associateFloatingIP(id: created.id, portID: target.id)
                    #expect(associated.portID == target.id)
                    #expect(associated.fixedIPAddress == target.fixedIPs.first?.ipAddress)
                    #expect(associated.routerID == router.id)
                    _ = try await RealCloud.eventually(timeout: .seconds(15), "floating IP ACTIVE") { () async throws -> FloatingIP? in
                        let current = try await client.network.floatingIP(id: created.id)
                        return current.status == .active ? current : nil
                    }
                    let batch = try await client.network.floatingIPs(FloatingIPListQuery(ids: [created.id, UUID().uuidString.lowercased()]))
                    #expect(batch.map(\.id) == [created.id])
                    #expect(try await client.network.floatingIPs(FloatingIPListQuery(portID: target.id)).map(\.id) == [created.id])
                    let disassociated = try await client.network.disassociateFloatingIP(id: created.id)
                    #expect(disassociated.portID == nil && disassociated.fixedIPAddress == nil)
                    _ = try await RealCloud.eventually(timeout: .seconds(15), "floating IP DOWN") { () async throws -> FloatingIP? in
                        let current = try await client.network.floatingIP(id: created.id)
                        return current.status == .down ? current : nil
                    }
                } catch {
                    try? await client.network.deleteFloatingIP(id: created.id)
                    throw error
                }
                try await client.network.deleteFloatingIP(id: created.id)
                #expect(try await client.network.floatingIPs(FloatingIPListQuery(ids: [created.id])).isEmpty)
                try await client.network.deletePort(id: target.id)

                let inUse = await #expect(throws: OpenStackError.self) { try await client.network.deleteRouter(id: router.id) }
                #expect(inUse?.isConflict == true)
                let removed = try await client.network.removeRouterInterface(routerID: router.id, subnetID: subnet.id)
                #expect(removed.portID == interface.portID)
                let cleared = try await client.network.setRouterGateway(routerID: router.id, externalNetworkID: nil)
                #expect(cleared.externalGateway == nil)
            } catch {
                _ = try? await client.network.removeRouterInterface(routerID: router.id, subnetID: subnet.id)
                try? await client.network.deleteRouter(id: router.id)
                throw error
            }
            try await client.network.deleteRouter(id: router.id)
        }
    }

    @Test("a floating IP associated with a port on `private` after a router joins it to public")
    func floatingIPOnPrivate() async throws {
        let client = try RealCloud.client()
        let publicNet = try await Self.publicNetwork(client)
        let privateNet = try await client.network.findNetwork("private")
        let privateSubnet = try #require(privateNet.subnetIDs.first)
        let router = try await client.network.createRouter(RouterCreateRequest(name: RealCloud.uniqueName("stratus-router"),
                                                                               externalNetworkID: publicNet.id))
        var port: NeutronPort?
        var fip: FloatingIP?
        do {
            try await client.network.addRouterInterface(routerID: router.id, subnetID: privateSubnet)
            port = try await client.network.createPort(PortCreateRequest(networkID: privateNet.id, name: RealCloud.uniqueName("stratus-port")))
            fip = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: publicNet.id, portID: port?.id))
            #expect(fip?.portID == port?.id)
            _ = try await RealCloud.eventually(timeout: .seconds(15), "floating IP ACTIVE") { () async throws -> FloatingIP? in
                let current = try await client.network.floatingIP(id: fip!.id)
                return current.status == .active ? current : nil
            }
        } catch {
            Issue.record(error)
        }
        if let fip { try await client.network.deleteFloatingIP(id: fip.id) }
        if let port { try await client.network.deletePort(id: port.id) }
        _ = try? await client.network.removeRouterInterface(routerID: router.id, subnetID: privateSubnet)
        try await client.network.deleteRouter(id: router.id)
    }

    @Test("security group + rules: create, rule create, duplicate 409, list, find, delete")
    func securityGroupLifecycle() async throws {
        let client = try RealCloud.client()
        let name = RealCloud.uniqueName("stratus-sg")
        let group = try await client.network.createSecurityGroup(SecurityGroupCreateRequest(name: name, description: "integration",
                                                                                           tags: ["stratus-it"]))
        do {
            // Neutron's documentation promises two egress rules on a new group; this Neutron 29 adds
            // none (its security-group default-rule template is empty), so no count is asserted.
            #expect(group.rules.allSatisfy { $0.direction == .egress })
            #expect(group.tags == ["stratus-it"])
            let rule = try await client.network.createSecurityGroupRule(SecurityGroupRuleCreateRequest(
                securityGroupID: group.id, protocol: "tcp", portRangeMin: 22, portRangeMax: 22, remoteIPPrefix: "0.0.0.0/0",
                description: "ssh"))
            #expect(rule.direction == .ingress && rule.protocol == "tcp" && rule.portRangeMin == 22)
            let duplicate = await #expect(throws: OpenStackError.self) {
                _ = try await client.network.createSecurityGroupRule(SecurityGroupRuleCreateRequest(
                    securityGroupID: group.id, protocol: "tcp", portRangeMin: 22, portRangeMax: 22, remoteIPPrefix: "0.0.0.0/0"))
            }
            #expect(duplicate?.isConflict == true)
            #expect(try await client.network.securityGroup(id: group.id).rules.contains { $0.id == rule.id })
            #expect(try await client.network.securityGroups(SecurityGroupListQuery(name: name)).map(\.id) == [group.id])
            #expect(try await client.network.findSecurityGroup(name).id == group.id)
            #expect(try await client.network.securityGroups(SecurityGroupListQuery(tags: ["stratus-it"])).contains { $0.id == group.id })
            #expect(try await client.network.findSecurityGroup("default").name == "default")
            try await client.network.deleteSecurityGroupRule(id: rule.id)
            #expect(try await !client.network.securityGroup(id: group.id).rules.contains { $0.id == rule.id })
        } catch {
            try? await client.network.deleteSecurityGroup(id: group.id)
            throw error
        }
        try await client.network.deleteSecurityGroup(id: group.id)
        let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.securityGroup(id: group.id) }
        #expect(error?.isNotFound == true)
    }

    @Test("an ambiguous name is refused with both ids; paging with limit spans more than one page")
    func ambiguityAndPaging() async throws {
        let client = try RealCloud.client()
        let name = RealCloud.uniqueName("stratus-dup")
        let tag = RealCloud.uniqueName("stratus-page")
        var created: [StratusOpenStack.Network] = []
        do {
            for _ in 0..<3 {
                created.append(try await client.network.createNetwork(NetworkCreateRequest(name: name, tags: [tag])))
            }
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.findNetwork(name) }
            #expect(error?.code == .ambiguous)
            #expect(created.allSatisfy { error?.message.contains($0.id) == true })

            let first = try await client.network.networksPage(NetworkListQuery(tags: [tag], limit: 2))
            #expect(first.items.count == 2)
            let marker = try #require(first.nextMarker)
            let second = try await client.network.networksPage(NetworkListQuery(tags: [tag], limit: 2, marker: marker))
            #expect(second.items.count == 1)
            #expect(Set((first.items + second.items).map(\.id)) == Set(created.map(\.id)))
            let all = try await client.network.networks(NetworkListQuery(tags: [tag], limit: 2))
            #expect(Set(all.map(\.id)) == Set(created.map(\.id)))
            #expect(all.count == 3)
        } catch {
            Issue.record(error)
        }
        for network in created { try await client.network.deleteNetwork(id: network.id) }
    }

    @Test("another project's router is 404 for demo (get and delete); a wrong password and a wrong token are authentication errors")
    func isolationAndAuthentication() async throws {
        let admin = try RealCloud.client(RealCloud.adminCloud)
        let demo = try RealCloud.client()
        let router = try await admin.network.createRouter(RouterCreateRequest(name: RealCloud.uniqueName("stratus-admin-router")))
        do {
            let hidden = await #expect(throws: OpenStackError.self) { _ = try await demo.network.router(id: router.id) }
            #expect(hidden?.isNotFound == true)
            let refused = await #expect(throws: OpenStackError.self) { try await demo.network.deleteRouter(id: router.id) }
            #expect(refused?.status == 404)
            #expect(try await !demo.network.routers(RouterListQuery(ids: [router.id])).contains { $0.id == router.id })
            #expect(try await admin.network.router(id: router.id).id == router.id)
        } catch {
            try? await admin.network.deleteRouter(id: router.id)
            throw error
        }
        try await admin.network.deleteRouter(id: router.id)

        var configuration = demo.configuration
        guard case .password(var credentials) = configuration.credentials else { Issue.record("expected password auth"); return }
        credentials.password = "wrong-\(UUID().uuidString)"
        configuration.credentials = .password(credentials)
        let wrongPassword = await #expect(throws: OpenStackError.self) {
            _ = try await OpenStackClient(configuration: configuration).network.networks()
        }
        #expect(wrongPassword?.code == .authentication)

        let tokenOnly = CloudConfiguration(name: "bad-token", authURL: nil, credentials: .staticToken("not-a-token"),
                                           endpointOverrides: [.network: "http://127.0.0.1:9696"])
        let wrongToken = await #expect(throws: OpenStackError.self) {
            _ = try await OpenStackClient(configuration: tokenOnly).network.networks()
        }
        #expect(wrongToken?.code == .authentication)
        #expect(wrongToken?.status == 401)
    }
}

@Suite("Real OpenStack: Nova key pairs and server networking fields", .enabled(if: RealCloud.isConfigured, RealCloud.skipReason),
       .serialized)
struct RealCloudKeyPairTests {
    @Test("key pairs: generated (Nova ≤ 2.91), imported, listed, shown, deleted")
    func keyPairLifecycle() async throws {
        let client = try RealCloud.client()
        let generatedName = RealCloud.uniqueName("stratus-key")
        let importedName = RealCloud.uniqueName("stratus-key")
        let generated = try await client.compute.createKeyPair(name: generatedName)
        do {
            #expect(generated.privateKey?.contains("PRIVATE KEY") == true)
            #expect(generated.publicKey.hasPrefix("ssh-"))
            let imported = try await client.compute.importKeyPair(name: importedName, publicKey: generated.publicKey)
            #expect(imported.privateKey == nil)
            #expect(imported.fingerprint == generated.fingerprint)
            let names = try await client.compute.keyPairs().map(\.name)
            #expect(names.contains(generatedName) && names.contains(importedName))
            let shown = try await client.compute.keyPair(name: importedName)
            #expect(shown.createdAt != nil && shown.type == "ssh" && shown.privateKey == nil)
            let duplicate = await #expect(throws: OpenStackError.self) {
                _ = try await client.compute.importKeyPair(name: importedName, publicKey: generated.publicKey)
            }
            #expect(duplicate?.isConflict == true)
        } catch {
            try? await client.compute.deleteKeyPair(name: generatedName)
            try? await client.compute.deleteKeyPair(name: importedName)
            throw error
        }
        try await client.compute.deleteKeyPair(name: generatedName)
        try await client.compute.deleteKeyPair(name: importedName)
        let gone = await #expect(throws: OpenStackError.self) { _ = try await client.compute.keyPair(name: importedName) }
        #expect(gone?.isNotFound == true)
    }

    @Test("server create with key_name, security_groups, user_data, metadata and config_drive")
    func serverWithNetworkingFields() async throws {
        let client = try RealCloud.client()
        let keyName = RealCloud.uniqueName("stratus-key")
        _ = try await client.compute.createKeyPair(name: keyName)
        defer { Task { try? await client.compute.deleteKeyPair(name: keyName) } }
        let flavor = try await client.compute.findFlavor("m1.tiny")
        let created = try await client.compute.createServer(ServerCreateRequest(
            name: RealCloud.uniqueName("stratus-it-net"), imageID: RealCloud.bootImageID, flavorID: flavor.id,
            networks: .none, metadata: ["purpose": "networking"], keyName: keyName,
            userData: ServerCreateRequest.encodeUserData("#cloud-config\n"), securityGroups: ["default"], configDrive: true))
        do {
            let active = try await RealCloud.waitForServer(client, created.id, status: .active)
            #expect(active.keyName == keyName)
            #expect(active.metadata["purpose"] == "networking")
            #expect(active.addresses.isEmpty)
            #expect(try await client.compute.interfaces(serverID: created.id).isEmpty)
        } catch {
            try? await client.compute.deleteServer(id: created.id)
            throw error
        }
        try await client.compute.deleteServer(id: created.id)
        try await RealCloud.waitUntilGone("server deleted") { _ = try await client.compute.server(id: created.id) }
    }
}
