import Foundation
import NIOCore
import NIOFoundationCompat
import StratusTesting
import Testing
@testable import StratusOpenStack

/// What the Neutron and Nova networking calls put on the wire, over a scripted transport.
@Suite("Networking requests: query items, bodies, retries, lookups")
struct NetworkRequestTests {
    static let networkBase = "http://neutron.invalid:9696"
    static let versionDocument = #"{"version": {"id": "v2.1", "status": "CURRENT", "version": "2.96", "min_version": "2.1"}}"#

    static func client(_ transport: ScriptedTransport, retry: RetryPolicy = SimulatorTestSupport.quickRetry) -> OpenStackClient {
        let configuration = CloudConfiguration(
            name: "scripted", authURL: "http://keystone.invalid/v3", credentials: .staticToken("t"),
            endpointOverrides: [.network: networkBase, .compute: "http://nova.invalid/v2.1"], retry: retry)
        return OpenStackClient(configuration: configuration, transport: transport, clock: ContinuousClock())
    }

    static func body(_ request: TransportRequest) throws -> [String: Any] {
        let data = Data(buffer: try #require(request.body))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func query(_ request: TransportRequest) -> [(String, String)] {
        guard let query = request.url.split(separator: "?", maxSplits: 1).dropFirst().first else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    static let floatingIPJSON = #"{"floatingip": {"id": "fip-1", "floating_ip_address": "172.24.4.10", "floating_network_id": "pub", "port_id": null, "status": "DOWN"}}"#

    // MARK: Endpoints

    @Test("/v2.0 is appended to a root endpoint and not doubled")
    func endpointNormalization() {
        #expect(EndpointNormalizer.normalize("http://127.0.0.1:9696", service: .network, projectID: nil) == "http://127.0.0.1:9696/v2.0")
        #expect(EndpointNormalizer.normalize("http://127.0.0.1:9696/", service: .network, projectID: nil) == "http://127.0.0.1:9696/v2.0")
        #expect(EndpointNormalizer.normalize("http://127.0.0.1:9696/v2.0/", service: .network, projectID: nil) == "http://127.0.0.1:9696/v2.0")
        #expect(EndpointNormalizer.normalize("http://sim/network", service: .network, projectID: nil) == "http://sim/network/v2.0")
        #expect(EndpointNormalizer.normalize("http://sim/network/v2.0", service: .network, projectID: nil) == "http://sim/network/v2.0")
    }

    @Test("network_endpoint_override is read from clouds.yaml and OS_NETWORK_ENDPOINT_OVERRIDE")
    func endpointOverride() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-net-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("clouds.yaml")
        try """
        clouds:
          c:
            auth:
              auth_url: http://keystone.invalid/v3
              username: u
              password: p
              project_name: p
            network_endpoint_override: http://neutron.invalid:9696
        """.write(to: file, atomically: true, encoding: .utf8)
        let loaded = try CloudConfiguration.load(cloud: "c", environment: ["OS_CLIENT_CONFIG_FILE": file.path])
        #expect(loaded.endpointOverrides[.network] == "http://neutron.invalid:9696")
        let fromEnvironment = try CloudConfiguration.load(cloud: nil, environment: [
            "OS_AUTH_URL": "http://keystone.invalid/v3", "OS_USERNAME": "u", "OS_PASSWORD": "p", "OS_PROJECT_NAME": "p",
            "OS_NETWORK_ENDPOINT_OVERRIDE": "http://n.invalid", "OS_CLIENT_CONFIG_FILE": "/nonexistent"])
        #expect(fromEnvironment.endpointOverrides[.network] == "http://n.invalid")
    }

    // MARK: Query items

    @Test("many ids are one request with repeated id=, tags and tags-any are comma-joined, paging follows the next link")
    func queryItems() async throws {
        let transport = ScriptedTransport([
            .json(200, #"{"floatingips": [{"id": "a", "floating_network_id": "pub"}], "floatingips_links": [{"rel": "next", "href": "http://neutron.invalid:9696/v2.0/floatingips?id=a&id=b&id=c&limit=1&marker=a"}]}"#),
            .json(200, #"{"floatingips": [{"id": "b", "floating_network_id": "pub"}], "floatingips_links": [{"rel": "next", "href": "http://x/v2.0/floatingips?limit=1&marker=b"}, {"rel": "previous", "href": "http://x?marker=b&page_reverse=True"}]}"#),
            .json(200, #"{"floatingips": [], "floatingips_links": [{"rel": "previous", "href": "http://x?marker=b&page_reverse=True"}]}"#),
        ])
        let client = Self.client(transport)
        let all = try await client.network.floatingIPs(FloatingIPListQuery(ids: ["a", "b", "c"], tags: ["t1", "t2"],
                                                                           tagsAny: ["x", "y"], limit: 1))
        #expect(all.map(\.id) == ["a", "b"])
        #expect(transport.requests.count == 3)
        let first = Self.query(transport.requests[0])
        #expect(first.filter { $0.0 == "id" }.map(\.1) == ["a", "b", "c"])
        #expect(first.contains { $0 == ("tags", "t1,t2") })
        #expect(first.contains { $0 == ("tags-any", "x,y") })
        #expect(first.contains { $0 == ("limit", "1") })
        #expect(!first.contains { $0.0 == "marker" })
        #expect(transport.requests[0].url.hasPrefix("http://neutron.invalid:9696/v2.0/floatingips?"))
        #expect(Self.query(transport.requests[1]).filter { $0.0 == "marker" }.map(\.1) == ["a"])
        #expect(Self.query(transport.requests[2]).filter { $0.0 == "marker" }.map(\.1) == ["b"])
    }

    @Test func queryEncodingPerResource() {
        let network = NetworkListQuery(ids: ["n1"], name: "public", isExternal: true, isShared: false, status: .active).queryItems
        #expect(network.map(\.0) == ["id", "name", "router:external", "shared", "status"])
        #expect(network.map(\.1) == ["n1", "public", "true", "false", "ACTIVE"])
        let port = PortListQuery(networkID: "n", deviceID: "d", deviceOwner: "network:router_interface", status: .down,
                                 description: "stratus-token-1", marker: "m").queryItems
        #expect(port.map(\.0) == ["network_id", "device_id", "device_owner", "status", "description", "marker"])
        let fip = FloatingIPListQuery(floatingNetworkID: "pub", portID: "p", floatingIPAddress: "1.2.3.4", projectID: "pr").queryItems
        #expect(fip.map(\.0) == ["floating_network_id", "port_id", "floating_ip_address", "project_id"])
        #expect(SubnetListQuery(networkID: "n", tags: ["a"]).queryItems.map(\.0) == ["network_id", "tags"])
        #expect(RouterListQuery(name: "r", limit: 5).queryItems.map(\.1) == ["r", "5"])
        #expect(SecurityGroupListQuery(name: "default", projectID: "p").queryItems.map(\.0) == ["name", "project_id"])
        #expect(Requester.url(base: "http://n/v2.0", path: "/networks", query: [("router:external", "true")])
                == "http://n/v2.0/networks?router%3Aexternal=true")
    }

    // MARK: Bodies

    @Test("associate sends port_id (and fixed_ip_address); disassociate sends port_id: null; both are PUTs")
    func floatingIPAssociateBodies() async throws {
        let transport = ScriptedTransport([.json(200, Self.floatingIPJSON), .json(200, Self.floatingIPJSON)])
        let client = Self.client(transport)
        _ = try await client.network.associateFloatingIP(id: "fip-1", portID: "port-1", fixedIPAddress: "10.0.0.5")
        _ = try await client.network.disassociateFloatingIP(id: "fip-1")
        #expect(transport.requests.map(\.method) == [.PUT, .PUT])
        #expect(transport.requests[0].url == "\(Self.networkBase)/v2.0/floatingips/fip-1")
        let associate = try #require(try Self.body(transport.requests[0])["floatingip"] as? [String: Any])
        #expect(associate["port_id"] as? String == "port-1")
        #expect(associate["fixed_ip_address"] as? String == "10.0.0.5")
        let raw = String(buffer: try #require(transport.requests[1].body))
        #expect(raw == #"{"floatingip":{"port_id":null}}"#)
    }

    @Test("a security group rule and a floating IP create carry Neutron's field names")
    func createBodies() async throws {
        let transport = ScriptedTransport([
            .json(201, #"{"security_group_rule": {"id": "r1", "security_group_id": "sg", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22, "port_range_max": 22}}"#),
            .json(201, Self.floatingIPJSON),
            .json(201, #"{"router": {"id": "r", "name": "edge", "external_gateway_info": {"network_id": "pub"}}}"#),
            .json(201, #"{"port": {"id": "p", "network_id": "n", "status": "DOWN"}}"#),
        ])
        let client = Self.client(transport)
        let rule = try await client.network.createSecurityGroupRule(SecurityGroupRuleCreateRequest(
            securityGroupID: "sg", protocol: "tcp", portRangeMin: 22, portRangeMax: 22, remoteIPPrefix: "0.0.0.0/0"))
        #expect(rule.portRangeMin == 22)
        _ = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: "pub", portID: "p1", description: "d"))
        _ = try await client.network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: "pub"))
        _ = try await client.network.createPort(PortCreateRequest(networkID: "n", fixedIPs: [.init(subnetID: "s")],
                                                                  securityGroupIDs: [], deviceOwner: "compute:nova"))
        let ruleBody = String(buffer: try #require(transport.requests[0].body))
        #expect(ruleBody == #"{"security_group_rule":{"direction":"ingress","ethertype":"IPv4","port_range_max":22,"port_range_min":22,"protocol":"tcp","remote_ip_prefix":"0.0.0.0/0","security_group_id":"sg"}}"#)
        #expect(transport.requests[0].url.hasSuffix("/v2.0/security-group-rules"))
        #expect(String(buffer: try #require(transport.requests[1].body))
                == #"{"floatingip":{"description":"d","floating_network_id":"pub","port_id":"p1"}}"#)
        #expect(String(buffer: try #require(transport.requests[2].body))
                == #"{"router":{"external_gateway_info":{"network_id":"pub"},"name":"edge"}}"#)
        #expect(String(buffer: try #require(transport.requests[3].body))
                == #"{"port":{"device_owner":"compute:nova","fixed_ips":[{"subnet_id":"s"}],"network_id":"n","security_groups":[]}}"#)
    }

    @Test("router interfaces are PUTs with subnet_id or port_id; clearing the gateway sends {}")
    func routerBodies() async throws {
        let interface = #"{"id": "r", "subnet_id": "s", "port_id": "p", "subnet_ids": ["s"], "network_id": "n"}"#
        let transport = ScriptedTransport([.json(200, interface), .json(200, interface), .json(200, #"{"router": {"id": "r"}}"#)])
        let client = Self.client(transport)
        let added = try await client.network.addRouterInterface(routerID: "r", subnetID: "s")
        #expect(added.portID == "p")
        try await client.network.removeRouterInterface(routerID: "r", portID: "p")
        try await client.network.setRouterGateway(routerID: "r", externalNetworkID: nil)
        #expect(transport.requests.map(\.method) == [.PUT, .PUT, .PUT])
        #expect(transport.requests[0].url.hasSuffix("/v2.0/routers/r/add_router_interface"))
        #expect(String(buffer: try #require(transport.requests[0].body)) == #"{"subnet_id":"s"}"#)
        #expect(transport.requests[1].url.hasSuffix("/v2.0/routers/r/remove_router_interface"))
        #expect(String(buffer: try #require(transport.requests[1].body)) == #"{"port_id":"p"}"#)
        #expect(String(buffer: try #require(transport.requests[2].body)) == #"{"router":{"external_gateway_info":{}}}"#)
    }

    // MARK: Retries

    @Test("a 503 on POST /floatingips is not replayed: outcome unknown after one request")
    func createIsNotReplayed() async throws {
        let transport = ScriptedTransport([.status(503)], fallback: .json(201, Self.floatingIPJSON))
        let client = Self.client(transport)
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.network.createFloatingIP(FloatingIPCreateRequest(floatingNetworkID: "pub"))
        }
        #expect(error?.code == .outcomeUnknown)
        #expect(transport.requests.count == 1)
    }

    @Test("adding a router interface is not replayed after a reset (a second add is a 400); a GET is")
    func routerInterfaceIsNotReplayed() async throws {
        let transport = ScriptedTransport([.connectionReset, .connectionReset, .json(200, Self.floatingIPJSON)])
        let client = Self.client(transport)
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.network.addRouterInterface(routerID: "r", subnetID: "s")
        }
        #expect(error?.code == .outcomeUnknown)
        #expect(transport.requests.count == 1)
        let fip = try await client.network.floatingIP(id: "fip-1")
        #expect(fip.id == "fip-1")
        #expect(transport.requests.count == 3)
    }

    @Test("a PUT (associate) and a DELETE are retried after a 503")
    func updatesAndDeletesAreRetried() async throws {
        let transport = ScriptedTransport([.status(503), .json(200, Self.floatingIPJSON), .status(503), .status(204)])
        let client = Self.client(transport)
        _ = try await client.network.associateFloatingIP(id: "fip-1", portID: "p")
        try await client.network.deleteFloatingIP(id: "fip-1")
        #expect(transport.requests.map(\.method) == [.PUT, .PUT, .DELETE, .DELETE])
    }

    @Test("deleting a missing resource throws the 404 with Neutron's message")
    func deleteMissing() async throws {
        let body = String(decoding: try FixtureDecodingTests.fixture("neutron-error-404-delete.json"), as: UTF8.self)
        let transport = ScriptedTransport([.json(404, body, headers: [("X-Openstack-Request-Id", "req-404")])])
        let error = await #expect(throws: OpenStackError.self) {
            try await Self.client(transport).network.deleteNetwork(id: "20555c91-7fd0-4e3d-aaf5-a41dc33022b3")
        }
        #expect(error?.isNotFound == true)
        #expect(error?.requestID == "req-404")
        #expect(error?.message.contains("could not be found") == true)
        #expect(error?.service == "network")
    }

    // MARK: Tags

    @Test("tags go in the POST with tag-creation; a 400 'tags not allowed' falls back to create + PUT tags, remembered")
    func tagsAtCreate() async throws {
        let refused = String(decoding: try FixtureDecodingTests.fixture("neutron-error-400-tags-in-post.json"), as: UTF8.self)
        let network = #"{"network": {"id": "n1", "name": "a", "tags": []}}"#
        let tagged = #"{"network": {"id": "n1", "name": "a", "tags": ["x"]}}"#
        let transport = ScriptedTransport([
            .json(200, #"{"extensions": [{"alias": "tag-creation"}, {"alias": "standard-attr-tag"}]}"#),
            .json(400, refused), .json(201, network), .json(200, #"{"tags": ["x"]}"#), .json(200, tagged),
            .json(201, network), .json(200, #"{"tags": ["x"]}"#), .json(200, tagged),
        ])
        let client = Self.client(transport)
        let first = try await client.network.createNetwork(NetworkCreateRequest(name: "a", tags: ["x"]))
        #expect(first.tags == ["x"])
        let second = try await client.network.createNetwork(NetworkCreateRequest(name: "a", tags: ["x"]))
        #expect(second.tags == ["x"])
        let routes = transport.requests.map { "\($0.method.rawValue) \($0.url.replacingOccurrences(of: Self.networkBase, with: ""))" }
        #expect(routes == ["GET /v2.0/extensions", "POST /v2.0/networks", "POST /v2.0/networks", "PUT /v2.0/networks/n1/tags",
                           "GET /v2.0/networks/n1", "POST /v2.0/networks", "PUT /v2.0/networks/n1/tags", "GET /v2.0/networks/n1"])
        let withTags = try #require(try Self.body(transport.requests[1])["network"] as? [String: Any])
        #expect(withTags["tags"] as? [String] == ["x"])
        let withoutTags = try #require(try Self.body(transport.requests[2])["network"] as? [String: Any])
        #expect(withoutTags["tags"] == nil)
        #expect(String(buffer: try #require(transport.requests[3].body)) == #"{"tags":["x"]}"#)
    }

    @Test("with tag-creation accepted, tags are in the one POST")
    func tagsInPost() async throws {
        let transport = ScriptedTransport([
            .json(200, #"{"extensions": [{"alias": "tag-creation"}]}"#),
            .json(201, #"{"floatingip": {"id": "f", "floating_network_id": "pub", "tags": ["stratus-token-1"]}}"#),
        ])
        let created = try await Self.client(transport).network.createFloatingIP(
            FloatingIPCreateRequest(floatingNetworkID: "pub", tags: ["stratus-token-1"]))
        #expect(created.tags == ["stratus-token-1"])
        #expect(transport.requests.count == 2)
        let body = try #require(try Self.body(transport.requests[1])["floatingip"] as? [String: Any])
        #expect(body["tags"] as? [String] == ["stratus-token-1"])
    }

    // MARK: Lookups

    @Test("an ambiguous name throws .ambiguous naming the ids; a unique name and an id are found; none lists names")
    func nameOrIDLookup() async throws {
        let two = #"{"networks": [{"id": "11111111-1111-1111-1111-111111111111", "name": "dup"}, {"id": "22222222-2222-2222-2222-222222222222", "name": "dup"}]}"#
        let transport = ScriptedTransport([
            .json(200, two),
            .json(200, #"{"networks": [{"id": "33333333-3333-3333-3333-333333333333", "name": "solo"}]}"#),
            .json(200, #"{"network": {"id": "33333333-3333-3333-3333-333333333333", "name": "solo"}}"#),
            .json(200, #"{"networks": []}"#), .json(200, two),
        ])
        let client = Self.client(transport)
        let error = await #expect(throws: OpenStackError.self) { _ = try await client.network.findNetwork("dup") }
        #expect(error?.code == .ambiguous)
        #expect(error?.message.contains("11111111-1111-1111-1111-111111111111") == true)
        #expect(error?.message.contains("22222222-2222-2222-2222-222222222222") == true)
        #expect(try await client.network.findNetwork("solo").id == "33333333-3333-3333-3333-333333333333")
        #expect(try await client.network.findNetwork("33333333-3333-3333-3333-333333333333").name == "solo")
        let missing = await #expect(throws: OpenStackError.self) { _ = try await client.network.findNetwork("nope") }
        #expect(missing?.code == .notFound && missing?.isNotFound == true)
        #expect(missing?.message.contains("dup") == true)
        #expect(Self.query(transport.requests[0]).map(\.0) == ["name"])
    }
}
