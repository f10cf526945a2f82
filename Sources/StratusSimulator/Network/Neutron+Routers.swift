import Foundation

extension CloudState {
    /// The router `id` as `principal` sees it.
    func visibleRouter(_ id: String, for principal: Principal) -> RouterRecord? {
        guard let router = neutron.routers[id], neutronOwns(router.standard, principal) else { return nil }
        return router
    }

    /// Neutron's 404 for a router.
    func routerNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "RouterNotFound", "Router \(id) could not be found")
    }

    /// `GET /v2.0/routers`.
    func listRouters(_ call: ServiceCall) -> SimulatorReply {
        let items = listed(neutron.routers, call) { neutronOwns($0.standard, call.principal) }
            .map { routerView($0, admin: call.principal.isAdmin) }
        return neutronList(call, collection: "routers", path: "routers", items: items)
    }

    /// `GET /v2.0/routers/{id}`.
    func showRouter(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let router = visibleRouter(id, for: call.principal) else { return routerNotFound(id) }
        return .json(200, ["router": .object(routerView(router, admin: call.principal.isAdmin))])
    }

    /// `POST /v2.0/routers`: 201 `ACTIVE`, with a gateway address when `external_gateway_info` names
    /// an external network.
    mutating func createRouter(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "router", allowed: ["external_gateway_info", "admin_state_up", "distributed", "ha", "availability_zone_hints", "flavor_id", "routes"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        let projectID = owningProject(body, call)
        if let refusal = overQuota("router", projectID: projectID) { return refusal }
        var standard = newStandard(body, call, tags: tags)
        standard.projectID = projectID
        var router = RouterRecord(standard: standard, name: body["name"]?.stringValue ?? "")
        router.adminStateUp = body["admin_state_up"]?.boolValue ?? true
        neutron.routers[router.id] = router
        if let gateway = body["external_gateway_info"], !gateway.isNull, gateway.objectValue?.isEmpty == false {
            if let refusal = setGateway(router.id, gateway, call) {
                neutron.routers[router.id] = nil
                return refusal
            }
        }
        return .json(201, ["router": .object(routerView(neutron.routers[router.id] ?? router, admin: call.principal.isAdmin))])
    }

    /// `PUT /v2.0/routers/{id}`: name, description, admin_state_up and `external_gateway_info`
    /// (`{}` or null clears it; refused with 409 while floating IPs need it).
    mutating func updateRouter(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var router = visibleRouter(id, for: call.principal) else { return routerNotFound(id) }
        let body: [String: JSON]
        switch neutronBody(call, "router", allowed: ["external_gateway_info", "admin_state_up", "distributed", "ha", "routes"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let name = body["name"]?.stringValue { router.name = name }
        if let description = body["description"]?.stringValue { router.standard.description = description }
        if let up = body["admin_state_up"]?.boolValue { router.adminStateUp = up }
        router.standard.touch(call.now)
        neutron.routers[id] = router
        if let gateway = body["external_gateway_info"] {
            if gateway.isNull || gateway.objectValue?.isEmpty == true {
                if let refusal = clearGateway(id) { return refusal }
            } else if let refusal = setGateway(id, gateway, call) {
                return refusal
            }
        }
        return .json(200, ["router": .object(routerView(neutron.routers[id] ?? router, admin: call.principal.isAdmin))])
    }

    /// `DELETE /v2.0/routers/{id}`: 204; 409 `RouterInUse` while it has interfaces.
    mutating func deleteRouter(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let router = visibleRouter(id, for: call.principal) else { return routerNotFound(id) }
        guard router.interfacePortIDs.isEmpty else {
            return neutronError(
                409, "RouterInUse",
                "Router \(id) has ports still attached: \(router.interfacePortIDs.joined(separator: ", "))")
        }
        if let refusal = clearGateway(id) { return refusal }
        neutron.routers[id] = nil
        return .empty(204)
    }

    /// Sets the router's gateway to the external network of `gateway["network_id"]`.
    private mutating func setGateway(_ id: String, _ gateway: JSON, _ call: ServiceCall) -> SimulatorReply? {
        guard let networkID = gateway["network_id"]?.stringValue else {
            return neutronBadRequest("Invalid input for external_gateway_info. Reason: Validation of dictionary's keys failed. Expected keys: {'network_id'}.")
        }
        guard let network = visibleNetwork(networkID, for: call.principal) else { return networkNotFound(networkID) }
        guard network.external else {
            return neutronBadRequest("Bad router request: Network \(networkID) is not an external network.")
        }
        guard var router = neutron.routers[id] else { return routerNotFound(id) }
        if router.externalNetworkID == networkID {
            if let snat = gateway["enable_snat"]?.boolValue { router.enableSNAT = snat }
            neutron.routers[id] = router
            return nil
        }
        if let refusal = clearGateway(id) { return refusal }
        router = neutron.routers[id] ?? router
        guard let fixed = neutron.allocateAny(on: networkID) else {
            return neutronError(409, "IpAddressGenerationFailure", "No more IP addresses available on network \(networkID).")
        }
        router.externalNetworkID = networkID
        router.externalFixedIPs = [fixed]
        router.enableSNAT = gateway["enable_snat"]?.boolValue ?? true
        router.standard.touch(call.now)
        neutron.routers[id] = router
        return nil
    }

    /// Removes the router's gateway; 409 while floating IPs reach their ports through it.
    private mutating func clearGateway(_ id: String) -> SimulatorReply? {
        guard var router = neutron.routers[id], let networkID = router.externalNetworkID else { return nil }
        if neutron.liveFloatingIPs.contains(where: { $0.routerID == id }) {
            return neutronError(
                409, "RouterExternalGatewayInUseByFloatingIp",
                "Gateway cannot be updated for router \(id), since a gateway to external network \(networkID) is required by one or more floating IPs.")
        }
        for fixed in router.externalFixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
        router.externalNetworkID = nil
        router.externalFixedIPs = []
        neutron.routers[id] = router
        return nil
    }

    /// `PUT /v2.0/routers/{id}/add_router_interface` with `subnet_id` (a port on the subnet's gateway
    /// address is made) or `port_id` (an existing unbound port joins the router).
    mutating func addRouterInterface(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let router = visibleRouter(id, for: call.principal) else { return routerNotFound(id) }
        let body = call.request.json?.objectValue ?? [:]
        let subnetID = body["subnet_id"]?.stringValue
        let portID = body["port_id"]?.stringValue
        guard (subnetID == nil) != (portID == nil) else {
            return neutronBadRequest("Bad router request: Either subnet_id or port_id must be specified.")
        }
        if let given = subnetID ?? portID, !Self.isUUID(given) {
            return neutronBadRequest("Bad router request: '\(given)' is not a valid UUID.")
        }
        var port: PortRecord
        if let subnetID {
            guard let subnet = visibleSubnet(subnetID, for: call.principal) else { return subnetNotFound(subnetID) }
            guard let gateway = subnet.gatewayIP else {
                return neutronBadRequest("Bad router request: Subnet for router interface must have a gateway IP.")
            }
            if let conflict = interfaceConflict(router, subnet) { return conflict }
            var spec = PortSpec(networkID: subnet.networkID, projectID: router.standard.projectID)
            spec.fixedIPs = [(subnetID, IPv4Block.text(gateway))]
            spec.deviceID = id
            spec.deviceOwner = "network:router_interface"
            neutron.subnets[subnetID]?.gatewayIP = nil
            let made = makePort(spec, call.principal, now: call.now)
            neutron.subnets[subnetID]?.gatewayIP = gateway
            switch made {
            case .success(let created): port = created
            case .failure(let error): return error.reply
            }
        } else {
            let portID = portID ?? ""
            guard let found = visiblePort(portID, for: call.principal) else { return portNotFound(portID) }
            guard !found.isBound else {
                return neutronError(409, "PortInUse", "Unable to complete operation on port \(portID) for network \(found.networkID). Port already has an attached device \(found.deviceID).")
            }
            guard let fixed = found.fixedIPs.first, let subnet = neutron.subnets[fixed.subnetID] else {
                return neutronBadRequest("Bad router request: Router port must have at least one fixed IP.")
            }
            if let conflict = interfaceConflict(router, subnet) { return conflict }
            bindPort(portID, deviceID: id, deviceOwner: "network:router_interface", now: call.now)
            port = neutron.ports[portID] ?? found
        }
        neutron.routers[id]?.interfacePortIDs.append(port.id)
        neutron.routers[id]?.standard.touch(call.now)
        return .json(200, interfaceView(router, port))
    }

    /// Neutron's refusal when the router already has a port on `subnet` or on an overlapping CIDR.
    private func interfaceConflict(_ router: RouterRecord, _ subnet: SubnetRecord) -> SimulatorReply? {
        for portID in router.interfacePortIDs {
            for fixed in neutron.ports[portID]?.fixedIPs ?? [] {
                if fixed.subnetID == subnet.id {
                    return neutronBadRequest("Bad router request: Router already has a port on subnet \(subnet.id).")
                }
                if let other = neutron.subnets[fixed.subnetID], other.block.overlaps(subnet.block) {
                    return neutronBadRequest(
                        "Bad router request: Cidr \(subnet.block.text) of subnet \(subnet.id) overlaps with cidr \(other.block.text) of subnet \(other.id).")
                }
            }
        }
        return nil
    }

    /// `PUT /v2.0/routers/{id}/remove_router_interface` with `subnet_id` or `port_id`: the interface
    /// port is deleted; 404 when the router has no such interface, 409 while a floating IP needs it.
    mutating func removeRouterInterface(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let router = visibleRouter(id, for: call.principal) else { return routerNotFound(id) }
        let body = call.request.json?.objectValue ?? [:]
        let subnetID = body["subnet_id"]?.stringValue
        let portID = body["port_id"]?.stringValue
        guard subnetID != nil || portID != nil else {
            return neutronBadRequest("Bad router request: Either subnet_id or port_id must be specified.")
        }
        if let given = subnetID ?? portID, !Self.isUUID(given) {
            return neutronBadRequest("Bad router request: '\(given)' is not a valid UUID.")
        }
        let interfaces = router.interfacePortIDs.compactMap { neutron.ports[$0] }
        let port: PortRecord
        if let portID {
            guard let found = interfaces.first(where: { $0.id == portID }) else {
                return neutronError(404, "RouterInterfaceNotFound", "Router \(id) does not have an interface with id \(portID)")
            }
            port = found
        } else {
            let subnetID = subnetID ?? ""
            guard visibleSubnet(subnetID, for: call.principal) != nil else { return subnetNotFound(subnetID) }
            guard let found = interfaces.first(where: { $0.fixedIPs.contains { $0.subnetID == subnetID } }) else {
                return neutronError(404, "RouterInterfaceNotFoundForSubnet", "Router \(id) has no interface on subnet \(subnetID)")
            }
            port = found
        }
        for fixed in port.fixedIPs {
            let needed = neutron.liveFloatingIPs.contains { floatingIP in
                guard floatingIP.routerID == id, let portID = floatingIP.portID, let target = neutron.ports[portID] else { return false }
                return target.fixedIPs.contains { $0.subnetID == fixed.subnetID }
            }
            if needed {
                return neutronError(
                    409, "RouterInterfaceInUseByFloatingIP",
                    "Router interface for subnet \(fixed.subnetID) on router \(id) cannot be deleted, as it is required by one or more floating IPs.")
            }
        }
        neutron.routers[id]?.interfacePortIDs.removeAll { $0 == port.id }
        neutron.routers[id]?.standard.touch(call.now)
        removePort(port.id, now: call.now)
        return .json(200, interfaceView(router, port))
    }

    /// The answer of add/remove_router_interface.
    private func interfaceView(_ router: RouterRecord, _ port: PortRecord) -> JSON {
        let subnets = port.fixedIPs.map(\.subnetID)
        return [
            "id": .string(router.id), "project_id": .string(router.standard.projectID), "port_id": .string(port.id),
            "network_id": .string(port.networkID), "subnet_id": JSON(subnets.first), "subnet_ids": JSON(subnets),
        ]
    }
}
