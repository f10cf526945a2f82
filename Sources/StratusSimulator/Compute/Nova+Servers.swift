import Foundation

extension CloudState {
    /// `GET /servers/{id}`: 404 once deleted or when another project owns it.
    func showServer(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        return .json(200, ["server": serverDetail(server, call: call, forShow: true)])
    }

    /// `PUT /servers/{id}`: renames (and, from 2.19, re-describes) a server.
    mutating func updateServer(_ call: ServiceCall) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        guard let update = call.request.json?["server"]?.objectValue else {
            return novaError(400, "Malformed request body", call)
        }
        if let name = update["name"]?.stringValue {
            server.name = name
        }
        if let description = update["description"], call.version >= APIVersion(2, 19) {
            server.description = description.stringValue
        }
        server.updatedAt = call.now
        servers[server.id] = server
        return .json(200, ["server": serverDetail(server, call: call, forShow: true)])
    }

    /// `DELETE /servers/{id}`: 204, then `task_state: deleting` until `timings.serverDelete` has passed.
    mutating func deleteServer(_ call: ServiceCall) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        if server.locked && !call.principal.isAdmin {
            return novaError(409, "Instance \(server.id) is locked", call)
        }
        guard server.taskState != "deleting" else { return .empty(204) }
        server.setTask("deleting", at: call.now)
        servers[server.id] = server
        schedule(.serverDeleted(serverID: server.id), after: timings.serverDelete, from: call.now)
        return .empty(204)
    }
}
