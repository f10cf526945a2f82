import Foundation

extension CloudState {
    /// `POST /volumes`: `creating`, then `available` (or `error`, by `volumeErrorRate`) after
    /// `timings.volumeCreate`.
    mutating func createVolume(_ call: ServiceCall) -> SimulatorReply {
        guard let spec = call.request.json?["volume"]?.objectValue else {
            return cinderError(400, "Missing required element 'volume' in request body.", call)
        }
        guard let size = spec["size"]?.intValue, size > 0 else {
            let given = spec["size"]?.serialized() ?? "None"
            return cinderError(400, "Invalid input received: Volume size '\(given)' must be an integer and greater than 0", call)
        }
        let name = spec["name"]?.stringValue
        if let name, name.count > 255 {
            return cinderError(400, "Invalid input for field/attribute name. Value: \(name). is too long", call)
        }
        var metadata: [String: String] = [:]
        if let given = spec["metadata"], !given.isNull {
            guard let dictionary = given.stringDictionary else {
                return cinderError(400, "Invalid input for field/attribute metadata. Value: \(given.serialized()). metadata values must be strings", call)
            }
            metadata = dictionary
        }
        if let type = spec["volume_type"]?.stringValue,
            ![CinderService.defaultTypeID, "__DEFAULT__", "default"].contains(type)
        {
            return cinderError(404, "Volume type with name \(type) could not be found.", call)
        }
        let zone = spec["availability_zone"]?.stringValue ?? "nova"
        guard zone == "nova" else {
            return cinderError(400, "Invalid input received: Availability zone '\(zone)' is invalid.", call)
        }
        var imageID: String?
        if let reference = spec["imageRef"]?.stringValue {
            guard let image = visibleImage(reference, for: call.principal), image.status == "active" else {
                return cinderError(400, "Invalid input received: Invalid image identifier or unable to access requested image.", call)
            }
            imageID = image.id
        }
        let volume = VolumeRecord(
            id: Self.uuid(),
            name: name,
            description: spec["description"]?.stringValue,
            projectID: call.principal.projectID,
            userID: call.principal.userID,
            size: size,
            status: "creating",
            metadata: metadata,
            volumeType: "__DEFAULT__",
            availabilityZone: zone,
            bootable: imageID != nil,
            multiattach: spec["multiattach"]?.boolValue ?? false,
            imageID: imageID,
            createdAt: call.now,
            updatedAt: nil,
            sequence: nextSequence()
        )
        volumes[volume.id] = volume
        let succeeded = !random.chance(faults.volumeErrorRate)
        schedule(.volumeCreated(volumeID: volume.id, succeeded: succeeded), after: timings.volumeCreate, from: call.now)
        return .json(202, ["volume": CinderVolumeView.detail(volume, call: call, forCreate: true)])
    }

    /// `GET /volumes/{id}`.
    func showVolume(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let volume = visibleVolume(id, for: call.principal) else { return volumeNotFound(id, call) }
        return .json(200, ["volume": CinderVolumeView.detail(volume, call: call)])
    }

    /// `PUT /volumes/{id}`: name, description and metadata.
    mutating func updateVolume(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var volume = visibleVolume(id, for: call.principal) else { return volumeNotFound(id, call) }
        guard let update = call.request.json?["volume"]?.objectValue else {
            return cinderError(400, "Missing required element 'volume' in request body.", call)
        }
        if let name = update["name"] { volume.name = name.stringValue }
        if let description = update["description"] { volume.description = description.stringValue }
        if let metadata = update["metadata"]?.stringDictionary { volume.metadata = metadata }
        volume.updatedAt = call.now
        volumes[id] = volume
        return .json(200, ["volume": CinderVolumeView.detail(volume, call: call)])
    }

    /// `DELETE /volumes/{id}`: 202, `deleting`, gone after `timings.volumeDelete`. Attached or
    /// busy volumes are refused with 400, like Cinder.
    mutating func deleteVolume(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var volume = visibleVolume(id, for: call.principal) else { return volumeNotFound(id, call) }
        let deletable: Set<String> = ["available", "error", "error_restoring", "error_extending", "error_managing"]
        guard deletable.contains(volume.status), volume.attachments.isEmpty else {
            return cinderError(
                400,
                "Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.",
                call)
        }
        volume.transition(to: "deleting", at: call.now)
        volumes[id] = volume
        schedule(.volumeDeleted(volumeID: id), after: timings.volumeDelete, from: call.now)
        return .empty(202)
    }

    /// `GET /volumes/{id}/metadata`.
    func volumeMetadata(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let volume = visibleVolume(id, for: call.principal) else { return volumeNotFound(id, call) }
        return .json(200, ["metadata": JSON(volume.metadata)])
    }

    /// `POST /volumes/{id}/metadata` merges, `PUT` replaces; both answer the resulting metadata.
    mutating func updateVolumeMetadata(_ call: ServiceCall, replace: Bool) -> SimulatorReply {
        let id = call.parameter("id")
        guard var volume = visibleVolume(id, for: call.principal) else { return volumeNotFound(id, call) }
        guard let given = call.request.json?["metadata"]?.stringDictionary else {
            return cinderError(400, "Malformed request body", call)
        }
        volume.metadata = replace ? given : volume.metadata.merging(given) { _, new in new }
        volume.updatedAt = call.now
        volumes[id] = volume
        return .json(200, ["metadata": JSON(volume.metadata)])
    }
}
