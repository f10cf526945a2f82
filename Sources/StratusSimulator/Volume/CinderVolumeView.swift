/// How Cinder renders volumes, per microversion and caller.
enum CinderVolumeView {
    /// `self` and `bookmark` links of a volume.
    static func links(_ volume: VolumeRecord, baseURL: String) -> JSON {
        [
            ["rel": "self", "href": .string("\(baseURL)/volume/v3/\(volume.projectID)/volumes/\(volume.id)")],
            ["rel": "bookmark", "href": .string("\(baseURL)/volume/\(volume.projectID)/volumes/\(volume.id)")],
        ]
    }

    /// `{id, name, links}` as in `GET /volumes`.
    static func summary(_ volume: VolumeRecord, baseURL: String) -> JSON {
        ["id": .string(volume.id), "name": JSON(volume.name), "links": links(volume, baseURL: baseURL)]
    }

    /// The full volume as in `GET /volumes/{id}` and `GET /volumes/detail`; the `POST /volumes`
    /// answer (`forCreate`) lacks the tenant attribute, like Cinder's.
    static func detail(_ volume: VolumeRecord, call: ServiceCall, forCreate: Bool = false) -> JSON {
        let version = call.version
        var body: [String: JSON] = [
            "id": .string(volume.id),
            "status": .string(volume.status),
            "size": .int(volume.size),
            "availability_zone": .string(volume.availabilityZone),
            "created_at": .string(Timestamp.microseconds(volume.createdAt)),
            "updated_at": JSON(volume.updatedAt.map(Timestamp.microseconds)),
            "name": JSON(volume.name),
            "description": JSON(volume.description),
            "volume_type": .string(volume.volumeType),
            "snapshot_id": nil,
            "source_volid": nil,
            "metadata": JSON(volume.metadata),
            "links": links(volume, baseURL: call.request.baseURL),
            "user_id": .string(volume.userID),
            "bootable": .string(volume.bootable ? "true" : "false"),
            "encrypted": false,
            "replication_status": nil,
            "consistencygroup_id": nil,
            "multiattach": .bool(volume.multiattach),
            "attachments": .array(volume.attachments.map { attachment($0, volumeID: volume.id) }),
        ]
        if !forCreate {
            body["os-vol-tenant-attr:tenant_id"] = .string(volume.projectID)
        }
        if let imageID = volume.imageID {
            body["volume_image_metadata"] = ["image_id": .string(imageID)]
        }
        if call.principal.isAdmin {
            body["os-vol-host-attr:host"] = volume.status == "creating" ? .null : "sim-cinder@lvmdriver-1#lvmdriver-1"
            body["os-vol-mig-status-attr:migstat"] = .null
            body["os-vol-mig-status-attr:name_id"] = .null
        }
        if version >= APIVersion(3, 13) {
            body["group_id"] = .null
        }
        if version >= APIVersion(3, 48) {
            body["shared_targets"] = true
            body["service_uuid"] = .null
        }
        if version >= APIVersion(3, 61) && call.principal.isAdmin {
            body["cluster_name"] = .null
        }
        if version >= APIVersion(3, 63) {
            body["volume_type_id"] = .string(CinderService.defaultTypeID)
        }
        if version >= APIVersion(3, 65) {
            body["consumes_quota"] = true
        }
        return .object(body)
    }

    private static func attachment(_ attachment: VolumeRecord.Attachment, volumeID: String) -> JSON {
        [
            "server_id": .string(attachment.serverID),
            "attachment_id": .string(attachment.attachmentID),
            "attached_at": .string(Timestamp.microseconds(attachment.attachedAt)),
            "host_name": JSON(attachment.host),
            "volume_id": .string(volumeID),
            "device": .string(attachment.device),
            "id": .string(volumeID),
        ]
    }
}
