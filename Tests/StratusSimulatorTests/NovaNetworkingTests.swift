import Foundation
import StratusSimulator
import Testing

@Suite("Nova networking")
struct NovaNetworkingTests {
    static let cirros = "155d900f-4e14-4e4c-a73d-069cbf4541e6"

    func createServer(_ cloud: TestCloud, token: String, _ extra: [String: Any] = [:], microversion: String = "2.96") async throws -> TestResponse {
        var server: [String: Any] = ["name": "net-vm", "imageRef": Self.cirros, "flavorRef": "1", "networks": "auto"]
        server.merge(extra) { _, new in new }
        return try await cloud.nova("POST", "/servers", token: token, microversion: microversion, json: ["server": server])
    }

    @Test("networks auto: a port on private (compute:nova, device_id = server), ACTIVE with the server, fixed and floating addresses, deleted with the server")
    func autoPortAddressesAndDelete() async throws {
        // The build lasts 4 s so the port is still DOWN when the test looks, however loaded the
        // machine (500 ms was not enough under CI load).
        var timings = SimulatorTimings(uniform: .milliseconds(500))
        timings.serverBuild = .seconds(4)
        try await TestCloud.with(timings: timings) { cloud in
            let token = try await cloud.token()
            let create = try await createServer(cloud, token: token)
            #expect(create.status == 202)
            let id = try #require(create.json?["server"]?["id"]?.string)
            #expect(create.json?["server"]?["security_groups"]?[0]?["name"]?.string == "default")
            let ports = try await cloud.neutron("GET", "/ports?device_id=\(id)", token: token)
            let port = try #require(ports.json?["ports"]?[0])
            let portID = try #require(port["id"]?.string)
            #expect(port["device_owner"]?.string == "compute:nova")
            #expect(port["status"]?.string == "DOWN")
            let fixed = try #require(port["fixed_ips"]?[0]?["ip_address"]?.string)

            let active = try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            let addresses = try #require(active["server"]?["addresses"]?["private"])
            #expect(addresses.array.count == 1)
            #expect(addresses[0]?["addr"]?.string == fixed)
            #expect(addresses[0]?["OS-EXT-IPS:type"]?.string == "fixed")
            #expect(addresses[0]?["OS-EXT-IPS-MAC:mac_addr"]?.string == port["mac_address"]?.string)
            #expect(addresses[0]?["version"]?.int == 4)
            let activePort = try await cloud.neutron("GET", "/ports/\(portID)", token: token)
            #expect(activePort.json?["port"]?["status"]?.string == "ACTIVE")

            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            _ = try await cloud.routerJoiningPrivateToPublic(token: token)
            let floatingIP = try await cloud.createNeutron(
                "floatingips", "floatingip", ["floating_network_id": publicID, "port_id": portID], token: token)
            let floatingID = try #require(floatingIP["id"]?.string)
            let shown = try await cloud.nova("GET", "/servers/\(id)", token: token)
            let both = shown.json?["server"]?["addresses"]?["private"]?.array ?? []
            #expect(both.map { $0["OS-EXT-IPS:type"]?.string } == ["fixed", "floating"])
            #expect(both.last?["addr"]?.string == floatingIP["floating_ip_address"]?.string)

            #expect(try await cloud.nova("DELETE", "/servers/\(id)", token: token).status == 204)
            _ = try await cloud.untilNotFound { try await cloud.nova("GET", "/servers/\(id)", token: token) }
            #expect(cloud.simulator.portSnapshots().first { $0.id == portID }?.deleted == true)
            let after = try await cloud.neutron("GET", "/floatingips/\(floatingID)", token: token)
            #expect(after.status == 200, "the floating IP stays allocated")
            #expect(after.json?["floatingip"]?["port_id"]?.isNull == true)
        }
    }

