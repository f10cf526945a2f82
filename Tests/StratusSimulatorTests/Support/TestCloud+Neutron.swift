import Foundation
import StratusSimulator

extension TestCloud {
    /// Networking API call (`/network/v2.0` + `path`).
    func neutron(_ method: String, _ path: String, token: String, json: Any? = nil) async throws -> TestResponse {
        try await send(method, "/network/v2.0" + path, token: token, json: json)
    }

    /// Creates a Neutron resource (`POST /{collection}` with `{resource: body}`), requiring 201; returns it.
    func createNeutron(_ collection: String, _ resource: String, _ body: [String: Any], token: String) async throws -> JSONNode {
        let response = try await neutron("POST", "/\(collection)", token: token, json: [resource: body])
        guard response.status == 201, let created = response.json?[resource] else {
            throw TestFailure("\(resource) create failed: \(response.status) \(response.text)")
        }
        return created
    }

    /// The id of the seeded network or subnet named `name`.
    func neutronID(_ collection: String, named name: String, token: String) async throws -> String {
        let response = try await neutron("GET", "/\(collection)?name=\(name)", token: token)
        guard let id = response.json?[collection.replacingOccurrences(of: "-", with: "_")]?[0]?["id"]?.string else {
            throw TestFailure("no \(collection) named \(name): \(response.text)")
        }
        return id
    }

    /// Polls a Neutron resource until its `status` is `expected`.
    @discardableResult
    func waitForNeutron(_ collection: String, _ resource: String, _ id: String, status expected: String, token: String) async throws -> JSONNode {
        try await waitFor(expected, at: [resource, "status"]) { try await neutron("GET", "/\(collection)/\(id)", token: token) }
    }

    /// A router joining `private-subnet` to `public`, as a floating IP needs; returns the router id.
    func routerJoiningPrivateToPublic(token: String) async throws -> String {
        let publicID = try await neutronID("networks", named: "public", token: token)
        let subnetID = try await neutronID("subnets", named: "private-subnet", token: token)
        let router = try await createNeutron(
            "routers", "router", ["name": "edge", "external_gateway_info": ["network_id": publicID]], token: token)
        let id = try router["id"]?.string ?? { throw TestFailure("router without id") }()
        let added = try await neutron("PUT", "/routers/\(id)/add_router_interface", token: token, json: ["subnet_id": subnetID])
        guard added.status == 200 else { throw TestFailure("add_router_interface: \(added.status) \(added.text)") }
        return id
    }
}
