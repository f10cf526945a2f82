extension CloudState {
    /// `GET /servers/{id}/metadata`.
    func listServerMetadata(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        return .json(200, ["metadata": JSON(server.metadata)])
    }

    /// `POST /servers/{id}/metadata` merges; `PUT` replaces. Both answer the full metadata.
    mutating func updateServerMetadata(_ call: ServiceCall, replace: Bool) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        guard let given = call.request.json?["metadata"]?.stringDictionary else {
            return novaError(400, "Malformed request body. metadata must be an object of strings", call)
        }
        if replace {
            server.metadata = given
        } else {
            server.metadata.merge(given) { _, new in new }
        }
        server.updatedAt = call.now
        servers[server.id] = server
        return .json(200, ["metadata": JSON(server.metadata)])
    }

    /// `GET /servers/{id}/metadata/{key}`.
    func showServerMetadataItem(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let key = call.parameter("key")
        guard let value = server.metadata[key] else {
            return novaError(404, "Metadata item was not found", call)
        }
        return .json(200, ["meta": [key: .string(value)]])
    }

    /// `PUT /servers/{id}/metadata/{key}` with `{"meta": {key: value}}`.
    mutating func setServerMetadataItem(_ call: ServiceCall) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let key = call.parameter("key")
        guard let meta = call.request.json?["meta"]?.stringDictionary, meta.count == 1, let value = meta[key] else {
            return novaError(400, "Request body and URI mismatch", call)
        }
        server.metadata[key] = value
        server.updatedAt = call.now
        servers[server.id] = server
        return .json(200, ["meta": [key: .string(value)]])
    }

    /// `DELETE /servers/{id}/metadata/{key}`.
    mutating func deleteServerMetadataItem(_ call: ServiceCall) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let key = call.parameter("key")
        guard server.metadata.removeValue(forKey: key) != nil else {
            return novaError(404, "Metadata item was not found", call)
        }
        server.updatedAt = call.now
        servers[server.id] = server
        return .empty(204)
    }
}
