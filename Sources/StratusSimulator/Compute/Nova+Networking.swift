import Foundation

/// What a server create asked of the network: Nova's `networks` as a plan of ports.
struct ServerNetworkPlan: Sendable {
    /// One requested NIC: a network to make a port on (with an optional fixed IP) or an existing port.
    enum NIC: Sendable {
        case network(id: String, fixedIP: String?)
        case port(id: String)
    }

    var nics: [NIC] = []
}

extension CloudState {
    /// Reads `networks` (`auto` → a port on `private`, `none` → none, `[{uuid|port[, fixed_ip]}]`)
    /// and checks the networks and ports exist and the ports are free, like Nova's API does.
    func serverNetworkPlan(_ networks: JSON?, _ call: ServiceCall) -> Result<ServerNetworkPlan, NovaBodyError> {
        func refuse(_ status: Int, _ message: String) -> Result<ServerNetworkPlan, NovaBodyError> {
            .failure(NovaBodyError(reply: novaError(status, message, call)))
        }
        var plan = ServerNetworkPlan()
        switch networks {
        case nil, .some(.string("auto")):
            plan.nics = [.network(id: NeutronState.privateNetworkID, fixedIP: nil)]
        case .some(.array(let requested)):
            for entry in requested {
                if let portID = entry["port"]?.stringValue {
                    guard let port = visiblePort(portID, for: call.principal) else {
                        return refuse(400, "Port id \(portID) could not be found.")
                    }
                    guard !port.isBound else { return refuse(409, "Port \(portID) is still in use.") }
                    plan.nics.append(.port(id: portID))
                } else if let networkID = entry["uuid"]?.stringValue {
                    guard visibleNetwork(networkID, for: call.principal) != nil else {
                        return refuse(400, "Network \(networkID) could not be found.")
                    }
                    plan.nics.append(.network(id: networkID, fixedIP: entry["fixed_ip"]?.stringValue))
                }
            }
        default:
            break
        }
        return .success(plan)
    }

    /// Resolves the `security_groups` of a server create (names or ids) to group ids; unknown →
    /// Nova's 400. None given → the project's `default` group.
    mutating func serverSecurityGroups(_ given: JSON?, _ call: ServiceCall) -> Result<(names: [String], ids: [String]), NovaBodyError> {
        let projectID = call.principal.projectID
        let defaultID = ensureDefaultSecurityGroup(projectID: projectID, now: call.now)
        guard let entries = given?.arrayValue, !entries.isEmpty else { return .success((["default"], [defaultID])) }
        var names: [String] = []
        var ids: [String] = []
        for entry in entries {
            guard let name = entry["name"]?.stringValue else {
                return .failure(NovaBodyError(reply: novaError(
                    400, "Invalid input for field/attribute security_groups. 'name' is a required property", call)))
            }
            let candidates = neutron.securityGroups.values.filter { $0.standard.projectID == projectID }
            guard let group = candidates.first(where: { $0.id == name }) ?? candidates.first(where: { $0.name == name }) else {
                return .failure(NovaBodyError(reply: novaError(400, "Security group \(name) not found.", call)))
            }
            if !ids.contains(group.id) {
                names.append(group.name)
                ids.append(group.id)
            }
        }
        return .success((names, ids))
    }

    /// Makes (or binds) the server's ports from `plan`; on failure every port made is removed again.
    mutating func attachPlannedPorts(
        _ plan: ServerNetworkPlan, serverID: String, securityGroupIDs: [String], _ call: ServiceCall
    ) -> Result<[String], NovaBodyError> {
        var made: [String] = []
        var bound: [String] = []
        func rollBack() {
            for id in made {
                if let port = neutron.ports[id] {
                    for fixed in port.fixedIPs { neutron.release(fixed.address, in: fixed.subnetID) }
                }
                neutron.ports[id] = nil
            }
            for id in bound { unbindPort(id, now: call.now) }
        }
        for nic in plan.nics {
            switch nic {
            case .port(let id):
                guard var port = neutron.ports[id], !port.isBound else {
                    rollBack()
                    return .failure(NovaBodyError(reply: novaError(409, "Port \(id) is still in use.", call)))
                }
                port.deviceID = serverID
                port.deviceOwner = "compute:nova"
                port.standard.touch(call.now)
                neutron.ports[id] = port
                bound.append(id)
            case .network(let networkID, let fixedIP):
                var spec = PortSpec(networkID: networkID, projectID: call.principal.projectID)
                spec.securityGroupIDs = securityGroupIDs
                spec.deviceID = serverID
                spec.deviceOwner = "compute:nova"
                spec.createdByNova = true
                if let fixedIP { spec.fixedIPs = [(nil, fixedIP)] }
                switch makePort(spec, call.principal, now: call.now) {
                case .success(let port):
                    made.append(port.id)
                case .failure(let error):
                    rollBack()
                    return .failure(NovaBodyError(reply: novaRefusal(fromNeutron: error.reply, networkID: networkID, call)))
                }
            }
        }
        var order: [String] = []
        for nic in plan.nics {
            switch nic {
            case .port(let id): order.append(id)
            case .network: if let next = made.first(where: { !order.contains($0) }) { order.append(next) }
            }
        }
        return .success(order)
    }