    @Test("networks [{port}]: the user's port is bound, then unbound (not deleted) when the server goes")
    func userPort() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID, "name": "mine"], token: token)
            let portID = try #require(port["id"]?.string)
            let create = try await createServer(cloud, token: token, ["networks": [["port": portID]]])
            let id = try #require(create.json?["server"]?["id"]?.string)
            let busy = try await createServer(cloud, token: token, ["networks": [["port": portID]]])
            #expect(busy.status == 409)
            try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            let bound = try await cloud.neutron("GET", "/ports/\(portID)", token: token)
            #expect(bound.json?["port"]?["device_id"]?.string == id)
            #expect(bound.json?["port"]?["status"]?.string == "ACTIVE")
            #expect(try await cloud.nova("DELETE", "/servers/\(id)", token: token).status == 204)
            _ = try await cloud.untilNotFound { try await cloud.nova("GET", "/servers/\(id)", token: token) }
            let unbound = try await cloud.neutron("GET", "/ports/\(portID)", token: token)
            #expect(unbound.status == 200)
            #expect(unbound.json?["port"]?["device_id"]?.string == "")
            #expect(unbound.json?["port"]?["status"]?.string == "DOWN")

            let unknown = try await createServer(cloud, token: token, ["networks": [["uuid": "00000000-0000-0000-0000-000000000000"]]])
            #expect(unknown.status == 400)
            #expect(cloud.simulator.networkResourceCounts().ports == 1)
        }
    }

    @Test("security_groups by name, unknown → 400; user_data validated; networks none → no ports")
    func createValidation() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            _ = try await cloud.createNeutron("security-groups", "security_group", ["name": "web"], token: token)
            let unknown = try await createServer(cloud, token: token, ["security_groups": [["name": "nope"]]])
            #expect(unknown.status == 400)
            #expect(unknown.json?["badRequest"]?["message"]?.string == "Security group nope not found.")
            let badData = try await createServer(cloud, token: token, ["user_data": "not base64!"])
            #expect(badData.status == 400)
            let tooLong = try await createServer(cloud, token: token, ["user_data": String(repeating: "QUFB", count: 20_000)])
            #expect(tooLong.status == 400)
            #expect(cloud.simulator.serverSnapshots().isEmpty)
            #expect(cloud.simulator.networkResourceCounts().ports == 0, "refused creates leave no ports")

            let good = try await createServer(
                cloud, token: token, ["security_groups": [["name": "web"], ["name": "default"]], "user_data": Data("#!/bin/sh\n".utf8).base64EncodedString()])
            #expect(good.status == 202)
            let id = try #require(good.json?["server"]?["id"]?.string)
            let server = try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            #expect(server["server"]?["security_groups"]?.array.compactMap { $0["name"]?.string } == ["web", "default"])
            let ports = try await cloud.neutron("GET", "/ports?device_id=\(id)", token: token)
            #expect(ports.json?["ports"]?[0]?["security_groups"]?.array.count == 2)

            let none = try await createServer(cloud, token: token, ["networks": "none"])
            let noneID = try #require(none.json?["server"]?["id"]?.string)
            let noneServer = try await cloud.waitForServer(noneID, status: "ACTIVE", token: token)
            #expect(noneServer["server"]?["addresses"]?.keys.isEmpty == true)
        }
    }

    @Test("os-interface: attach by net_id (port ACTIVE after a delay), list, detach → port gone; attach a user port → unbound on detach")
    func interfaces() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let id = try await cloud.createServer(token: token)
            try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            let network = try await cloud.createNeutron("networks", "network", ["name": "extra"], token: token)
            let networkID = try #require(network["id"]?.string)
            _ = try await cloud.createNeutron(
                "subnets", "subnet", ["network_id": networkID, "cidr": "192.168.50.0/24", "ip_version": 4], token: token)
            let attach = try await cloud.nova("POST", "/servers/\(id)/os-interface", token: token, json: ["interfaceAttachment": ["net_id": networkID]])
            #expect(attach.status == 200)
            let portID = try #require(attach.json?["interfaceAttachment"]?["port_id"]?.string)
            #expect(attach.json?["interfaceAttachment"]?["net_id"]?.string == networkID)
            #expect(attach.json?["interfaceAttachment"]?["fixed_ips"]?[0]?["ip_address"]?.string == "192.168.50.2")
            try await cloud.waitForNeutron("ports", "port", portID, status: "ACTIVE", token: token)
            let list = try await cloud.nova("GET", "/servers/\(id)/os-interface", token: token)
            #expect(list.json?["interfaceAttachments"]?.array.count == 1)
            let server = try await cloud.nova("GET", "/servers/\(id)", token: token)
            #expect(server.json?["server"]?["addresses"]?["extra"]?[0]?["addr"]?.string == "192.168.50.2")

            let detach = try await cloud.nova("DELETE", "/servers/\(id)/os-interface/\(portID)", token: token)
            #expect(detach.status == 202)
            _ = try await cloud.untilNotFound { try await cloud.neutron("GET", "/ports/\(portID)", token: token) }

            let port = try await cloud.createNeutron("ports", "port", ["network_id": networkID], token: token)
            let userPortID = try #require(port["id"]?.string)
            let attachPort = try await cloud.nova("POST", "/servers/\(id)/os-interface", token: token, json: ["interfaceAttachment": ["port_id": userPortID]])
            #expect(attachPort.status == 200)
            try await cloud.waitForNeutron("ports", "port", userPortID, status: "ACTIVE", token: token)
            #expect(try await cloud.nova("DELETE", "/servers/\(id)/os-interface/\(userPortID)", token: token).status == 202)
            try await cloud.waitFor("", at: ["port", "device_id"]) { try await cloud.neutron("GET", "/ports/\(userPortID)", token: token) }
            let notAttached = try await cloud.nova("DELETE", "/servers/\(id)/os-interface/\(userPortID)", token: token)
            #expect(notAttached.status == 404)
        }
    }

    @Test("block_device_mapping_v2 from an image: a Cinder volume in-use on the server, deleted with it when delete_on_termination")
    func bootFromVolume() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let mapping: [[String: Any]] = [[
                "boot_index": 0, "uuid": Self.cirros, "source_type": "image", "destination_type": "volume",
                "volume_size": 3, "delete_on_termination": true,
            ]]
            let create = try await createServer(cloud, token: token, ["imageRef": "", "block_device_mapping_v2": mapping])
            #expect(create.status == 202)
            let id = try #require(create.json?["server"]?["id"]?.string)
            let server = try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            #expect(server["server"]?["image"]?.string == "")
            let volumeID = try #require(server["server"]?["os-extended-volumes:volumes_attached"]?[0]?["id"]?.string)
            let volume = try await cloud.cinder("GET", "/volumes/\(volumeID)", token: token, projectID: project)
            #expect(volume.json?["volume"]?["status"]?.string == "in-use")
            #expect(volume.json?["volume"]?["size"]?.int == 3)
            #expect(volume.json?["volume"]?["bootable"]?.string == "true")
            #expect(volume.json?["volume"]?["attachments"]?[0]?["device"]?.string == "/dev/vda")
            let noSize = try await createServer(
                cloud, token: token,
                ["imageRef": "", "block_device_mapping_v2": [["boot_index": 0, "uuid": Self.cirros, "source_type": "image", "destination_type": "volume"]]])
            #expect(noSize.status == 400)

            #expect(try await cloud.nova("DELETE", "/servers/\(id)", token: token).status == 204)
            _ = try await cloud.untilNotFound { try await cloud.nova("GET", "/servers/\(id)", token: token) }
            #expect(cloud.simulator.volumeSnapshots().first { $0.id == volumeID }?.deleted == true)
        }
    }

    @Test("a failed build releases the server's port; a port quota refuses the create with 403")
    func buildFailureAndPortQuota() async throws {
        try await TestCloud.with(
            timings: SimulatorTimings(uniform: .seconds(1)), faults: FaultInjection(buildErrorRate: 1), configure: { $0.networkQuotas = NetworkQuotaLimits(ports: 1) }
        ) { cloud in
            let token = try await cloud.token()
            let create = try await createServer(cloud, token: token)
            let id = try #require(create.json?["server"]?["id"]?.string)
            #expect(cloud.simulator.networkResourceCounts().ports == 1)
            let refused = try await createServer(cloud, token: token)
            #expect(refused.status == 403)
            #expect(refused.json?["forbidden"]?["message"]?.string == "Maximum number of ports exceeded")
            let failed = try await cloud.waitForServer(id, status: "ERROR", token: token)
            #expect(failed["server"]?["addresses"]?.keys.isEmpty == true)
            #expect(cloud.simulator.networkResourceCounts().ports == 0)
            #expect(cloud.simulator.portSnapshots().allSatisfy { $0.deleted })
        }
    }
}
