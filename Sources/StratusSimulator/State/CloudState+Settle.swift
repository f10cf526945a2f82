import Foundation

extension CloudState {
    /// Applies, in time order, every scheduled change that is due at `now`.
    mutating func settle(now: Date) {
        while let (event, due) = events.popDue(at: now) {
            apply(event, at: due)
        }
    }

    private mutating func apply(_ event: SimulationEvent, at date: Date) {
        switch event {
        case .serverBuilt(let id, let succeeded):
            finishBuild(serverID: id, succeeded: succeeded, at: date)
        case .serverDeleted(let id):
            finishDelete(serverID: id, at: date)
        case .serverPowerSettled(let id):
            finishPowerAction(serverID: id, at: date)
        case .serverMigrated(let id, let host):
            updateServer(id) { server in
                guard server.status == "RESIZE" else { return }
                server.previousHost = server.host
                server.host = host
                server.transition(
                    status: "VERIFY_RESIZE", vmState: "resized", taskState: nil, powerState: server.powerState, at: date)
            }
        case .serverLiveMigrated(let id, let host):
            updateServer(id) { server in
                guard server.status == "MIGRATING" else { return }
                server.host = host
                server.transition(
                    status: "ACTIVE", vmState: "active", taskState: nil, powerState: PowerState.running, at: date)
            }
        case .serverResizeReverted(let id):
            updateServer(id) { server in
                guard server.status == "REVERT_RESIZE" else { return }
                server.host = server.previousHost ?? server.host
                server.flavor = server.previousFlavor ?? server.flavor
                server.previousHost = nil
                server.previousFlavor = nil
                server.transition(
                    status: "ACTIVE", vmState: "active", taskState: nil, powerState: PowerState.running, at: date)
            }
        case .imageSaving(let imageID, let serverID):
            if images[imageID]?.status == "queued" {
                images[imageID]?.transition(to: "saving", at: date)
            }
            updateServer(serverID) { server in
                if server.taskState == "image_snapshot" { server.setTask("image_uploading", at: date) }
            }
        case .imageSaved(let imageID, let serverID, let rotation):
            finishImageSave(imageID: imageID, serverID: serverID, rotation: rotation, at: date)
        case .volumeCreated(let id, let succeeded):
            guard volumes[id]?.status == "creating" else { return }
            volumes[id]?.transition(to: succeeded ? "available" : "error", at: date)
        case .volumeDeleted(let id):
            guard volumes[id]?.status == "deleting" else { return }
            volumes[id]?.deleted = true
            volumes[id]?.updatedAt = date
        case .volumeAttached(let id):
            guard var volume = volumes[id], volume.status == "attaching" else { return }
            if let attachment = volume.pendingAttachment {
                volume.attachments.append(attachment)
            }
            volume.pendingAttachment = nil
            volume.transition(to: "in-use", at: date)
            volumes[id] = volume
        case .volumeDetached(let volumeID, let serverID):
            if var volume = volumes[volumeID], volume.status == "detaching" {
                volume.attachments.removeAll { $0.serverID == serverID }
                volume.transition(to: volume.attachments.isEmpty ? "available" : "in-use", at: date)
                volumes[volumeID] = volume
            }
            updateServer(serverID) { server in
                server.attachments.removeAll { $0.volumeID == volumeID }
            }
        case .portActivated(let id, let token):
            guard var port = neutron.ports[id], !port.deleted, port.activationToken == token,
                !port.deviceOwner.isEmpty
            else { return }
            port.status = "ACTIVE"
            port.standard.touch(date)
            neutron.ports[id] = port
        case .floatingIPSettled(let id, let token, let status):
            guard var floatingIP = neutron.floatingIPs[id], !floatingIP.deleted, floatingIP.settleToken == token else { return }
            floatingIP.status = status
            floatingIP.standard.touch(date)
            neutron.floatingIPs[id] = floatingIP
        case .interfaceDetached(let serverID, let portID):
            finishInterfaceDetach(serverID: serverID, portID: portID, at: date)
        }
    }

