import AsyncHTTPClient
import Foundation
import StratusSimulator
import Testing

@Suite("Neutron routers and floating IPs")
struct NeutronFloatingIPTests {
    @Test("floating IP: DOWN → (no router: 404) → router → associate → ACTIVE → disassociate → DOWN → delete → 404")
    func lifecycle() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(300))) { cloud in
            let token = try await cloud.token()
            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            let subnetID = try await cloud.neutronID("subnets", named: "private-subnet", token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID, "name": "vm"], token: token)
            let portID = try #require(port["id"]?.string)
            let fixed = try #require(port["fixed_ips"]?[0]?["ip_address"]?.string)

            let created = try await cloud.neutron(
                "POST", "/floatingips", token: token, json: ["floatingip": ["floating_network_id": publicID, "tags": ["t1"]]])
            #expect(created.status == 201)
            let floatingIP = try #require(created.json?["floatingip"])
            let id = try #require(floatingIP["id"]?.string)
            #expect(floatingIP["status"]?.string == "DOWN")
            #expect(floatingIP["port_id"]?.isNull == true)
            #expect(floatingIP["floating_ip_address"]?.string?.hasPrefix("172.24.4.") == true)
            #expect(floatingIP["tags"]?.strings == ["t1"])

            let unreachable = try await cloud.neutron("PUT", "/floatingips/\(id)", token: token, json: ["floatingip": ["port_id": portID]])
            #expect(unreachable.status == 404)
            #expect(unreachable.json?["NeutronError"]?["type"]?.string == "ExternalGatewayForFloatingIPNotFound")
            #expect(
                unreachable.json?["NeutronError"]?["message"]?.string
                    == "External network \(publicID) is not reachable from subnet \(subnetID).  Therefore, cannot associate Port \(portID) with a Floating IP.")

            let routerID = try await cloud.routerJoiningPrivateToPublic(token: token)
            let router = try await cloud.neutron("GET", "/routers/\(routerID)", token: token)
            #expect(router.json?["router"]?["external_gateway_info"]?["network_id"]?.string == publicID)
            let twice = try await cloud.neutron("PUT", "/routers/\(routerID)/add_router_interface", token: token, json: ["subnet_id": subnetID])
            #expect(twice.status == 400)
            #expect(twice.json?["NeutronError"]?["type"]?.string == "BadRequest")

            let associated = try await cloud.neutron("PUT", "/floatingips/\(id)", token: token, json: ["floatingip": ["port_id": portID]])
            #expect(associated.status == 200)
            #expect(associated.json?["floatingip"]?["port_id"]?.string == portID)
            #expect(associated.json?["floatingip"]?["fixed_ip_address"]?.string == fixed)
            #expect(associated.json?["floatingip"]?["router_id"]?.string == routerID)
            #expect(associated.json?["floatingip"]?["status"]?.string == "DOWN")
            try await cloud.waitForNeutron("floatingips", "floatingip", id, status: "ACTIVE", token: token)

            let needed = try await cloud.neutron("PUT", "/routers/\(routerID)/remove_router_interface", token: token, json: ["subnet_id": subnetID])
            #expect(needed.status == 409)
            #expect(needed.json?["NeutronError"]?["type"]?.string == "RouterInterfaceInUseByFloatingIP")
            let gateway = try await cloud.neutron("PUT", "/routers/\(routerID)", token: token, json: ["router": ["external_gateway_info": [:]]])
            #expect(gateway.status == 409)
            let byPort = try await cloud.neutron("GET", "/floatingips?port_id=\(portID)", token: token)
            #expect(byPort.json?["floatingips"]?.array.count == 1)

            let disassociated = try await cloud.neutron("PUT", "/floatingips/\(id)", token: token, json: ["floatingip": ["port_id": NSNullValue.null]])
            #expect(disassociated.status == 200)
            #expect(disassociated.json?["floatingip"]?["port_id"]?.isNull == true)
            #expect(disassociated.json?["floatingip"]?["status"]?.string == "ACTIVE", "DOWN follows after the delay")
            try await cloud.waitForNeutron("floatingips", "floatingip", id, status: "DOWN", token: token)

            #expect(try await cloud.neutron("DELETE", "/floatingips/\(id)", token: token).status == 204)
            let gone = try await cloud.neutron("GET", "/floatingips/\(id)", token: token)
            #expect(gone.status == 404)
            #expect(gone.json?["NeutronError"]?["type"]?.string == "FloatingIPNotFound")

            let inUse = try await cloud.neutron("DELETE", "/routers/\(routerID)", token: token)
            #expect(inUse.status == 409)
            let removed = try await cloud.neutron("PUT", "/routers/\(routerID)/remove_router_interface", token: token, json: ["subnet_id": subnetID])
            #expect(removed.status == 200)
            #expect(removed.json?["subnet_id"]?.string == subnetID)
            #expect(removed.json?["port_id"]?.string != nil)
            let removedAgain = try await cloud.neutron("PUT", "/routers/\(routerID)/remove_router_interface", token: token, json: ["subnet_id": subnetID])
            #expect(removedAgain.status == 404)
            let unknownSubnet = try await cloud.neutron(
                "PUT", "/routers/\(routerID)/add_router_interface", token: token, json: ["subnet_id": UUID().uuidString.lowercased()])
            #expect(unknownSubnet.status == 404)
            #expect(unknownSubnet.json?["NeutronError"]?["type"]?.string == "SubnetNotFound")
            let malformed = try await cloud.neutron("PUT", "/routers/\(routerID)/add_router_interface", token: token, json: ["subnet_id": "nope"])
            #expect(malformed.status == 400)
            #expect(malformed.json?["NeutronError"]?["message"]?.string == "Bad router request: 'nope' is not a valid UUID.")
            #expect(try await cloud.neutron("DELETE", "/routers/\(routerID)", token: token).status == 204)
            #expect(try await cloud.neutron("DELETE", "/ports/\(portID)", token: token).status == 204)
            let counts = cloud.simulator.networkResourceCounts()
            #expect(counts.ports == 0 && counts.routers == 0 && counts.floatingIPs == 0)
        }
    }

    @Test("created with port_id it is associated at once; deleting the port disassociates it")
    func createAssociatedThenDeletePort() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            _ = try await cloud.routerJoiningPrivateToPublic(token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID], token: token)
            let portID = try #require(port["id"]?.string)
            let floatingIP = try await cloud.createNeutron(
                "floatingips", "floatingip", ["floating_network_id": publicID, "port_id": portID], token: token)
            let id = try #require(floatingIP["id"]?.string)
            #expect(floatingIP["port_id"]?.string == portID)
            try await cloud.waitForNeutron("floatingips", "floatingip", id, status: "ACTIVE", token: token)
            let second = try await cloud.neutron(
                "POST", "/floatingips", token: token, json: ["floatingip": ["floating_network_id": publicID, "port_id": portID]])
            #expect(second.status == 409, "the fixed IP already has a floating IP")
            let notExternal = try await cloud.neutron("POST", "/floatingips", token: token, json: ["floatingip": ["floating_network_id": privateID]])
            #expect(notExternal.status == 400)

            #expect(try await cloud.neutron("DELETE", "/ports/\(portID)", token: token).status == 204)
            let after = try await cloud.neutron("GET", "/floatingips/\(id)", token: token)
            #expect(after.json?["floatingip"]?["port_id"]?.isNull == true)
            try await cloud.waitForNeutron("floatingips", "floatingip", id, status: "DOWN", token: token)
            #expect(cloud.simulator.floatingIPSnapshots().first { $0.id == id }?.portID == nil)
            #expect(cloud.simulator.portSnapshots().first { $0.id == portID }?.deleted == true)
        }
    }

    @Test("floatingIPErrorRate 1: an association ends in ERROR")
    func associationError() async throws {
        try await TestCloud.with(faults: FaultInjection(floatingIPErrorRate: 1)) { cloud in
            let token = try await cloud.token()
            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            _ = try await cloud.routerJoiningPrivateToPublic(token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID], token: token)
            let floatingIP = try await cloud.createNeutron(
                "floatingips", "floatingip", ["floating_network_id": publicID, "port_id": port["id"]?.string ?? ""], token: token)
            try await cloud.waitForNeutron("floatingips", "floatingip", floatingIP["id"]?.string ?? "", status: "ERROR", token: token)
        }
    }

    @Test("quota on floating IPs: 409 OverQuota")
    func floatingIPQuota() async throws {
        try await TestCloud.with(configure: { $0.networkQuotas = NetworkQuotaLimits(floatingIPs: 1) }) { cloud in
            let token = try await cloud.token()
            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            _ = try await cloud.createNeutron("floatingips", "floatingip", ["floating_network_id": publicID], token: token)
            let second = try await cloud.neutron("POST", "/floatingips", token: token, json: ["floatingip": ["floating_network_id": publicID]])
            #expect(second.status == 409)
            #expect(second.json?["NeutronError"]?["message"]?.string == "Quota exceeded for resources: ['floatingip'].")
            #expect(cloud.simulator.networkResourceCounts().floatingIPs == 1)
        }
    }

    @Test("a 503 on POST /floatingips changes nothing; drop-after-commit leaves exactly one")
    func faults() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let publicID = try await cloud.neutronID("networks", named: "public", token: token)
            cloud.simulator.setFaults(FaultInjection(http503Rate: 1, retryAfterSeconds: 3))
            let refused = try await cloud.neutron(
                "POST", "/floatingips", token: token, json: ["floatingip": ["floating_network_id": publicID]])
            #expect(refused.status == 503)
            #expect(refused.header("retry-after") == "3")
            #expect(refused.json?["NeutronError"]?["type"]?.string == "HTTPServiceUnavailable")
            #expect(cloud.simulator.floatingIPSnapshots().isEmpty)

            cloud.simulator.setFaults(FaultInjection(dropAfterCommitRate: 1))
            var request = HTTPClientRequest(url: cloud.base + "/network/v2.0/floatingips")
            request.method = .POST
            request.headers.add(name: "X-Auth-Token", value: token)
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = #"{"floatingip": {"floating_network_id": "\#(publicID)", "tags": ["stratus-token-1"]}}"#
            request.body = .bytes(Array(body.utf8))
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            }
            #expect(error == .remoteConnectionClosed)
            let listed = try await cloud.neutron("GET", "/floatingips?tags=stratus-token-1", token: token)
            #expect(listed.status == 200, "a list is not a create, so it is not dropped")
            #expect(listed.json?["floatingips"]?.array.count == 1)
            #expect(cloud.simulator.floatingIPSnapshots().count == 1)

            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            await #expect(throws: (any Error).self) {
                _ = try await cloud.neutron("POST", "/ports", token: token, json: ["port": ["network_id": privateID, "name": "dropped"]])
            }
            #expect(cloud.simulator.portSnapshots().filter { $0.name == "dropped" }.count == 1)
            #expect(cloud.simulator.stats().byStatus["dropped"] == 2)
        }
    }
}
