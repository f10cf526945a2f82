/// Nova, the Compute API v2.1 (`/compute/v2.1`).
enum NovaService: AuthenticatedService {
    /// The lowest microversion.
    static let minimum = APIVersion(2, 1)

    static let routes: [Route<ServiceHandler>] = [
        Route("GET", "servers", { state, call in state.listServers(call, detail: false) }),
        Route("GET", "servers/detail", { state, call in state.listServers(call, detail: true) }),
        Route("POST", "servers", create: .always, { state, call in state.createServer(call) }),
        Route("GET", "servers/{id}", { state, call in state.showServer(call) }),
        Route("PUT", "servers/{id}", { state, call in state.updateServer(call) }),
        Route("DELETE", "servers/{id}", { state, call in state.deleteServer(call) }),
        Route("POST", "servers/{id}/action", create: .imageAction, { state, call in state.serverAction(call) }),
        Route("GET", "servers/{id}/tags", { state, call in state.listServerTags(call) }),
        Route("PUT", "servers/{id}/tags", { state, call in state.replaceServerTags(call) }),
        Route("DELETE", "servers/{id}/tags", { state, call in state.deleteAllServerTags(call) }),
        Route("GET", "servers/{id}/tags/{tag}", { state, call in state.checkServerTag(call) }),
        Route("PUT", "servers/{id}/tags/{tag}", { state, call in state.addServerTag(call) }),
        Route("DELETE", "servers/{id}/tags/{tag}", { state, call in state.deleteServerTag(call) }),
        Route("GET", "servers/{id}/metadata", { state, call in state.listServerMetadata(call) }),
        Route("POST", "servers/{id}/metadata", { state, call in state.updateServerMetadata(call, replace: false) }),
        Route("PUT", "servers/{id}/metadata", { state, call in state.updateServerMetadata(call, replace: true) }),
        Route("GET", "servers/{id}/metadata/{key}", { state, call in state.showServerMetadataItem(call) }),
        Route("PUT", "servers/{id}/metadata/{key}", { state, call in state.setServerMetadataItem(call) }),
        Route("DELETE", "servers/{id}/metadata/{key}", { state, call in state.deleteServerMetadataItem(call) }),
        Route("GET", "servers/{id}/os-volume_attachments", { state, call in state.listVolumeAttachments(call) }),
        Route("POST", "servers/{id}/os-volume_attachments", { state, call in state.attachVolume(call) }),
        Route("GET", "servers/{id}/os-volume_attachments/{volume_id}", { state, call in state.showVolumeAttachment(call) }),
        Route("DELETE", "servers/{id}/os-volume_attachments/{volume_id}", { state, call in state.detachVolume(call) }),
        Route("GET", "servers/{id}/os-interface", { state, call in state.listInterfaces(call) }),
        Route("POST", "servers/{id}/os-interface", { state, call in state.attachInterface(call) }),
        Route("GET", "servers/{id}/os-interface/{port_id}", { state, call in state.showInterface(call) }),
        Route("DELETE", "servers/{id}/os-interface/{port_id}", { state, call in state.detachInterface(call) }),
        Route("GET", "os-keypairs", { state, call in state.listKeyPairs(call) }),
        Route("POST", "os-keypairs", create: .always, { state, call in state.createKeyPair(call) }),
        Route("GET", "os-keypairs/{name}", { state, call in state.showKeyPair(call) }),
        Route("DELETE", "os-keypairs/{name}", { state, call in state.deleteKeyPair(call) }),
        Route("GET", "flavors", { state, call in state.listFlavors(call, detail: false) }),
        Route("GET", "flavors/detail", { state, call in state.listFlavors(call, detail: true) }),
        Route("GET", "flavors/{id}", { state, call in state.showFlavor(call) }),
        Route("GET", "images", { state, call in state.listNovaImages(call, detail: false) }),
        Route("GET", "images/detail", { state, call in state.listNovaImages(call, detail: true) }),
        Route("GET", "images/{id}", { state, call in state.showNovaImage(call) }),
        Route("GET", "os-availability-zone", { state, call in state.listAvailabilityZones(call) }),
    ]

    static var errorStyle: ErrorStyle { .faultWrapper }

    static func negotiate(_ request: APIRequest, state: CloudState) -> NegotiatedVersion {
        NegotiatedVersion.negotiate(
            request, service: "compute", legacyHeader: "x-openstack-nova-api-version", minimum: minimum,
            maximum: state.maxComputeVersion, errorStyle: errorStyle
        ) { decorate($0, version: $1, request: request) }
    }

    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply {
        var decorated = reply
        if let version {
            decorated.headers.append(("OpenStack-API-Version", "compute \(version)"))
            decorated.headers.append(("X-OpenStack-Nova-API-Version", version.description))
            decorated.headers.append(("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version"))
        }
        decorated.headers.append(("X-Compute-Request-Id", request.requestID))
        return decorated
    }
}

extension CloudState {
    /// The highest compute microversion served.
    var maxComputeVersion: APIVersion {
        APIVersion(configuration.maxComputeMicroversion) ?? APIVersion(2, 96)
    }

    /// A Nova-shaped error.
    func novaError(_ status: Int, _ message: String, _ call: ServiceCall) -> SimulatorReply {
        ErrorStyle.faultWrapper.reply(status, message, request: call.request)
    }

    /// Nova's 404 for an unknown (or invisible, or deleted) server.
    func serverNotFound(_ call: ServiceCall) -> SimulatorReply {
        novaError(404, "Instance \(call.parameter("id")) could not be found.", call)
    }

    /// Nova's 409 for an action the server's state does not allow.
    func serverStateConflict(_ action: String, _ server: ServerRecord, _ call: ServiceCall) -> SimulatorReply {
        if let task = server.taskState {
            return novaError(409, "Cannot '\(action)' instance \(server.id) while it is in task_state \(task)", call)
        }
        return novaError(409, "Cannot '\(action)' instance \(server.id) while it is in vm_state \(server.vmState)", call)
    }

    /// The body of a request as a JSON object, or the `Malformed request body` error.
    func novaBody(_ call: ServiceCall) -> Result<[String: JSON], NovaBodyError> {
        guard let object = call.request.json?.objectValue else {
            return .failure(NovaBodyError(reply: novaError(400, "Malformed request body", call)))
        }
        return .success(object)
    }

    /// The `GET /os-availability-zone` answer: the single zone `nova`.
    func listAvailabilityZones(_ call: ServiceCall) -> SimulatorReply {
        .json(200, ["availabilityZoneInfo": [["zoneName": "nova", "zoneState": ["available": true], "hosts": nil]]])
    }
}