    /// Runs `change` on the server `id` if it exists and is not deleted.
    private mutating func updateServer(_ id: String, _ change: (inout ServerRecord) -> Void) {
        guard var server = servers[id], !server.deleted else { return }
        change(&server)
        servers[id] = server
    }

    private mutating func finishBuild(serverID: String, succeeded: Bool, at date: Date) {
        let message = faults.buildErrorMessage
        updateServer(serverID) { server in
            guard server.status == "BUILD", server.taskState != "deleting" else { return }
            if succeeded {
                server.launchedAt = date
                server.transition(
                    status: "ACTIVE", vmState: "active", taskState: nil, powerState: PowerState.running, at: date)
            } else {
                server.host = nil
                server.fault = ServerRecord.Fault(
                    code: 500, message: message,
                    details: "Traceback (most recent call last):\n  nova.exception.NoValidHost: \(message)\n",
                    created: date
                )
                server.transition(
                    status: "ERROR", vmState: "error", taskState: nil, powerState: PowerState.noState, at: date)
            }
        }
        finishServerNetworking(serverID: serverID, at: date)
    }

    private mutating func finishDelete(serverID: String, at date: Date) {
        guard var server = servers[serverID], !server.deleted else { return }
        releaseServerResources(&server, at: date)
        for attachment in server.attachments {
            guard var volume = volumes[attachment.volumeID], !volume.deleted else { continue }
            volume.attachments.removeAll { $0.serverID == serverID }
            if volume.pendingAttachment?.serverID == serverID { volume.pendingAttachment = nil }
            if ["in-use", "attaching", "detaching"].contains(volume.status) {
                volume.transition(to: volume.attachments.isEmpty ? "available" : "in-use", at: date)
            }
            volumes[attachment.volumeID] = volume
        }
        server.attachments = []
        server.deleted = true
        server.terminatedAt = date
        server.transition(status: "DELETED", vmState: "deleted", taskState: nil, powerState: PowerState.noState, at: date)
        servers[serverID] = server
    }

    private mutating func finishPowerAction(serverID: String, at date: Date) {
        updateServer(serverID) { server in
            switch (server.status, server.taskState) {
            case ("REBOOT", _), ("HARD_REBOOT", _), (_, "powering-on"):
                server.transition(
                    status: "ACTIVE", vmState: "active", taskState: nil, powerState: PowerState.running, at: date)
            case (_, "powering-off"):
                server.transition(
                    status: "SHUTOFF", vmState: "stopped", taskState: nil, powerState: PowerState.shutdown, at: date)
            default:
                break
            }
        }
    }

    private mutating func finishImageSave(imageID: String, serverID: String, rotation: Int?, at date: Date) {
        if var image = images[imageID], !image.deleted, ["queued", "saving"].contains(image.status) {
            let server = servers[serverID]
            image.size = (server?.flavor.disk ?? 1) * 1_048_576
            image.virtualSize = (server?.flavor.disk ?? 1) * 1_073_741_824
            image.checksum = MD5.hex(Array(imageID.utf8))
            image.transition(to: "active", at: date)
            images[imageID] = image
            if let rotation {
                rotateBackups(of: image, keep: rotation, at: date)
            }
        }
        updateServer(serverID) { server in
            if server.taskState == "image_uploading" || server.taskState == "image_snapshot" {
                server.setTask(nil, at: date)
            }
        }
    }

    /// Deletes the oldest backups of the same server and backup type beyond `keep` (Nova's rotation).
    private mutating func rotateBackups(of image: ImageRecord, keep: Int, at date: Date) {
        let backups = images.values.filter { candidate in
            !candidate.deleted && candidate.properties["image_type"] == "backup"
                && candidate.properties["instance_uuid"] == image.properties["instance_uuid"]
                && candidate.properties["backup_type"] == image.properties["backup_type"]
        }.sorted { ($0.createdAt, $0.sequence) > ($1.createdAt, $1.sequence) }
        for stale in backups.dropFirst(max(0, keep)) {
            images[stale.id]?.deleted = true
            images[stale.id]?.transition(to: "deleted", at: date)
        }
    }
}
