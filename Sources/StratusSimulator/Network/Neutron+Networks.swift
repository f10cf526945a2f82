import Foundation

extension CloudState {
    /// Whether the caller sees a resource owned by `standard.projectID` (admins see everything).
    func neutronOwns(_ standard: NeutronStandard, _ principal: Principal) -> Bool {
        principal.isAdmin || principal.owns(standard.projectID)
    }

    /// The network `id` as `principal` sees it: its own, shared and external networks.
    func visibleNetwork(_ id: String, for principal: Principal) -> NetworkRecord? {
        guard let network = neutron.networks[id] else { return nil }
        return neutronOwns(network.standard, principal) || network.shared || network.external ? network : nil
    }

    /// Neutron's 404 for a network.
    func networkNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "NetworkNotFound", "Network \(id) could not be found.")
    }

    /// A create's body (see ``neutronBody(_:_:allowed:)``) and its `tags`, checked and without repeats.
    func neutronCreateBody(_ call: ServiceCall, _ resource: String,
                           allowed: Set<String>) -> Result<(body: [String: JSON], tags: [String]), NeutronBodyError> {
        neutronBody(call, resource, allowed: allowed).flatMap { body in neutronTags(body).map { (body, $0) } }
    }

    /// Validates the `tags` of a create body (Neutron's `tag-creation`).
    func neutronTags(_ body: [String: JSON]) -> Result<[String], NeutronBodyError> {
        guard let given = body["tags"], !given.isNull else { return .success([]) }
        guard let tags = given.stringArray else {
            return .failure(NeutronBodyError(reply: neutronBadRequest("Invalid input for tags. Reason: '\(given.serialized())' is not a list.")))
        }
        if let problem = Self.tagProblem(tags) { return .failure(NeutronBodyError(reply: neutronBadRequest(problem))) }
        var unique: [String] = []
        for tag in tags where !unique.contains(tag) { unique.append(tag) }
        return .success(unique)
    }

    /// `GET /v2.0/networks`.
    func listNetworks(_ call: ServiceCall) -> SimulatorReply {
        let items = listed(neutron.networks, call) { visibleNetwork($0.id, for: call.principal) != nil }.map(networkView)
        return neutronList(call, collection: "networks", path: "networks", items: items)
    }

    /// `GET /v2.0/networks/{id}`.
    func showNetwork(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let network = visibleNetwork(id, for: call.principal) else { return networkNotFound(id) }
        return .json(200, ["network": .object(networkView(network))])
    }

    /// `POST /v2.0/networks`: 201; `shared` and `router:external` are admin-only, as by Neutron's policy.
    mutating func createNetwork(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "network", allowed: ["admin_state_up", "shared", "router:external", "mtu", "port_security_enabled", "availability_zone_hints", "dns_domain", "qos_policy_id", "provider:network_type", "provider:physical_network", "provider:segmentation_id", "is_default"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        let shared = body["shared"]?.boolValue ?? false
        let external = body["router:external"]?.boolValue ?? false
        if (shared || external) && !call.principal.isAdmin {
            let attribute = shared ? "shared" : "router:external"
            return neutronError(403, "PolicyNotAuthorized", "(rule:create_network and rule:create_network:\(attribute)) is disallowed by policy")
        }
        let standard = newStandard(body, call, tags: tags)
        if let refusal = overQuota("network", projectID: standard.projectID) { return refusal }
        var network = NetworkRecord(
            standard: standard, name: body["name"]?.stringValue ?? "", shared: shared, external: external,
            mtu: body["mtu"]?.intValue ?? 1450)
        network.adminStateUp = body["admin_state_up"]?.boolValue ?? true
        network.standard.revision = 1
        neutron.networks[network.id] = network
        return .json(201, ["network": .object(networkView(network))])
    }

    /// `PUT /v2.0/networks/{id}`: name, description, admin_state_up, mtu (and, for admins, shared and router:external).
    mutating func updateNetwork(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var network = visibleNetwork(id, for: call.principal) else { return networkNotFound(id) }
        guard neutronOwns(network.standard, call.principal) else {
            return neutronError(403, "PolicyNotAuthorized", "(rule:update_network) is disallowed by policy")
        }
        let body: [String: JSON]
        switch neutronBody(call, "network", allowed: ["admin_state_up", "shared", "router:external", "mtu", "port_security_enabled", "dns_domain", "qos_policy_id", "is_default"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let name = body["name"]?.stringValue { network.name = name }
        if let description = body["description"]?.stringValue { network.standard.description = description }
        if let up = body["admin_state_up"]?.boolValue { network.adminStateUp = up }
        if let mtu = body["mtu"]?.intValue { network.mtu = mtu }
        if call.principal.isAdmin {
            if let shared = body["shared"]?.boolValue { network.shared = shared }
            if let external = body["router:external"]?.boolValue { network.external = external }
        }
        network.standard.touch(call.now)
        neutron.networks[id] = network
        return .json(200, ["network": .object(networkView(network))])
    }

    /// `DELETE /v2.0/networks/{id}`: 204, its subnets go with it; 409 `NetworkInUse` while ports,
    /// floating IPs or router gateways use it.
    mutating func deleteNetwork(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let network = visibleNetwork(id, for: call.principal) else { return networkNotFound(id) }
        guard neutronOwns(network.standard, call.principal) else {
            return neutronError(403, "PolicyNotAuthorized", "(rule:delete_network) is disallowed by policy")
        }
        let inUse = neutron.livePorts.contains { $0.networkID == id }
            || neutron.liveFloatingIPs.contains { $0.floatingNetworkID == id }
            || neutron.routers.values.contains { $0.externalNetworkID == id }
        if inUse {
            return neutronError(
                409, "NetworkInUse",
                "Unable to complete operation on network \(id). There are one or more ports still in use on the network.")
        }
        for subnetID in network.subnetIDs { neutron.subnets[subnetID] = nil }
        neutron.networks[id] = nil
        return .empty(204)
    }
}
