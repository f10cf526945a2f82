import Foundation

extension CloudState {
    /// `GET /servers/{id}/os-volume_attachments`.
    func listVolumeAttachments(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let items = server.attachments.map { Self.attachmentView($0, server: server, version: call.version, listing: true) }
        return .json(200, ["volumeAttachments": .array(items)])
    }

    /// `GET /servers/{id}/os-volume_attachments/{volume_id}`.
    func showVolumeAttachment(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let volumeID = call.parameter("volume_id")
        guard let attachment = server.attachments.first(where: { $0.volumeID == volumeID }) else {
            return novaError(404, "Instance \(server.id) is not attached to volume \(volumeID)", call)
        }
        return .json(200, ["volumeAttachment": Self.attachmentView(attachment, server: server, version: call.version, listing: true)])
    }

    /// `POST /servers/{id}/os-volume_attachments`: the volume goes `attaching`, then `in-use`
    /// after `timings.volumeAttach`.
    mutating func attachVolume(_ call: ServiceCall) -> SimulatorReply {
        guard var server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        guard let request = call.request.json?["volumeAttachment"], let volumeID = request["volumeId"]?.stringValue else {
            return novaError(400, "'volumeAttachment' is a required property", call)
        }
        if request["tag"] != nil && call.version < APIVersion(2, 49) {
            return novaError(
                400, "Invalid input for field/attribute volumeAttachment. Additional properties are not allowed ('tag' was unexpected)",
                call)
        }
        guard var volume = visibleVolume(volumeID, for: call.principal) else {
            return novaError(404, "Volume \(volumeID) could not be found.", call)
        }
        guard server.taskState == nil, ["active", "stopped", "paused", "suspended"].contains(server.vmState) else {
            return serverStateConflict("attach_volume", server, call)
        }
        guard !server.attachments.contains(where: { $0.volumeID == volumeID }) else {
            return novaError(400, "Invalid volume: volume \(volumeID) is already attached to instance \(server.id)", call)
        }
        guard volume.status == "available" else {
            return novaError(
                400,
                "Invalid input received: Invalid volume: Volume \(volumeID) status must be available or downloading to reserve, but the current status is \(volume.status).",
                call)
        }
        let device = request["device"]?.stringValue ?? Self.nextDevice(after: server.attachments.map(\.device))
        let attachment = ServerRecord.Attachment(
            volumeID: volumeID, attachmentID: Self.uuid(), bdmID: Self.uuid(), device: device,
            tag: request["tag"]?.stringValue, deleteOnTermination: request["delete_on_termination"]?.boolValue ?? false)
        server.attachments.append(attachment)
        servers[server.id] = server
        volume.pendingAttachment = VolumeRecord.Attachment(
            serverID: server.id, attachmentID: attachment.attachmentID, device: device, host: server.host,
            attachedAt: call.now)
        volume.transition(to: "attaching", at: call.now)
        volumes[volumeID] = volume
        schedule(.volumeAttached(volumeID: volumeID), after: timings.volumeAttach, from: call.now)
        return .json(
            200, ["volumeAttachment": Self.attachmentView(attachment, server: server, version: call.version, listing: false)])
    }

    /// `DELETE /servers/{id}/os-volume_attachments/{volume_id}`: 202; the volume goes `detaching`,
    /// then `available` after `timings.volumeDetach`.
    mutating func detachVolume(_ call: ServiceCall) -> SimulatorReply {
        guard let server = visibleServer(call.parameter("id"), for: call.principal) else {
            return serverNotFound(call)
        }
        let volumeID = call.parameter("volume_id")
        guard server.attachments.contains(where: { $0.volumeID == volumeID }) else {
            return novaError(404, "Volume \(volumeID) is not attached to instance \(server.id).", call)
        }
        guard server.taskState == nil else {
            return serverStateConflict("detach_volume", server, call)
        }
        guard var volume = volumes[volumeID], !volume.deleted, volume.status == "in-use" else {
            return novaError(
                400,
                "Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.",
                call)
        }
        volume.transition(to: "detaching", at: call.now)
        volumes[volumeID] = volume
        schedule(.volumeDetached(volumeID: volumeID, serverID: server.id), after: timings.volumeDetach, from: call.now)
        return .empty(202)
    }

    /// The first free `/dev/vdX` device after the root disk `vda`.
    static func nextDevice(after used: [String]) -> String {
        for letter in "bcdefghijklmnopqrstuvwxyz" {
            let device = "/dev/vd\(letter)"
            if !used.contains(device) { return device }
        }
        return "/dev/vdz"
    }

    /// An attachment as Nova shows it: listings from 2.89 carry `attachment_id`/`bdm_uuid` instead of `id`.
    static func attachmentView(
        _ attachment: ServerRecord.Attachment, server: ServerRecord, version: APIVersion, listing: Bool
    ) -> JSON {
        var body: [String: JSON] = [
            "serverId": .string(server.id), "volumeId": .string(attachment.volumeID), "device": .string(attachment.device),
        ]
        if !listing || version < APIVersion(2, 89) {
            body["id"] = .string(attachment.volumeID)
        }
        if version >= APIVersion(2, 70) {
            body["tag"] = JSON(attachment.tag)
        }
        if version >= APIVersion(2, 79) {
            body["delete_on_termination"] = .bool(attachment.deleteOnTermination)
        }
        if listing && version >= APIVersion(2, 89) {
            body["attachment_id"] = .string(attachment.attachmentID)
            body["bdm_uuid"] = .string(attachment.bdmID)
        }
        return .object(body)
    }
}
