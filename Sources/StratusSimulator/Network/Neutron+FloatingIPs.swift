import Foundation

extension CloudState {
    /// The floating IP `id` as `principal` sees it.
    func visibleFloatingIP(_ id: String, for principal: Principal) -> FloatingIPRecord? {
        guard let floatingIP = neutron.floatingIPs[id], !floatingIP.deleted, neutronOwns(floatingIP.standard, principal)
        else { return nil }
        return floatingIP
    }

    /// Neutron's 404 for a floating IP.
    func floatingIPNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "FloatingIPNotFound", "Floating IP \(id) could not be found")
    }

    /// `GET /v2.0/floatingips`.
    func listFloatingIPs(_ call: ServiceCall) -> SimulatorReply {
        let items = listed(neutron.floatingIPs, call) { neutronOwns($0.standard, call.principal) }.map(floatingIPView)
        return neutronList(call, collection: "floatingips", path: "floatingips", items: items)
    }

    /// `GET /v2.0/floatingips/{id}`.
    func showFloatingIP(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let floatingIP = visibleFloatingIP(id, for: call.principal) else { return floatingIPNotFound(id) }
        return .json(200, ["floatingip": .object(floatingIPView(floatingIP))])
    }

    /// `POST /v2.0/floatingips`: 201 `DOWN` with an address from the external network; with a
    /// `port_id` it is associated at once and becomes `ACTIVE` after `timings.floatingIPActivate`.
    mutating func createFloatingIP(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "floatingip", allowed: ["floating_network_id", "port_id", "fixed_ip_address", "floating_ip_address", "subnet_id", "dns_name", "dns_domain", "qos_policy_id"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        guard let networkID = body["floating_network_id"]?.stringValue else {
            return neutronBadRequest("Failed to parse request. Required attribute 'floating_network_id' not specified")
        }
        guard let network = visibleNetwork(networkID, for: call.principal) else { return networkNotFound(networkID) }
        guard network.external else {
            return neutronBadRequest("Bad floatingip request: Network \(networkID) is not a valid external network.")
        }
        let projectID = owningProject(body, call)
        if let refusal = overQuota("floatingip", projectID: projectID) { return refusal }
        var target: (port: PortRecord, fixed: PortRecord.FixedIP, routerID: String)?
        if let portID = body["port_id"]?.stringValue {
            switch associationTarget(portID, fixedAddress: body["fixed_ip_address"]?.stringValue, networkID: networkID, call) {
            case .success(let found): target = found
            case .failure(let error): return error.reply
            }
        }
        var allocation: PortRecord.FixedIP?
        if let requested = body["floating_ip_address"]?.stringValue {
            guard let address = IPv4Block.address(requested), let subnet = neutron.subnet(of: networkID, containing: address) else {
                return neutronBadRequest("Invalid input for floating_ip_address. Reason: '\(requested)' is not a valid IP address.")
            }
            guard !subnet.allocated.contains(address), subnet.gatewayIP != address else {
                return neutronError(409, "IpAddressAlreadyAllocated", "IP address \(requested) already allocated in subnet \(subnet.id)")
            }
            neutron.allocate(address, in: subnet.id)
            allocation = PortRecord.FixedIP(subnetID: subnet.id, address: address)
        } else {
            allocation = neutron.allocateAny(on: networkID)
        }
        guard let allocation else {
            return neutronError(409, "IpAddressGenerationFailure", "No more IP addresses available on network \(networkID).")
        }
        var standard = newStandard(body, call, tags: tags)
        standard.projectID = projectID
        let floatingIP = FloatingIPRecord(
            standard: standard, floatingNetworkID: networkID, subnetID: allocation.subnetID, address: allocation.address)
        neutron.floatingIPs[floatingIP.id] = floatingIP
        if let target {
            associate(floatingIP.id, port: target.port.id, fixed: target.fixed.address, routerID: target.routerID, now: call.now)
        }
        return .json(201, ["floatingip": .object(floatingIPView(neutron.floatingIPs[floatingIP.id] ?? floatingIP))])
    }

    /// `PUT /v2.0/floatingips/{id}`: `port_id` associates (→ `ACTIVE` after
    /// `timings.floatingIPActivate`, or `ERROR` by `floatingIPErrorRate`), `port_id: null`
    /// disassociates (→ `DOWN` after the same delay); `description` too.
    mutating func updateFloatingIP(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let floatingIP = visibleFloatingIP(id, for: call.principal) else { return floatingIPNotFound(id) }
        let body: [String: JSON]
        switch neutronBody(call, "floatingip", allowed: ["port_id", "fixed_ip_address", "qos_policy_id"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let description = body["description"]?.stringValue {
            neutron.floatingIPs[id]?.standard.description = description
            neutron.floatingIPs[id]?.standard.touch(call.now)
        }
        if let port = body["port_id"] {
            if let portID = port.stringValue {
                let target: (port: PortRecord, fixed: PortRecord.FixedIP, routerID: String)
                switch associationTarget(
                    portID, fixedAddress: body["fixed_ip_address"]?.stringValue, networkID: floatingIP.floatingNetworkID,
                    call, ignoring: id)
                {
                case .success(let found): target = found
                case .failure(let error): return error.reply
                }
                if floatingIP.portID != portID || floatingIP.fixedAddress != target.fixed.address {
                    associate(id, port: portID, fixed: target.fixed.address, routerID: target.routerID, now: call.now)
                }
            } else if floatingIP.portID != nil {
                disassociate(id, now: call.now)
            }
        }
        return .json(200, ["floatingip": .object(floatingIPView(neutron.floatingIPs[id] ?? floatingIP))])
    }

    /// `DELETE /v2.0/floatingips/{id}`: 204; the address goes back to the pool.
    mutating func deleteFloatingIP(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var floatingIP = visibleFloatingIP(id, for: call.principal) else { return floatingIPNotFound(id) }
        neutron.release(floatingIP.address, in: floatingIP.subnetID)
        floatingIP.deleted = true
        floatingIP.portID = nil
        floatingIP.fixedAddress = nil
        floatingIP.routerID = nil
        floatingIP.settleToken += 1
        floatingIP.standard.updatedAt = call.now
        neutron.floatingIPs[id] = floatingIP
        return .empty(204)
    }

    /// Checks a port can take a floating IP of `networkID` the way Neutron does: the port exists and
    /// is visible, has the fixed IP, no other floating IP uses that fixed IP, and a router joins the
    /// fixed IP's subnet to the external network (otherwise 404 `ExternalGatewayForFloatingIPNotFound`).
    private func associationTarget(
        _ portID: String, fixedAddress: String?, networkID: String, _ call: ServiceCall, ignoring: String? = nil
    ) -> Result<(port: PortRecord, fixed: PortRecord.FixedIP, routerID: String), NeutronBodyError> {
        func refuse(_ reply: SimulatorReply) -> Result<(port: PortRecord, fixed: PortRecord.FixedIP, routerID: String), NeutronBodyError> {
            .failure(NeutronBodyError(reply: reply))
        }
        guard let port = visiblePort(portID, for: call.principal) else { return refuse(portNotFound(portID)) }
        let fixed: PortRecord.FixedIP
        if let fixedAddress {
            guard let match = port.fixedIPs.first(where: { IPv4Block.text($0.address) == fixedAddress }) else {
                return refuse(neutronBadRequest("Bad floatingip request: Port \(portID) does not have fixed ip \(fixedAddress)."))
            }
            fixed = match
        } else {
            guard let first = port.fixedIPs.first else {
                return refuse(neutronBadRequest(
                    "Bad floatingip request: Cannot add floating IP to port \(portID) that has no fixed IPv4 addresses."))
            }
            fixed = first
        }
        if let other = neutron.liveFloatingIPs.first(where: {
            $0.id != ignoring && $0.portID == portID && $0.fixedAddress == fixed.address && $0.floatingNetworkID == networkID
        }) {
            return refuse(neutronError(
                409, "FloatingIPPortAlreadyAssociated",
                "Cannot associate floating IP \(IPv4Block.text(other.address)) (\(other.id)) with port \(portID) using fixed IP \(IPv4Block.text(fixed.address)), as that fixed IP already has a floating IP on external network \(networkID)."))
        }
        guard let router = neutron.router(joining: fixed.subnetID, to: networkID) else {
            return refuse(neutronError(
                404, "ExternalGatewayForFloatingIPNotFound",
                "External network \(networkID) is not reachable from subnet \(fixed.subnetID).  Therefore, cannot associate Port \(portID) with a Floating IP."))
        }
        return .success((port, fixed, router.id))
    }

    /// Associates a floating IP with a port's fixed address; `ACTIVE` (or `ERROR`) follows after
    /// `timings.floatingIPActivate`.
    mutating func associate(_ id: String, port portID: String, fixed: UInt32, routerID: String, now: Date) {
        guard var floatingIP = neutron.floatingIPs[id], !floatingIP.deleted else { return }
        floatingIP.portID = portID
        floatingIP.fixedAddress = fixed
        floatingIP.routerID = routerID
        floatingIP.status = "DOWN"
        floatingIP.settleToken += 1
        floatingIP.standard.touch(now)
        neutron.floatingIPs[id] = floatingIP
        let status = random.chance(faults.floatingIPErrorRate) ? "ERROR" : "ACTIVE"
        schedule(
            .floatingIPSettled(floatingIPID: id, token: floatingIP.settleToken, status: status),
            after: timings.floatingIPActivate, from: now)
    }

    /// Disassociates a floating IP at once; its status goes `DOWN` after `timings.floatingIPActivate`.
    mutating func disassociate(_ id: String, now: Date) {
        guard var floatingIP = neutron.floatingIPs[id], !floatingIP.deleted else { return }
        floatingIP.portID = nil
        floatingIP.fixedAddress = nil
        floatingIP.routerID = nil
        floatingIP.settleToken += 1
        floatingIP.standard.touch(now)
        neutron.floatingIPs[id] = floatingIP
        schedule(
            .floatingIPSettled(floatingIPID: id, token: floatingIP.settleToken, status: "DOWN"),
            after: timings.floatingIPActivate, from: now)
    }
}
