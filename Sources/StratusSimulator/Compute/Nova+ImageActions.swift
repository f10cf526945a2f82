extension CloudState {
    /// The `createImage` action: a private Glance snapshot, queued → saving → active.
    mutating func createImage(from server: ServerRecord, _ argument: JSON, _ call: ServiceCall) -> SimulatorReply {
        guard let name = argument["name"]?.stringValue else {
            return novaError(400, "Invalid input for field/attribute createImage. Value: \(argument.serialized()). 'name' is a required property", call)
        }
        guard let metadata = argument["metadata"].map({ $0.stringDictionary }) ?? [:] else {
            return novaError(400, "Invalid input for field/attribute metadata. metadata values must be strings", call)
        }
        return snapshot(server, name: name, properties: metadata.merging(["image_type": "snapshot"]) { _, new in new },
            action: "createImage", rotation: nil, call)
    }

    /// The `createBackup` action: like `createImage`, plus rotation of older backups of the same type.
    mutating func createBackup(from server: ServerRecord, _ argument: JSON, _ call: ServiceCall) -> SimulatorReply {
        guard let name = argument["name"]?.stringValue, let backupType = argument["backup_type"]?.stringValue,
            let rotation = argument["rotation"]?.intValue
        else {
            return novaError(400, "Invalid input for field/attribute createBackup. Value: \(argument.serialized()). 'name', 'backup_type' and 'rotation' are required properties", call)
        }
        guard rotation >= 0 else {
            return novaError(400, "Invalid input for field/attribute rotation. Value: \(rotation). \(rotation) is less than the minimum of 0", call)
        }
        guard let metadata = argument["metadata"].map({ $0.stringDictionary }) ?? [:] else {
            return novaError(400, "Invalid input for field/attribute metadata. metadata values must be strings", call)
        }
        var properties = metadata
        properties["image_type"] = "backup"
        properties["backup_type"] = backupType
        return snapshot(server, name: name, properties: properties, action: "createBackup", rotation: rotation, call)
    }

    private mutating func snapshot(
        _ server: ServerRecord, name: String, properties: [String: String], action: String, rotation: Int?,
        _ call: ServiceCall
    ) -> SimulatorReply {
        guard server.taskState == nil, ["active", "stopped", "paused", "suspended"].contains(server.vmState) else {
            return serverStateConflict(action, server, call)
        }
        var allProperties = properties
        allProperties["instance_uuid"] = server.id
        allProperties["base_image_ref"] = server.imageID
        allProperties["user_id"] = call.principal.userID
        allProperties["owner_id"] = server.projectID
        allProperties["image_location"] = "snapshot"
        allProperties["image_state"] = "available"
        let image = ImageRecord(
            id: Self.uuid(), name: name, status: "queued", visibility: "private", ownerID: server.projectID,
            tags: [], properties: allProperties, containerFormat: "bare", diskFormat: "qcow2", size: nil,
            virtualSize: nil, checksum: nil, minDisk: server.flavor.disk, minRAM: images[server.imageID]?.minRAM ?? 0,
            protected: false, hidden: false, createdAt: call.now, updatedAt: call.now, data: nil,
            sequence: nextSequence()
        )
        images[image.id] = image
        servers[server.id]?.setTask("image_snapshot", at: call.now)
        schedule(.imageSaving(imageID: image.id, serverID: server.id), after: timings.imageSave / 4, from: call.now)
        schedule(
            .imageSaved(imageID: image.id, serverID: server.id, backupRotation: rotation), after: timings.imageSave,
            from: call.now)
        if call.version >= APIVersion(2, 45) {
            return .json(202, ["image_id": .string(image.id)])
        }
        return .empty(202, headers: [("Location", "\(call.request.baseURL)/image/v2/images/\(image.id)")])
    }
}
