extension CloudState {
    /// The server of a tag request, or the reply refusing it (tags need 2.26).
    private func taggedServer(_ call: ServiceCall, editing: Bool) -> Result<ServerRecord, NovaBodyError> {
        guard call.version >= APIVersion(2, 26) else {
            return .failure(NovaBodyError(reply: novaError(404, "The resource could not be found.", call)))
        }
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return .failure(NovaBodyError(reply: serverNotFound(call)))
        }
        if editing && (!NovaTags.editableVMStates.contains(server.vmState) || server.taskState == "deleting") {
            return .failure(NovaBodyError(reply: serverStateConflict("update tags", server, call)))
        }
        return .success(server)
    }

    /// `GET /servers/{id}/tags`.
    func listServerTags(_ call: ServiceCall) -> SimulatorReply {
        switch taggedServer(call, editing: false) {
        case .failure(let error): return error.reply
        case .success(let server): return .json(200, ["tags": JSON(server.tags.sorted())])
        }
    }

    /// `PUT /servers/{id}/tags`: replaces all tags.
    mutating func replaceServerTags(_ call: ServiceCall) -> SimulatorReply {
        var server: ServerRecord
        switch taggedServer(call, editing: true) {
        case .failure(let error): return error.reply
        case .success(let found): server = found
        }
        guard let tags = call.request.json?["tags"]?.stringArray else {
            return novaError(400, "Invalid input for field/attribute tags. 'tags' is a required property", call)
        }
        if let problem = NovaTags.validate(tags) { return novaError(400, problem, call) }
        var unique: [String] = []
        for tag in tags where !unique.contains(tag) { unique.append(tag) }
        server.tags = unique
        server.updatedAt = call.now
        servers[server.id] = server
        return .json(200, ["tags": JSON(unique.sorted())])
    }

    /// `DELETE /servers/{id}/tags`: removes all tags.
    mutating func deleteAllServerTags(_ call: ServiceCall) -> SimulatorReply {
        switch taggedServer(call, editing: true) {
        case .failure(let error): return error.reply
        case .success(var server):
            server.tags = []
            server.updatedAt = call.now
            servers[server.id] = server
            return .empty(204)
        }
    }

    /// `GET /servers/{id}/tags/{tag}`: 204 when present, 404 otherwise.
    func checkServerTag(_ call: ServiceCall) -> SimulatorReply {
        switch taggedServer(call, editing: false) {
        case .failure(let error): return error.reply
        case .success(let server):
            let tag = call.parameter("tag")
            guard server.tags.contains(tag) else {
                return novaError(404, "Tag '\(tag)' could not be found for instance \(server.id).", call)
            }
            return .empty(204)
        }
    }

    /// `PUT /servers/{id}/tags/{tag}`: 201 when added, 204 when already there.
    mutating func addServerTag(_ call: ServiceCall) -> SimulatorReply {
        switch taggedServer(call, editing: true) {
        case .failure(let error): return error.reply
        case .success(var server):
            let tag = call.parameter("tag")
            if let problem = NovaTags.validate(tag) { return novaError(400, problem, call) }
            let location = [("Location", "\(call.request.baseURL)/compute/v2.1/servers/\(server.id)/tags/\(tag)")]
            if server.tags.contains(tag) { return .empty(204, headers: location) }
            guard server.tags.count < NovaTags.maximumCount else {
                return novaError(400, "The number of tags exceeded the per-server limit \(NovaTags.maximumCount)", call)
            }
            server.tags.append(tag)
            server.updatedAt = call.now
            servers[server.id] = server
            return .empty(201, headers: location)
        }
    }

    /// `DELETE /servers/{id}/tags/{tag}`: 204, or 404 when the tag is absent.
    mutating func deleteServerTag(_ call: ServiceCall) -> SimulatorReply {
        switch taggedServer(call, editing: true) {
        case .failure(let error): return error.reply
        case .success(var server):
            let tag = call.parameter("tag")
            guard server.tags.contains(tag) else {
                return novaError(404, "Tag '\(tag)' could not be found for instance \(server.id).", call)
            }
            server.tags.removeAll { $0 == tag }
            server.updatedAt = call.now
            servers[server.id] = server
            return .empty(204)
        }
    }
}
