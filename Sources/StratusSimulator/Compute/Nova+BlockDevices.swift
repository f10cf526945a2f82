import Foundation

/// The volumes of a server create's `block_device_mapping_v2`.
struct BootVolumePlan: Sendable {
    /// One volume to attach: made from an image or blank (`size`), or an existing one.
    struct Volume: Sendable {
        var existingID: String?
        var imageID: String?
        var size: Int
        var bootIndex: Int?
        var deleteOnTermination: Bool
    }

    var volumes: [Volume] = []
    /// The image of the boot disk when it is a local disk (`source_type: image`, `destination_type: local`).
    var localBootImageID: String?

    /// Whether the server boots from a volume (so `imageRef` may be empty).
    var bootsFromVolume: Bool { volumes.contains { $0.bootIndex == 0 } }
}

extension CloudState {
    /// Reads `block_device_mapping_v2` like Nova: image → volume needs `volume_size`, an existing
    /// volume must be `available`, `boot_index` 0 is the root disk.
    func bootVolumePlan(_ given: JSON?, _ call: ServiceCall) -> Result<BootVolumePlan, NovaBodyError> {
        func refuse(_ message: String) -> Result<BootVolumePlan, NovaBodyError> {
            .failure(NovaBodyError(reply: novaError(400, message, call)))
        }
        var plan = BootVolumePlan()
        guard let entries = given?.arrayValue else { return .success(plan) }
        for entry in entries {
            let source = entry["source_type"]?.stringValue ?? "blank"
            let destination = entry["destination_type"]?.stringValue ?? "volume"
            let bootIndex = entry["boot_index"]?.intValue
            let size = entry["volume_size"]?.intValue
            let deleteOnTermination = entry["delete_on_termination"]?.boolValue ?? false
            let uuid = entry["uuid"]?.stringValue
            switch (source, destination) {
            case ("image", "local"):
                plan.localBootImageID = uuid
            case ("image", "volume"):
                guard let uuid, let image = visibleImage(uuid, for: call.principal), image.status == "active" else {
                    return refuse("Image \(uuid ?? "None") could not be found.")
                }
                guard let size, size > 0 else {
                    return refuse("Images with destination_type 'volume' need to have a non-zero size specified")
                }
                plan.volumes.append(.init(imageID: image.id, size: size, bootIndex: bootIndex, deleteOnTermination: deleteOnTermination))
            case ("volume", "volume"):
                guard let uuid, let volume = visibleVolume(uuid, for: call.principal) else {
                    return refuse("Block Device Mapping is Invalid: failed to get volume \(uuid ?? "None").")
                }
                guard volume.status == "available" else {
                    return refuse("Invalid volume: volume '\(uuid)' status must be 'available'. Currently in '\(volume.status)'")
                }
                plan.volumes.append(
                    .init(existingID: uuid, size: volume.size, bootIndex: bootIndex, deleteOnTermination: deleteOnTermination))
            case ("blank", "volume"):
                guard let size, size > 0 else {
                    return refuse("Blank volumes (source: 'blank', dest: 'volume') need to have non-zero size")
                }
                plan.volumes.append(.init(size: size, bootIndex: bootIndex, deleteOnTermination: deleteOnTermination))
            default:
                return refuse("Block Device Mapping is Invalid: Unrecognized source or destination type \(source)/\(destination).")
            }
        }
        return .success(plan)
    }

    /// Makes and attaches the planned volumes (`in-use` at once, the root disk on `/dev/vda`).
    mutating func attachBootVolumes(_ plan: BootVolumePlan, to server: inout ServerRecord, _ call: ServiceCall) {
        var used: [String] = []
        for planned in plan.volumes.sorted(by: { ($0.bootIndex ?? 99) < ($1.bootIndex ?? 99) }) {
            let device = planned.bootIndex == 0 ? "/dev/vda" : Self.nextDevice(after: used + ["/dev/vda"])
            used.append(device)
            let attachmentID = Self.uuid()
            let cinderAttachment = VolumeRecord.Attachment(
                serverID: server.id, attachmentID: attachmentID, device: device, host: server.host, attachedAt: call.now)
            let volumeID: String
            if let existing = planned.existingID, var volume = volumes[existing] {
                volume.attachments.append(cinderAttachment)
                volume.transition(to: "in-use", at: call.now)
                volumes[existing] = volume
                volumeID = existing
            } else {
                let volume = VolumeRecord(
                    id: Self.uuid(), name: "", description: nil, projectID: server.projectID, userID: server.userID,
                    size: planned.size, status: "in-use", metadata: [:], volumeType: "__DEFAULT__",
                    availabilityZone: "nova", bootable: planned.imageID != nil, multiattach: false,
                    imageID: planned.imageID, createdAt: call.now, updatedAt: call.now,
                    attachments: [cinderAttachment], sequence: nextSequence())
                volumes[volume.id] = volume
                volumeID = volume.id
            }
            server.attachments.append(
                ServerRecord.Attachment(
                    volumeID: volumeID, attachmentID: attachmentID, bdmID: Self.uuid(), device: device, tag: nil,
                    deleteOnTermination: planned.deleteOnTermination))
        }
    }

    /// Nova's checks of `user_data`: base64, at most 65535 bytes once encoded.
    func userDataProblem(_ given: JSON?, _ call: ServiceCall) -> SimulatorReply? {
        guard let given, !given.isNull else { return nil }
        guard let text = given.stringValue else {
            return novaError(400, "Invalid input for field/attribute user_data. Value: \(given.serialized()). \(given.serialized()) is not of type 'string'", call)
        }
        if text.utf8.count > 65535 {
            return novaError(
                400,
                "Invalid input for field/attribute user_data. Value: \(text.prefix(32))... is too long", call)
        }
        guard Data(base64Encoded: text, options: [.ignoreUnknownCharacters]) != nil,
            text.allSatisfy({ $0.isLetter && $0.isASCII || $0.isNumber || "+/=\n\r".contains($0) })
        else {
            return novaError(400, "Invalid input for field/attribute user_data. Value: \(text). '\(text)' is not a 'base64'", call)
        }
        return nil
    }
}
