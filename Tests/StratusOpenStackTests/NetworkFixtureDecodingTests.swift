import Foundation
import NIOCore
import Testing
@testable import StratusOpenStack

/// Real Neutron 29 and Nova 34 networking payloads (see Fixtures/README.md, "Neutron").
@Suite("Decoding real Neutron and Nova networking payloads")
struct NetworkFixtureDecodingTests {
    static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try FixtureDecodingTests.decode(type, name)
    }

    static func single<T: NeutronResource>(_ type: T.Type, _ name: String) throws -> T {
        try decode(NeutronSingle<T>.self, name).item
    }

    @Test func networksListAndNetworkWithTags() throws {
        let networks = try Self.decode(NeutronCollection<Network>.self, "neutron-networks.json").items
        let publicNet = try #require(networks.first { $0.name == "public" })
        #expect(publicNet.isExternal)
        #expect(!publicNet.isShared)
        #expect(publicNet.status == .active)
        #expect(publicNet.subnetIDs.count == 1)
        #expect(publicNet.mtu == 1500)
        let privateNet = try #require(networks.first { $0.name == "private" })
        #expect(privateNet.isShared && !privateNet.isExternal)
        #expect(privateNet.projectID == "ae0caf9395944531bd4a945ae1b2610d")
        #expect(privateNet.createdAt != nil && privateNet.revisionNumber == 2)

        let tagged = try Self.single(Network.self, "neutron-network.json")
        #expect(Set(tagged.tags) == ["stratus", "fixture"])
        #expect(tagged.description == "fixture")
        let created = try Self.single(Network.self, "neutron-network-create.json")
        #expect(created.tags.isEmpty)
        #expect(created.subnetIDs.isEmpty)
        #expect(created.adminStateUp)
    }

    @Test func subnet() throws {
        let subnet = try Self.single(Subnet.self, "neutron-subnet-create.json")
        #expect(subnet.cidr == "10.77.0.0/24")
        #expect(subnet.ipVersion == 4)
        #expect(subnet.gatewayIP == "10.77.0.1")
        #expect(subnet.enableDHCP)
        #expect(subnet.allocationPools == [Subnet.AllocationPool(start: "10.77.0.2", end: "10.77.0.254")])
        #expect(subnet.dnsNameservers == ["10.77.0.2"])
        #expect(subnet.name == "stratus-fixture-subnet")
    }

    @Test func portDownThenActiveAndPaging() throws {
        let created = try Self.single(NeutronPort.self, "neutron-port-create.json")
        #expect(created.status == .down)
        #expect(created.deviceOwner == "compute:nova")
        #expect(created.fixedIPs.count == 1)
        #expect(created.fixedIPs[0].ipAddress?.hasPrefix("10.77.0.") == true)
        #expect(created.macAddress?.hasPrefix("fa:16:3e") == true)
        #expect(created.securityGroupIDs.count == 1)
        let active = try Self.single(NeutronPort.self, "neutron-port-active.json")
        #expect(active.status == .active)
        #expect(active.id == created.id)

        let page = try Self.decode(NeutronCollection<NeutronPort>.self, "neutron-ports-page.json")
        #expect(page.items.count == 1)
        #expect(page.links.count == 2)
        #expect(page.nextMarker(lastID: page.items.last?.id) == page.items[0].id)
    }

    @Test func routerAndInterfaces() throws {
        let router = try Self.single(Router.self, "neutron-router-create.json")
        let gateway = try #require(router.externalGateway)
        #expect(gateway.networkID == "806473f0-6759-4c26-8816-9a9e8e5357b2")
        #expect(gateway.enableSNAT == true)
        #expect(gateway.externalFixedIPs.first?.ipAddress?.hasPrefix("172.24.4.") == true)
        #expect(router.status == .active)

        let added = try Self.decode(RouterInterface.self, "neutron-router-add-interface.json")
        #expect(added.id == router.id)
        #expect(added.subnetIDs == [try #require(added.subnetID)])
        #expect(added.networkID != nil)
        let removed = try Self.decode(RouterInterface.self, "neutron-router-remove-interface.json")
        #expect(removed.portID == added.portID)
    }

    @Test func floatingIPLifecycle() throws {
        let created = try Self.single(FloatingIP.self, "neutron-floatingip-create.json")
        #expect(created.status == .down)
        #expect(created.portID == nil && created.fixedIPAddress == nil && created.routerID == nil)
        #expect(created.floatingIPAddress.hasPrefix("172.24.4."))
        let associated = try Self.single(FloatingIP.self, "neutron-floatingip-associate.json")
        #expect(associated.status == .down)
        #expect(associated.portID != nil && associated.routerID != nil)
        #expect(associated.fixedIPAddress?.hasPrefix("10.77.0.") == true)
        let active = try Self.single(FloatingIP.self, "neutron-floatingip-active.json")
        #expect(active.status == .active)
        let disassociated = try Self.single(FloatingIP.self, "neutron-floatingip-disassociate.json")
        #expect(disassociated.portID == nil && disassociated.fixedIPAddress == nil)
    }

    @Test func securityGroupAndRules() throws {
        let created = try Self.single(SecurityGroup.self, "neutron-security-group-create.json")
        #expect(created.name == "stratus-fixture-sg")
        // This Neutron adds no egress rules to a new group (its default-rule template is empty).
        #expect(created.rules.isEmpty)
        let rule = try Self.single(SecurityGroupRule.self, "neutron-security-group-rule-create.json")
        #expect(rule.direction == .ingress)
        #expect(rule.protocol == "tcp")
        #expect(rule.portRangeMin == 22 && rule.portRangeMax == 22)
        #expect(rule.remoteIPPrefix == "0.0.0.0/0")
        #expect(rule.securityGroupID == created.id)
        let group = try Self.single(SecurityGroup.self, "neutron-security-group.json")
        #expect(group.rules.map(\.id) == [rule.id])
    }

    @Test func quotaAndExtensions() throws {
        struct QuotaEnvelope: Decodable { var quota: NetworkQuota }
        let quota = try Self.decode(QuotaEnvelope.self, "neutron-quota.json").quota
        #expect(quota.floatingIPs == -1 && quota.ports == -1)
        struct Extension: Decodable { var alias: String }
        struct Extensions: Decodable { var extensions: [Extension] }
        let aliases = Set(try Self.decode(Extensions.self, "neutron-extensions.json").extensions.map(\.alias))
        #expect(aliases.isSuperset(of: ["router", "external-net", "security-group", "standard-attr-tag", "tag-creation",
                                        "pagination", "quotas"]))
    }

    @Test("Neutron's error bodies give their message")
    func errorBodies() throws {
        func message(_ name: String, _ status: Int) throws -> String {
            ErrorBody.message(from: ByteBuffer(data: try FixtureDecodingTests.fixture(name)), status: status)
        }
        #expect(try message("neutron-error-404.json", 404).contains("could not be found"))
        #expect(try message("neutron-error-400-tags-in-post.json", 400) == "Attribute 'tags' not allowed in POST")
        #expect(try message("neutron-router-add-interface-again.json", 400).contains("Router already has a port on subnet"))
        #expect(try message("neutron-error-409-duplicate-rule.json", 409).contains("already exists"))
        #expect(try message("nova-error-400-keypair-generate.json", 400).contains("'public_key' is a required property"))
    }

    @Test func keyPairs() throws {
        struct Single: Decodable { var keypair: KeyPair }
        struct Wrapped: Decodable { var keypair: KeyPair }
        struct List: Decodable { var keypairs: [Wrapped] }
        let created = try Self.decode(Single.self, "nova-keypair-create.json").keypair
        #expect(created.privateKey?.hasPrefix("-----BEGIN") == true)
        #expect(created.publicKey.hasPrefix("ssh-rsa "))
        #expect(!created.description.contains("BEGIN"))
        #expect(created.description.contains("<redacted>"))
        let listed = try Self.decode(List.self, "nova-keypairs.json").keypairs.map(\.keypair)
        #expect(listed.map(\.name) == ["stratus-fixture-key"])
        #expect(listed[0].privateKey == nil && listed[0].fingerprint == created.fingerprint)
        let shown = try Self.decode(Single.self, "nova-keypair.json").keypair
        #expect(shown.userID != nil && shown.createdAt != nil && shown.type == "ssh")
    }
}
