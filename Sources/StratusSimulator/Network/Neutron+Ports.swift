import Foundation

/// What a new port is made of; shared by `POST /v2.0/ports` and Nova's ports for servers.
struct PortSpec: Sendable {
    var networkID: String
    var projectID: String
    var name = ""
    var description = ""
    var tags: [String] = []
    /// Requested fixed IPs: a subnet, an address, or both.
    var fixedIPs: [(subnetID: String?, address: String?)]?
    /// Security group ids; nil means the project's `default` group.
    var securityGroupIDs: [String]?
    var deviceID = ""
    var deviceOwner = ""
    var createdByNova = false
}

extension CloudState {
    /// The port `id` as `principal` sees it (its project's, or all for an admin).
    func visiblePort(_ id: String, for principal: Principal) -> PortRecord? {
        guard let port = neutron.ports[id], !port.deleted, neutronOwns(port.standard, principal) else { return nil }
        return port
    }

    /// Neutron's 404 for a port.
    func portNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "PortNotFound", "Port \(id) could not be found.")
    }

    /// `GET /v2.0/ports`.
    func listPorts(_ call: ServiceCall) -> SimulatorReply {
        let items = listed(neutron.ports, call) { neutronOwns($0.standard, call.principal) }
            .map { portView($0, admin: call.principal.isAdmin) }
        return neutronList(call, collection: "ports", path: "ports", items: items)
    }

    /// `GET /v2.0/ports/{id}`.
    func showPort(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let port = visiblePort(id, for: call.principal) else { return portNotFound(id) }
        return .json(200, ["port": .object(portView(port, admin: call.principal.isAdmin))])
    }

    /// `POST /v2.0/ports`: 201 `DOWN` with fixed IPs allocated; a port created bound (with a
    /// `device_owner`) becomes `ACTIVE` after `timings.portActivate`.
    mutating func createPort(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "port", allowed: ["network_id", "fixed_ips", "security_groups", "device_id", "device_owner", "admin_state_up", "mac_address", "binding:host_id", "binding:vnic_type", "binding:profile", "port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts", "dns_name", "qos_policy_id"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        guard let networkID = body["network_id"]?.stringValue else {
            return neutronBadRequest("Failed to parse request. Required attribute 'network_id' not specified")
        }
        guard visibleNetwork(networkID, for: call.principal) != nil else { return networkNotFound(networkID) }
        var spec = PortSpec(networkID: networkID, projectID: owningProject(body, call))
        spec.name = body["name"]?.stringValue ?? ""
        spec.description = body["description"]?.stringValue ?? ""
        spec.tags = tags
        spec.deviceID = body["device_id"]?.stringValue ?? ""
        spec.deviceOwner = body["device_owner"]?.stringValue ?? ""
        if let given = body["fixed_ips"]?.arrayValue {
            spec.fixedIPs = given.map { ($0["subnet_id"]?.stringValue, $0["ip_address"]?.stringValue) }
        }
        if let groups = body["security_groups"], !groups.isNull {
            guard let ids = groups.stringArray else { return neutronBadRequest("Invalid input for security_groups.") }
            spec.securityGroupIDs = ids
        }
        switch makePort(spec, call.principal, now: call.now) {
        case .success(let port):
            var port = port
            if let up = body["admin_state_up"]?.boolValue {
                port.adminStateUp = up
                neutron.ports[port.id] = port
            }
            return .json(201, ["port": .object(portView(port, admin: call.principal.isAdmin))])
        case .failure(let error):
            return error.reply
        }
    }

    /// Creates a port from `spec`: checks quota and security groups, allocates addresses and a MAC,
    /// and schedules activation when the port is bound to something other than a Nova server
    /// (those go `ACTIVE` with their server).
    mutating func makePort(_ spec: PortSpec, _ principal: Principal, now: Date) -> Result<PortRecord, NeutronBodyError> {
        func refuse(_ reply: SimulatorReply) -> Result<PortRecord, NeutronBodyError> { .failure(NeutronBodyError(reply: reply)) }
        if let refusal = overQuota("port", projectID: spec.projectID) { return refuse(refusal) }
        var groups: [String] = []
        if !spec.deviceOwner.hasPrefix("network:") {
            if let requested = spec.securityGroupIDs {
                for id in requested {
                    guard let group = neutron.securityGroups[id], principal.isAdmin || group.standard.projectID == spec.projectID else {
                        return refuse(neutronError(404, "SecurityGroupNotFound", "Security group \(id) does not exist"))
                    }
                    groups.append(group.id)
                }
            } else {
                groups = [ensureDefaultSecurityGroup(projectID: spec.projectID, now: now)]
            }
        }
        var fixedIPs: [PortRecord.FixedIP] = []
        let network = neutron.networks[spec.networkID]
        if let requested = spec.fixedIPs {
            for (subnetID, addressText) in requested {
                var subnet: SubnetRecord?
                if let subnetID {
                    guard let found = neutron.subnets[subnetID], found.networkID == spec.networkID else {
                        for fixed in fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
                        return refuse(neutronBadRequest(
                            "Invalid input for operation: Failed to create port on network \(spec.networkID), because fixed_ips included invalid subnet \(subnetID)."))
                    }
                    subnet = found
                }
                var address: UInt32?
                if let addressText {
                    guard let parsed = IPv4Block.address(addressText),
                        let owner = subnet ?? neutron.subnet(of: spec.networkID, containing: parsed), owner.block.contains(parsed)
                    else {
                        for fixed in fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
                        return refuse(neutronBadRequest("IP address \(addressText) is not a valid IP for the specified subnet."))
                    }
                    if owner.allocated.contains(parsed) || owner.gatewayIP == parsed {
                        for fixed in fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
                        return refuse(neutronError(
                            409, "IpAddressAlreadyAllocated", "IP address \(addressText) already allocated in subnet \(owner.id)"))
                    }
                    subnet = owner
                    address = parsed
                } else {
                    address = subnet?.firstFree()
                }
                guard let subnet, let address else {
                    for fixed in fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
                    return refuse(neutronError(409, "IpAddressGenerationFailure", "No more IP addresses available on network \(spec.networkID)."))
                }
                neutron.allocate(address, in: subnet.id)
                fixedIPs.append(PortRecord.FixedIP(subnetID: subnet.id, address: address))
            }
        } else if let subnetIDs = network?.subnetIDs, !subnetIDs.isEmpty {
            guard let fixed = neutron.allocateAny(on: spec.networkID) else {
                return refuse(neutronError(409, "IpAddressGenerationFailure", "No more IP addresses available on network \(spec.networkID)."))
            }
            fixedIPs = [fixed]
        }
        let sequence = nextSequence()
        let id = Self.uuid()
        var port = PortRecord(
            standard: NeutronStandard(
                id: id, projectID: spec.projectID, description: spec.description, tags: spec.tags, createdAt: now,
                updatedAt: now, revision: 1, sequence: sequence),
            name: spec.name, networkID: spec.networkID, fixedIPs: fixedIPs,
            macAddress: "fa:16:3e:" + StableID.digest(id, length: 6).chunked(2).joined(separator: ":"),
            securityGroupIDs: groups)
        port.deviceID = spec.deviceID
        port.deviceOwner = spec.deviceOwner
        port.createdByNova = spec.createdByNova
        neutron.ports[id] = port
        if !spec.deviceOwner.isEmpty && !spec.createdByNova {
            bindPort(id, deviceID: spec.deviceID, deviceOwner: spec.deviceOwner, now: now)
            port = neutron.ports[id] ?? port
        }
        return .success(port)
    }

    /// Binds a port to a device; it goes `ACTIVE` after `timings.portActivate`.
    mutating func bindPort(_ id: String, deviceID: String, deviceOwner: String, now: Date) {
        guard var port = neutron.ports[id], !port.deleted else { return }
        port.deviceID = deviceID
        port.deviceOwner = deviceOwner
        port.bindingHost = deviceOwner.hasPrefix("compute:") ? servers[deviceID]?.host ?? Self.computeHosts[0] : nil
        port.activationToken += 1
        port.standard.touch(now)
        neutron.ports[id] = port
        schedule(.portActivated(portID: id, token: port.activationToken), after: timings.portActivate, from: now)
    }

    /// Unbinds a port: no device, `DOWN` at once.
    mutating func unbindPort(_ id: String, now: Date) {
        guard var port = neutron.ports[id], !port.deleted else { return }
        port.deviceID = ""
        port.deviceOwner = ""
        port.bindingHost = nil
        port.status = "DOWN"
        port.activationToken += 1
        port.standard.touch(now)
        neutron.ports[id] = port
    }

    /// Deletes a port: frees its addresses and disassociates its floating IPs.
    mutating func removePort(_ id: String, now: Date) {
        guard var port = neutron.ports[id], !port.deleted else { return }
        for fixed in port.fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
        for floatingIP in neutron.floatingIPs(onPort: id) {
            disassociate(floatingIP.id, now: now)
        }
        port.deleted = true
        port.status = "DOWN"
        port.activationToken += 1
        port.standard.updatedAt = now
        neutron.ports[id] = port
    }

    /// `PUT /v2.0/ports/{id}`: name, description, admin_state_up, security_groups, and the
    /// binding (`device_id`/`device_owner`): binding starts activation, unbinding sets `DOWN`.
    mutating func updatePort(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var port = visiblePort(id, for: call.principal) else { return portNotFound(id) }
        let body: [String: JSON]
        switch neutronBody(call, "port", allowed: ["fixed_ips", "security_groups", "device_id", "device_owner", "admin_state_up", "binding:host_id", "binding:vnic_type", "binding:profile", "port_security_enabled", "allowed_address_pairs", "extra_dhcp_opts", "dns_name", "qos_policy_id", "mac_address"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let name = body["name"]?.stringValue { port.name = name }
        if let description = body["description"]?.stringValue { port.standard.description = description }
        if let up = body["admin_state_up"]?.boolValue { port.adminStateUp = up }
        if let groups = body["security_groups"] {
            let ids = groups.stringArray ?? []
            for groupID in ids where neutron.securityGroups[groupID] == nil {
                return neutronError(404, "SecurityGroupNotFound", "Security group \(groupID) does not exist")
            }
            port.securityGroupIDs = ids
        }
        port.standard.touch(call.now)
        neutron.ports[id] = port
        if body["device_id"] != nil || body["device_owner"] != nil {
            let deviceID = body["device_id"]?.stringValue ?? port.deviceID
            let deviceOwner = body["device_owner"]?.stringValue ?? port.deviceOwner
            if deviceOwner.isEmpty {
                unbindPort(id, now: call.now)
                neutron.ports[id]?.deviceID = deviceID
            } else if deviceID != port.deviceID || deviceOwner != port.deviceOwner {
                bindPort(id, deviceID: deviceID, deviceOwner: deviceOwner, now: call.now)
            }
        }
        return .json(200, ["port": .object(portView(neutron.ports[id] ?? port, admin: call.principal.isAdmin))])
    }

    /// `DELETE /v2.0/ports/{id}`: 204; a router interface port is refused (409), as it is removed
    /// through the router. Floating IPs on the port are disassociated.
    mutating func deletePort(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let port = visiblePort(id, for: call.principal) else { return portNotFound(id) }
        if port.deviceOwner == "network:router_interface" || port.deviceOwner == "network:router_gateway" {
            return neutronError(
                409, "ServicePortInUse",
                "Port \(id) cannot be deleted directly via the port API: has device owner \(port.deviceOwner).")
        }
        if port.deviceOwner.hasPrefix("compute:"), let serverID = Optional(port.deviceID), var server = servers[serverID] {
            server.portIDs.removeAll { $0 == id }
            servers[serverID] = server
        }
        removePort(id, now: call.now)
        return .empty(204)
    }
}
