import Foundation

extension NetworkClient {
    /// Every page of `GET /v2.0/routers` for `query`.
    public func routers(_ query: RouterListQuery = .init()) async throws -> [Router] {
        try await all(Router.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/routers`.
    public func routersPage(_ query: RouterListQuery = .init()) async throws -> Page<Router> {
        try await page(Router.self, query: query.queryItems)
    }

    /// `GET /v2.0/routers/{id}`.
    public func router(id: String) async throws -> Router {
        try await get(Router.self, id: id)
    }

    /// The router whose id or unique name is `nameOrID`.
    public func findRouter(_ nameOrID: String) async throws -> Router {
        try await find(Router.self, nameOrID, kind: "router", name: \.name)
    }

    /// `POST /v2.0/routers`, with an external gateway when the request names one. Never replayed
    /// once it may have reached Neutron.
    public func createRouter(_ request: RouterCreateRequest) async throws -> Router {
        try await create(Router.self, fields: request.fields, tags: request.tags, kind: .router)
    }

    /// `PUT /v2.0/routers/{id}` with `external_gateway_info`: sets the gateway to `externalNetworkID`,
    /// or clears it when nil.
    @discardableResult
    public func setRouterGateway(routerID: String, externalNetworkID: String?) async throws -> Router {
        let gateway: JSONValue = externalNetworkID.map { .object(["network_id": .string($0)]) } ?? .object([:])
        return try await update(Router.self, id: routerID, fields: ["external_gateway_info": gateway])
    }

    /// `PUT /v2.0/routers/{id}/add_router_interface` with `subnet_id`: the router gets a port on the
    /// subnet's gateway address. Not replayed after an ambiguous failure (a second add is a 400):
    /// look the interface up (ports with `device_id` = router) to resolve ``OpenStackError/Code/outcomeUnknown``.
    @discardableResult
    public func addRouterInterface(routerID: String, subnetID: String) async throws -> RouterInterface {
        try await routerInterface(routerID: routerID, action: "add_router_interface", body: ["subnet_id": .string(subnetID)])
    }

    /// `PUT /v2.0/routers/{id}/add_router_interface` with `port_id`: the router takes over an existing port.
    /// Not replayed after an ambiguous failure.
    @discardableResult
    public func addRouterInterface(routerID: String, portID: String) async throws -> RouterInterface {
        try await routerInterface(routerID: routerID, action: "add_router_interface", body: ["port_id": .string(portID)])
    }

    /// `PUT /v2.0/routers/{id}/remove_router_interface` with `subnet_id` (a second remove is a 404,
    /// so it is not replayed after an ambiguous failure either).
    @discardableResult
    public func removeRouterInterface(routerID: String, subnetID: String) async throws -> RouterInterface {
        try await routerInterface(routerID: routerID, action: "remove_router_interface", body: ["subnet_id": .string(subnetID)])
    }

    /// `PUT /v2.0/routers/{id}/remove_router_interface` with `port_id` (deletes the router's port).
    @discardableResult
    public func removeRouterInterface(routerID: String, portID: String) async throws -> RouterInterface {
        try await routerInterface(routerID: routerID, action: "remove_router_interface", body: ["port_id": .string(portID)])
    }

    /// `DELETE /v2.0/routers/{id}` (409 while it still has interfaces).
    public func deleteRouter(id: String) async throws {
        try await delete(Router.self, id: id)
    }

    private func routerInterface(routerID: String, action: String, body: [String: JSONValue]) async throws -> RouterInterface {
        try await requester.send(
            try ServiceRequest(.network, .PUT, "/routers/\(routerID)/\(action)", json: JSONValue.object(body),
                               safety: .nonIdempotent),
            decode: RouterInterface.self)
    }
}