    /// How Nova words a Neutron refusal met while making a server's port.
    private func novaRefusal(fromNeutron reply: SimulatorReply, networkID: String, _ call: ServiceCall) -> SimulatorReply {
        if case .json(let body) = reply.body, let type = body["NeutronError"]?["type"]?.stringValue {
            switch type {
            case "OverQuota": return novaError(403, "Maximum number of ports exceeded", call)
            case "IpAddressGenerationFailure": return novaError(409, "No more IP addresses available on network \(networkID).", call)
            case "IpAddressAlreadyAllocated": return novaError(400, body["NeutronError"]?["message"]?.stringValue ?? "", call)
            default: break
            }
        }
        return novaError(400, "Network \(networkID) requires a subnet in order to boot instances on.", call)
    }

    /// At the end of a build: the server's ports go `ACTIVE` with it, or, after a failed build,
    /// Nova's ports are deleted and the user's unbound.
    mutating func finishServerNetworking(serverID: String, at date: Date) {
        guard let server = servers[serverID], !server.deleted else { return }
        if server.status == "ACTIVE" {
            for id in server.portIDs {
                guard var port = neutron.ports[id], !port.deleted else { continue }
                port.status = "ACTIVE"
                port.bindingHost = server.host
                port.standard.touch(date)
                neutron.ports[id] = port
            }
        } else if server.status == "ERROR" {
            releasePorts(of: serverID, at: date)
            servers[serverID]?.portIDs = []
        }
    }

    /// When a server is deleted: its ports (Nova's are deleted, the user's unbound, floating IPs
    /// disassociated) and its volumes marked `delete_on_termination`.
    mutating func releaseServerResources(_ server: inout ServerRecord, at date: Date) {
        releasePorts(of: server.id, at: date)
        server.portIDs = []
        for attachment in server.attachments where attachment.deleteOnTermination {
            guard var volume = volumes[attachment.volumeID], !volume.deleted else { continue }
            volume.attachments.removeAll { $0.serverID == server.id }
            volume.deleted = true
            volume.transition(to: "deleted", at: date)
            volumes[attachment.volumeID] = volume
        }
    }

    private mutating func releasePorts(of serverID: String, at date: Date) {
        for id in servers[serverID]?.portIDs ?? [] {
            guard let port = neutron.ports[id], !port.deleted else { continue }
            if port.createdByNova {
                removePort(id, now: date)
            } else {
                unbindPort(id, now: date)
            }
        }
    }

    /// The end of an interface detach.
    mutating func finishInterfaceDetach(serverID: String, portID: String, at date: Date) {
        servers[serverID]?.portIDs.removeAll { $0 == portID }
        guard let port = neutron.ports[portID], !port.deleted, port.deviceID == serverID else { return }
        if port.createdByNova {
            removePort(portID, now: date)
        } else {
            unbindPort(portID, now: date)
        }
    }

    /// Nova's `addresses`: per network name, each port's fixed IPs, then the floating IPs
    /// associated with them.
    func serverAddresses(_ server: ServerRecord) -> JSON {
        guard !server.deleted else { return [:] }
        var addresses: [String: [JSON]] = [:]
        for id in server.portIDs {
            guard let port = neutron.ports[id], !port.deleted else { continue }
            let name = neutron.networks[port.networkID]?.name ?? port.networkID
            for fixed in port.fixedIPs {
                addresses[name, default: []].append([
                    "version": 4, "addr": .string(IPv4Block.text(fixed.address)), "OS-EXT-IPS:type": "fixed",
                    "OS-EXT-IPS-MAC:mac_addr": .string(port.macAddress),
                ])
            }
            for floatingIP in neutron.floatingIPs(onPort: id) {
                addresses[name, default: []].append([
                    "version": 4, "addr": .string(IPv4Block.text(floatingIP.address)), "OS-EXT-IPS:type": "floating",
                    "OS-EXT-IPS-MAC:mac_addr": .string(port.macAddress),
                ])
            }
        }
        return .object(addresses.mapValues(JSON.array))
    }

    /// The full server view with its addresses and security groups from Neutron.
    func serverDetail(_ server: ServerRecord, call: ServiceCall, forShow: Bool) -> JSON {
        guard case .object(var body) = NovaServerView.detail(server, call: call, forShow: forShow) else {
            return NovaServerView.detail(server, call: call, forShow: forShow)
        }
        body["addresses"] = serverAddresses(server)
        if !server.deleted && !server.securityGroupNames.isEmpty && (server.networkRequested || !server.portIDs.isEmpty) {
            body["security_groups"] = .array(server.securityGroupNames.map { ["name": .string($0)] })
        }
        return .object(body)
    }
}
