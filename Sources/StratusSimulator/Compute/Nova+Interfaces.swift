import Foundation

extension CloudState {
    /// One `interfaceAttachment` as Nova shows it.
    private func interfaceView(_ port: PortRecord, version: APIVersion) -> JSON {
        var body: [String: JSON] = [
            "port_id": .string(port.id), "net_id": .string(port.networkID), "mac_addr": .string(port.macAddress),
            "port_state": .string(port.status),
            "fixed_ips": .array(
                port.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string(IPv4Block.text($0.address))] }),
        ]
        if version >= APIVersion(2, 70) { body["tag"] = nil }
        return .object(body)
    }

    /// `GET /servers/{id}/os-interface`.
    func listInterfaces(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else { return serverNotFound(call) }
        let ports = server.portIDs.compactMap { neutron.ports[$0] }.filter { !$0.deleted }
        return .json(200, ["interfaceAttachments": .array(ports.map { interfaceView($0, version: call.version) })])
    }

    /// `GET /servers/{id}/os-interface/{port_id}`.
    func showInterface(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else { return serverNotFound(call) }
        let portID = call.parameter("port_id")
        guard server.portIDs.contains(portID), let port = neutron.ports[portID], !port.deleted else {
            return novaError(404, "Port \(portID) is not attached", call)
        }
        return .json(200, ["interfaceAttachment": interfaceView(port, version: call.version)])
    }

    /// `POST /servers/{id}/os-interface` with `net_id` (Nova makes a port) or `port_id` (an unbound
    /// port): 200 with the attachment; the port becomes `ACTIVE` after `timings.portActivate`.
    mutating func attachInterface(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else { return serverNotFound(call) }
        let request = call.request.json?["interfaceAttachment"]?.objectValue ?? [:]
        guard server.taskState == nil, ["active", "stopped", "paused", "suspended"].contains(server.vmState) else {
            return serverStateConflict("attach_interface", server, call)
        }
        let netID = request["net_id"]?.stringValue
        let portID = request["port_id"]?.stringValue
        if netID != nil && portID != nil {
            return novaError(400, "Must not input both network_id and port_id", call)
        }
        let attachedID: String
        if let portID {
            guard let port = visiblePort(portID, for: call.principal) else {
                return novaError(404, "Port \(portID) could not be found.", call)
            }
            guard !port.isBound else { return novaError(409, "Port \(portID) is still in use.", call) }
            attachedID = portID
        } else {
            let networkID = netID ?? NeutronState.privateNetworkID
            guard visibleNetwork(networkID, for: call.principal) != nil else {
                return novaError(404, "Network \(networkID) could not be found.", call)
            }
            var spec = PortSpec(networkID: networkID, projectID: server.projectID)
            spec.createdByNova = true
            spec.deviceID = server.id
            spec.deviceOwner = "compute:nova"
            if let fixed = request["fixed_ips"]?.arrayValue?.first?["ip_address"]?.stringValue {
                spec.fixedIPs = [(nil, fixed)]
            }
            switch makePort(spec, call.principal, now: call.now) {
            case .success(let port): attachedID = port.id
            case .failure(let error):
                if case .json(let body) = error.reply.body, body["NeutronError"]?["type"]?.stringValue == "OverQuota" {
                    return novaError(403, "Maximum number of ports exceeded", call)
                }
                return novaError(400, "Failed to allocate the network(s), not rescheduling.", call)
            }
        }
        bindPort(attachedID, deviceID: server.id, deviceOwner: "compute:nova", now: call.now)
        servers[server.id]?.portIDs.append(attachedID)
        guard let port = neutron.ports[attachedID] else { return novaError(500, "The port vanished.", call) }
        return .json(200, ["interfaceAttachment": interfaceView(port, version: call.version)])
    }

    /// `DELETE /servers/{id}/os-interface/{port_id}`: 202; after `timings.portActivate` Nova's own
    /// port is deleted and a user's port unbound.
    mutating func detachInterface(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else { return serverNotFound(call) }
        let portID = call.parameter("port_id")
        guard server.portIDs.contains(portID), let port = neutron.ports[portID], !port.deleted else {
            return novaError(404, "Port \(portID) is not attached", call)
        }
        guard server.taskState == nil else { return serverStateConflict("detach_interface", server, call) }
        schedule(.interfaceDetached(serverID: server.id, portID: portID), after: timings.portActivate, from: call.now)
        return .empty(202)
    }
}
