/// Cinder, the Block Storage API v3 (`/volume/v3/{project_id}`, also without the project id).
enum CinderService: AuthenticatedService {
    /// The lowest microversion.
    static let minimum = APIVersion(3, 0)
    /// The highest microversion.
    static let maximum = APIVersion(3, 71)
    /// The id and name of the only volume type.
    static let defaultTypeID = StableID.make("volume-type", "__DEFAULT__")

    static let routes: [Route<ServiceHandler>] = [
        Route("GET", "volumes", { state, call in state.listVolumes(call, detail: false) }),
        Route("GET", "volumes/detail", { state, call in state.listVolumes(call, detail: true) }),
        Route("POST", "volumes", create: .always, { state, call in state.createVolume(call) }),
        Route("GET", "volumes/{id}", { state, call in state.showVolume(call) }),
        Route("PUT", "volumes/{id}", { state, call in state.updateVolume(call) }),
        Route("DELETE", "volumes/{id}", { state, call in state.deleteVolume(call) }),
        Route("GET", "volumes/{id}/metadata", { state, call in state.volumeMetadata(call) }),
        Route("POST", "volumes/{id}/metadata", { state, call in state.updateVolumeMetadata(call, replace: false) }),
        Route("PUT", "volumes/{id}/metadata", { state, call in state.updateVolumeMetadata(call, replace: true) }),
        Route("GET", "types", { state, call in state.listVolumeTypes(call) }),
        Route("GET", "types/{id}", { state, call in state.showVolumeType(call) }),
        Route("GET", "os-availability-zone", { state, call in state.listAvailabilityZones(call) }),
    ]

    static var errorStyle: ErrorStyle { .faultWrapper }

    static func negotiate(_ request: APIRequest, state: CloudState) -> NegotiatedVersion {
        NegotiatedVersion.negotiate(
            request, service: "volume", legacyHeader: nil, minimum: minimum, maximum: maximum, errorStyle: errorStyle
        ) { decorate($0, version: $1, request: request) }
    }

    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply {
        var decorated = reply
        decorated.headers.append(("OpenStack-API-Version", "volume \(version ?? minimum)"))
        decorated.headers.append(("Vary", "OpenStack-API-Version"))
        decorated.headers.append(("X-Compute-Request-Id", request.requestID))
        return decorated
    }

    /// Whether a path component after `/volume/v3/` is a project id (32 hex digits, as Keystone makes them).
    static func looksLikeProjectID(_ component: String) -> Bool {
        component.count == 32 && component.allSatisfy(\.isHexDigit)
    }
}

extension CloudState {
    /// A Cinder-shaped error.
    func cinderError(_ status: Int, _ message: String, _ call: ServiceCall) -> SimulatorReply {
        ErrorStyle.faultWrapper.reply(status, message, request: call.request)
    }

    /// Cinder's 404 for an unknown (or invisible, or deleted) volume.
    func volumeNotFound(_ id: String, _ call: ServiceCall) -> SimulatorReply {
        cinderError(404, "Volume \(id) could not be found.", call)
    }

    /// `GET /types`: the single default type.
    func listVolumeTypes(_ call: ServiceCall) -> SimulatorReply {
        .json(200, ["volume_types": [Self.volumeTypeView]])
    }

    /// `GET /types/{id}` (by id or name).
    func showVolumeType(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard id == CinderService.defaultTypeID || id == "__DEFAULT__" || id == "default" else {
            return cinderError(404, "Volume type \(id) could not be found.", call)
        }
        return .json(200, ["volume_type": Self.volumeTypeView])
    }

    private static var volumeTypeView: JSON {
        [
            "id": .string(CinderService.defaultTypeID), "name": "__DEFAULT__", "description": "Default Volume Type",
            "is_public": true, "os-volume-type-access:is_public": true, "extra_specs": [:], "qos_specs_id": nil,
        ]
    }
}
