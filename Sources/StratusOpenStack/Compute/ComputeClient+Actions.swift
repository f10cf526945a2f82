import Foundation

extension ComputeClient {
    /// Live migration's block-migration choice.
    public enum BlockMigration: String, Sendable {
        /// Let Nova decide (2.25+).
        case auto
        /// Copy disks.
        case yes = "true"
        /// Shared storage.
        case no = "false"
    }

    /// `createImage`: snapshots the server into a new image and returns the image id (from the body
    /// at 2.45+, from the `Location` header before).
    public func createImage(serverID: String, name: String, metadata: [String: String] = [:]) async throws -> String {
        var action: [String: JSONValue] = ["name": .string(name)]
        if !metadata.isEmpty { action["metadata"] = .object(metadata.mapValues { .string($0) }) }
        return try await imageAction(serverID: serverID, body: ["createImage": .object(action)])
    }

    /// `createBackup`: a snapshot kept in a rotation of `rotation` backups of `type` (`daily`,
    /// `weekly`); returns the image id when Nova reports one.
    public func createBackup(serverID: String, name: String, type: String = "daily", rotation: Int = 1,
                             metadata: [String: String] = [:]) async throws -> String {
        var action: [String: JSONValue] = ["name": .string(name), "backup_type": .string(type),
                                           "rotation": .number(Double(rotation))]
        if !metadata.isEmpty { action["metadata"] = .object(metadata.mapValues { .string($0) }) }
        return try await imageAction(serverID: serverID, body: ["createBackup": .object(action)])
    }

    private func imageAction(serverID: String, body: [String: JSONValue]) async throws -> String {
        let route = "POST /servers/\(serverID)/action"
        let response = try await requester.send(try ServiceRequest(.compute, .POST, "/servers/\(serverID)/action",
                                                                    json: JSONValue.object(body)))
        struct Envelope: Decodable { var image_id: String }
        if response.body.readableBytes > 0,
           let envelope = try? requester.decode(Envelope.self, from: response, service: "compute", route: route) {
            return envelope.image_id
        }
        if let location = response.headers.first(name: "Location"), let id = location.split(separator: "/").last {
            return String(id)
        }
        throw OpenStackError(code: .decoding, message: "Nova accepted the image action but reported no image id",
                             status: response.status, requestID: response.requestID, service: "compute", route: route)
    }

    /// `migrate` (cold): the server goes RESIZE, then VERIFY_RESIZE; confirm with ``confirmResize(serverID:)``.
    /// `host` needs microversion 2.56.
    public func migrate(serverID: String, host: String? = nil) async throws {
        var action: JSONValue = .null
        if let host {
            guard try await microversion() >= .computeMigrateHost else {
                throw OpenStackError(code: .unsupported, message: "migrating to a named host needs compute microversion 2.56",
                                     service: "compute")
            }
            action = .object(["host": .string(host)])
        }
        try await serverAction(serverID: serverID, body: ["migrate": action])
    }

    /// `os-migrateLive`: moves a running server; `host` nil lets the scheduler choose.
    public func liveMigrate(serverID: String, host: String? = nil, blockMigration: BlockMigration = .auto) async throws {
        let version = try await microversion()
        var action: [String: JSONValue] = ["host": host.map { .string($0) } ?? .null]
        if version >= "2.25" {
            action["block_migration"] = blockMigration == .auto ? .string("auto") : .bool(blockMigration == .yes)
        } else {
            action["block_migration"] = .bool(blockMigration == .yes)
            action["disk_over_commit"] = .bool(false)
        }
        try await serverAction(serverID: serverID, body: ["os-migrateLive": .object(action)])
    }

    /// `confirmResize`: ends a migration or resize in VERIFY_RESIZE.
    public func confirmResize(serverID: String) async throws {
        try await serverAction(serverID: serverID, body: ["confirmResize": .null])
    }

    /// Sends any `POST /servers/{id}/action` body (for actions without a typed method).
    public func serverAction(serverID: String, body: [String: JSONValue]) async throws {
        _ = try await requester.send(try ServiceRequest(.compute, .POST, "/servers/\(serverID)/action",
                                                        json: JSONValue.object(body)))
    }

    // MARK: Volume attachments

    /// `GET /servers/{id}/os-volume_attachments`.
    public func volumeAttachments(serverID: String) async throws -> [ServerVolumeAttachment] {
        struct Envelope: Decodable { var volumeAttachments: [ServerVolumeAttachment] }
        return try await requester.send(ServiceRequest(.compute, .GET, "/servers/\(serverID)/os-volume_attachments"),
                                        decode: Envelope.self).volumeAttachments
    }

    /// `POST /servers/{id}/os-volume_attachments`: attaches a volume (the volume goes `attaching`,
    /// then `in-use`).
    public func attachVolume(serverID: String, volumeID: String, device: String? = nil) async throws -> ServerVolumeAttachment {
        var attachment: [String: JSONValue] = ["volumeId": .string(volumeID)]
        if let device { attachment["device"] = .string(device) }
        struct Envelope: Decodable { var volumeAttachment: ServerVolumeAttachment }
        return try await requester.send(
            try ServiceRequest(.compute, .POST, "/servers/\(serverID)/os-volume_attachments",
                               json: JSONValue.object(["volumeAttachment": .object(attachment)])),
            decode: Envelope.self).volumeAttachment
    }

    /// `DELETE /servers/{id}/os-volume_attachments/{volume}`: detaches (the volume goes `detaching`,
    /// then `available`).
    public func detachVolume(serverID: String, volumeID: String) async throws {
        _ = try await requester.send(ServiceRequest(.compute, .DELETE, "/servers/\(serverID)/os-volume_attachments/\(volumeID)"))
    }
}
