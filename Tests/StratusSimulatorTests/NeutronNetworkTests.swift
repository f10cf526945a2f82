import Foundation
import StratusSimulator
import Testing

@Suite("Neutron networks, subnets and ports")
struct NeutronNetworkTests {
    @Test("the catalog lists Neutron at /network, with a version document and extensions")
    func catalogAndVersions() async throws {
        try await TestCloud.with { cloud in
            let auth = try await cloud.send("POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "demo", project: "demo"))
            let network = auth.json?["token"]?["catalog"]?.array.first { $0["type"]?.string == "network" }
            #expect(network?["name"]?.string == "neutron")
            #expect(network?["endpoints"]?[0]?["url"]?.string == cloud.base + "/network")
            for path in ["/network", "/network/"] {
                let versions = try await cloud.send("GET", path)
                #expect(versions.status == 200)
                #expect(versions.json?["versions"]?[0]?["id"]?.string == "v2.0")
                #expect(versions.json?["versions"]?[0]?["status"]?.string == "CURRENT")
            }
            let token = try await cloud.token()
            let extensions = try await cloud.neutron("GET", "/extensions", token: token)
            let aliases = Set(extensions.json?["extensions"]?.array.compactMap { $0["alias"]?.string } ?? [])
            #expect(aliases.isSuperset(of: [
                "tag-creation", "standard-attr-tag", "router", "external-net", "security-group", "quotas",
                "standard-attr-timestamp", "standard-attr-description",
            ]))
            let unknown = try await cloud.neutron("GET", "/bogus", token: token)
            #expect(unknown.status == 404)
            #expect(unknown.json?["NeutronError"]?["type"]?.string == "HTTPNotFound")
            #expect(unknown.header("x-openstack-request-id")?.hasPrefix("req-") == true)
            let noToken = try await cloud.send("GET", "/network/v2.0/networks")
            #expect(noToken.status == 401)
        }
    }

    @Test("the seeded public (external) and private (shared) networks are visible to a member")
    func seededNetworks() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let all = try await cloud.neutron("GET", "/networks", token: token)
            let names = Set(all.json?["networks"]?.array.compactMap { $0["name"]?.string } ?? [])
            #expect(names == ["public", "private"])
            let external = try await cloud.neutron("GET", "/networks?router:external=true", token: token)
            #expect(external.json?["networks"]?.array.map { $0["name"]?.string } == ["public"])
            let shared = try await cloud.neutron("GET", "/networks?shared=True", token: token)
            #expect(shared.json?["networks"]?.array.map { $0["name"]?.string } == ["private"])
            let subnets = try await cloud.neutron("GET", "/subnets?name=private-subnet", token: token)
            let subnet = try #require(subnets.json?["subnets"]?[0])
            #expect(subnet["cidr"]?.string == "10.0.0.0/24")
            #expect(subnet["gateway_ip"]?.string == "10.0.0.1")
            #expect(subnet["allocation_pools"]?[0]?["start"]?.string == "10.0.0.2")
            let bogus = try await cloud.neutron("GET", "/networks?bogus=1", token: token)
            #expect(bogus.status == 400)
            #expect(bogus.json?["NeutronError"]?["message"]?.string == "['bogus'] is invalid attribute for filtering")
        }
    }

    @Test("network → subnet → port: 201s, addresses from the CIDR, 409 while in use, 204, then 404")
    func lifecycle() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let network = try await cloud.createNeutron("networks", "network", ["name": "app", "tags": ["blue"]], token: token)
            let networkID = try #require(network["id"]?.string)
            #expect(network["status"]?.string == "ACTIVE")
            #expect(network["tags"]?.strings == ["blue"])
            #expect(network["project_id"]?.string == (try await cloud.projectID()))
            let subnet = try await cloud.createNeutron(
                "subnets", "subnet", ["network_id": networkID, "cidr": "192.168.10.0/29", "ip_version": 4, "name": "app-subnet"],
                token: token)
            let subnetID = try #require(subnet["id"]?.string)
            #expect(subnet["gateway_ip"]?.string == "192.168.10.1")
            #expect(subnet["allocation_pools"]?[0]?["end"]?.string == "192.168.10.6")
            let shown = try await cloud.neutron("GET", "/networks/\(networkID)", token: token)
            #expect(shown.json?["network"]?["subnets"]?.strings == [subnetID])

            var addresses: [String] = []
            var portIDs: [String] = []
            for index in 0..<5 {
                let port = try await cloud.createNeutron("ports", "port", ["network_id": networkID, "name": "p\(index)"], token: token)
                #expect(port["status"]?.string == "DOWN")
                #expect(port["mac_address"]?.string?.hasPrefix("fa:16:3e:") == true)
                #expect(port["security_groups"]?.array.count == 1, "the project's default group")
                addresses.append(port["fixed_ips"]?[0]?["ip_address"]?.string ?? "")
                portIDs.append(port["id"]?.string ?? "")
            }
            #expect(addresses == ["192.168.10.2", "192.168.10.3", "192.168.10.4", "192.168.10.5", "192.168.10.6"])
            let exhausted = try await cloud.neutron("POST", "/ports", token: token, json: ["port": ["network_id": networkID]])
            #expect(exhausted.status == 409)
            #expect(exhausted.json?["NeutronError"]?["type"]?.string == "IpAddressGenerationFailure")

            let inUse = try await cloud.neutron("DELETE", "/networks/\(networkID)", token: token)
            #expect(inUse.status == 409)
            #expect(inUse.json?["NeutronError"]?["type"]?.string == "NetworkInUse")
            let subnetInUse = try await cloud.neutron("DELETE", "/subnets/\(subnetID)", token: token)
            #expect(subnetInUse.status == 409)
            for id in portIDs {
                #expect(try await cloud.neutron("DELETE", "/ports/\(id)", token: token).status == 204)
            }
            let again = try await cloud.neutron("DELETE", "/ports/\(portIDs[0])", token: token)
            #expect(again.status == 404)
            #expect(again.json?["NeutronError"]?["type"]?.string == "PortNotFound")
            #expect(try await cloud.neutron("DELETE", "/networks/\(networkID)", token: token).status == 204)
            let gone = try await cloud.neutron("GET", "/networks/\(networkID)", token: token)
            #expect(gone.status == 404)
            #expect(gone.json?["NeutronError"]?["message"]?.string == "Network \(networkID) could not be found.")
            #expect(try await cloud.neutron("GET", "/subnets/\(subnetID)", token: token).status == 404)
            let counts = cloud.simulator.networkResourceCounts()
            #expect(counts.networks == 2 && counts.subnets == 2 && counts.ports == 0)
        }
    }

    @Test("a port bound to a device goes DOWN → ACTIVE after portActivate; unbinding sets DOWN")
    func portActivation() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(300))) { cloud in
            let token = try await cloud.token()
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID], token: token)
            let id = try #require(port["id"]?.string)
            try await Task.sleep(for: .milliseconds(400))
            let unbound = try await cloud.neutron("GET", "/ports/\(id)", token: token)
            #expect(unbound.json?["port"]?["status"]?.string == "DOWN", "an unbound port stays DOWN")
            let bind = try await cloud.neutron(
                "PUT", "/ports/\(id)", token: token, json: ["port": ["device_id": "dev-1", "device_owner": "compute:nova"]])
            #expect(bind.status == 200)
            #expect(bind.json?["port"]?["status"]?.string == "DOWN")
            try await cloud.waitForNeutron("ports", "port", id, status: "ACTIVE", token: token)
            let unbind = try await cloud.neutron("PUT", "/ports/\(id)", token: token, json: ["port": ["device_id": "", "device_owner": ""]])
            #expect(unbind.json?["port"]?["status"]?.string == "DOWN")
            #expect(try await cloud.neutron("DELETE", "/ports/\(id)", token: token).status == 204)
        }
    }

    @Test("list filters: repeated id, tags (all), tags-any, not-tags, name, status, device_id, fixed_ips")
    func filters() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            var ids: [String] = []
            for (index, tags) in [["a", "b"], ["a"], ["c"]].enumerated() {
                let port = try await cloud.createNeutron(
                    "ports", "port", ["network_id": privateID, "name": "f\(index)", "tags": tags, "device_id": "d\(index)"],
                    token: token)
                ids.append(port["id"]?.string ?? "")
            }
            func names(_ query: String) async throws -> Set<String> {
                let response = try await cloud.neutron("GET", "/ports?\(query)", token: token)
                return Set(response.json?["ports"]?.array.compactMap { $0["name"]?.string } ?? [])
            }
            #expect(try await names("id=\(ids[0])&id=\(ids[2])") == ["f0", "f2"])
            #expect(try await names("tags=a,b") == ["f0"])
            #expect(try await names("tags=a&tags=b") == ["f0"])
            #expect(try await names("tags-any=b,c") == ["f0", "f2"])
            #expect(try await names("not-tags=a") == ["f2"])
            #expect(try await names("name=f1") == ["f1"])
            #expect(try await names("device_id=d2") == ["f2"])
            #expect(try await names("status=DOWN&network_id=\(privateID)") == ["f0", "f1", "f2"])
            #expect(try await names("fields=id&fields=name&name=f0") == ["f0"])
            let port = try await cloud.neutron("GET", "/ports/\(ids[1])", token: token)
            let address = try #require(port.json?["port"]?["fixed_ips"]?[0]?["ip_address"]?.string)
            #expect(try await names("fixed_ips=ip_address%3D\(address)") == ["f1"])
        }
    }

    @Test("paging: limit and marker in id order with next and previous links")
    func paging() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            var created: Set<String> = []
            for index in 0..<5 {
                let network = try await cloud.createNeutron("networks", "network", ["name": "page-\(index)", "tags": ["paged"]], token: token)
                created.insert(network["id"]?.string ?? "")
            }
            var seen: [String] = []
            var next: String? = cloud.base + "/network/v2.0/networks?tags=paged&limit=2"
            var pages = 0
            while let url = next {
                let page = try await cloud.send("GET", url, token: token)
                #expect(page.status == 200)
                let ids = page.json?["networks"]?.array.compactMap { $0["id"]?.string } ?? []
                seen += ids
                pages += 1
                let links = page.json?["networks_links"]?.array ?? []
                #expect(links.contains { $0["rel"]?.string == "previous" } == !ids.isEmpty)
                next = links.first { $0["rel"]?.string == "next" }?["href"]?.string
                if pages > 5 { break }
            }
            #expect(pages == 3, "2 + 2 + 1")
            #expect(seen == seen.sorted())
            #expect(Set(seen) == created)
        }
    }

    @Test("another project's resources are 404; an admin sees them")
    func ownership() async throws {
        try await TestCloud.with(configure: { configuration in
            configuration.users.append(SimulatedUser(name: "alt", password: "secret", project: "alt", roles: ["member"]))
        }) { cloud in
            let demo = try await cloud.token()
            let alt = try await cloud.token("alt")
            let admin = try await cloud.token("admin")
            let network = try await cloud.createNeutron("networks", "network", ["name": "mine"], token: demo)
            let id = try #require(network["id"]?.string)
            let privateID = try await cloud.neutronID("networks", named: "private", token: demo)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID], token: demo)
            let portID = try #require(port["id"]?.string)

            #expect(try await cloud.neutron("GET", "/networks/\(id)", token: alt).status == 404)
            #expect(try await cloud.neutron("DELETE", "/networks/\(id)", token: alt).status == 404)
            #expect(try await cloud.neutron("GET", "/ports/\(portID)", token: alt).status == 404)
            let altList = try await cloud.neutron("GET", "/networks", token: alt)
            #expect(altList.json?["networks"]?.array.count == 2, "public and private only")
            #expect(try await cloud.neutron("GET", "/ports/\(portID)", token: admin).status == 200)
            let adminPorts = try await cloud.neutron("GET", "/ports?id=\(portID)", token: admin)
            #expect(adminPorts.json?["ports"]?[0]?["binding:vif_type"]?.string == "unbound", "binding attributes are admin-only")
            let deletePublic = try await cloud.neutron("DELETE", "/networks/\(try await cloud.neutronID("networks", named: "public", token: demo))", token: demo)
            #expect(deletePublic.status == 403)
        }
    }

    @Test("quotas: GET shows the limits; over the limit is 409 OverQuota")
    func quotas() async throws {
        try await TestCloud.with(configure: { configuration in
            configuration.networkQuotas = NetworkQuotaLimits(networks: 1, ports: 1)
        }) { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            let quota = try await cloud.neutron("GET", "/quotas/\(project)", token: token)
            #expect(quota.json?["quota"]?["network"]?.int == 1)
            #expect(quota.json?["quota"]?["floatingip"]?.int == -1)
            _ = try await cloud.createNeutron("networks", "network", ["name": "one"], token: token)
            let second = try await cloud.neutron("POST", "/networks", token: token, json: ["network": ["name": "two"]])
            #expect(second.status == 409)
            #expect(second.json?["NeutronError"]?["type"]?.string == "OverQuota")
            #expect(second.json?["NeutronError"]?["message"]?.string == "Quota exceeded for resources: ['network'].")
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            _ = try await cloud.createNeutron("ports", "port", ["network_id": privateID], token: token)
            let port = try await cloud.neutron("POST", "/ports", token: token, json: ["port": ["network_id": privateID]])
            #expect(port.status == 409)
            let details = try await cloud.neutron("GET", "/quotas/\(project)/details", token: token)
            #expect(details.json?["quota"]?["port"]?["used"]?.int == 1)
        }
    }

    @Test("tags: PUT all, PUT one, GET, DELETE one, DELETE all")
    func tags() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let network = try await cloud.createNeutron("networks", "network", ["name": "tagged"], token: token)
            let id = try #require(network["id"]?.string)
            let replaced = try await cloud.neutron("PUT", "/networks/\(id)/tags", token: token, json: ["tags": ["x", "y"]])
            #expect(replaced.status == 200)
            #expect(replaced.json?["tags"]?.strings == ["x", "y"])
            #expect(try await cloud.neutron("PUT", "/networks/\(id)/tags/z", token: token).status == 201)
            #expect(try await cloud.neutron("GET", "/networks/\(id)/tags", token: token).json?["tags"]?.strings == ["x", "y", "z"])
            #expect(try await cloud.neutron("GET", "/networks/\(id)/tags/z", token: token).status == 204)
            #expect(try await cloud.neutron("DELETE", "/networks/\(id)/tags/x", token: token).status == 204)
            let missing = try await cloud.neutron("DELETE", "/networks/\(id)/tags/x", token: token)
            #expect(missing.status == 404)
            #expect(missing.json?["NeutronError"]?["type"]?.string == "TagNotFound")
            #expect(try await cloud.neutron("DELETE", "/networks/\(id)/tags", token: token).status == 204)
            #expect(try await cloud.neutron("GET", "/networks/\(id)", token: token).json?["network"]?["tags"]?.strings == [])
            #expect(try await cloud.neutron("GET", "/ports/nope/tags", token: token).status == 404)
        }
    }

    @Test("security groups: default made lazily with its rules, create, rules, duplicate 409, in-use 409")
    func securityGroups() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let list = try await cloud.neutron("GET", "/security-groups", token: token)
            let groups = list.json?["security_groups"]?.array ?? []
            #expect(groups.map { $0["name"]?.string } == ["default"])
            #expect(groups.first?["security_group_rules"]?.array.count == 4)
            let web = try await cloud.createNeutron("security-groups", "security_group", ["name": "web"], token: token)
            let webID = try #require(web["id"]?.string)
            #expect(web["security_group_rules"]?.array.count == 2, "the two egress rules")
            let rule: [String: Any] = [
                "security_group_id": webID, "direction": "ingress", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22,
                "remote_ip_prefix": "0.0.0.0/0",
            ]
            let created = try await cloud.neutron("POST", "/security-group-rules", token: token, json: ["security_group_rule": rule])
            #expect(created.status == 201)
            #expect(created.json?["security_group_rule"]?["port_range_min"]?.int == 22)
            let duplicate = try await cloud.neutron("POST", "/security-group-rules", token: token, json: ["security_group_rule": rule])
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["NeutronError"]?["type"]?.string == "SecurityGroupRuleExists")
            let privateID = try await cloud.neutronID("networks", named: "private", token: token)
            let port = try await cloud.createNeutron("ports", "port", ["network_id": privateID, "security_groups": [webID]], token: token)
            let inUse = try await cloud.neutron("DELETE", "/security-groups/\(webID)", token: token)
            #expect(inUse.status == 409)
            #expect(try await cloud.neutron("DELETE", "/ports/\(port["id"]?.string ?? "")", token: token).status == 204)
            #expect(try await cloud.neutron("DELETE", "/security-groups/\(webID)", token: token).status == 204)
            let defaultID = try #require(groups.first?["id"]?.string)
            #expect(try await cloud.neutron("DELETE", "/security-groups/\(defaultID)", token: token).status == 409)
        }
    }
}
