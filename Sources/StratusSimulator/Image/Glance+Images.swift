import Foundation

extension CloudState {
    private static let containerFormats: Set<String> = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
    private static let diskFormats: Set<String> = [
        "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop",
    ]
    private static let visibilities: Set<String> = ["public", "private", "shared", "community"]

    /// `POST /v2/images`: a `queued` image; extra string properties become top-level keys.
    mutating func createImage(_ call: ServiceCall) -> SimulatorReply {
        guard let body = call.request.json?.objectValue else {
            return glanceError(400, "Body expected in request.", call)
        }
        if let key = body.keys.sorted().first(where: GlanceImageView.readOnlyKeys.contains) {
            return glanceError(403, "Attribute '\(key)' is read-only.", call)
        }
        let id = body["id"]?.stringValue ?? Self.uuid()
        guard images[id] == nil else {
            return glanceError(409, "Image with identifier \(id) already exists!", call)
        }
        var image = ImageRecord(
            id: id, name: nil, status: "queued", visibility: "shared", ownerID: call.principal.projectID, tags: [],
            properties: [:], containerFormat: nil, diskFormat: nil, size: nil, virtualSize: nil, checksum: nil,
            minDisk: 0, minRAM: 0, protected: false, hidden: false, createdAt: call.now, updatedAt: call.now,
            data: nil, sequence: nextSequence()
        )
        for (key, value) in body where key != "id" {
            if let problem = apply(key: key, value: value, to: &image, principal: call.principal) {
                return glanceError(problem.status, problem.message, call)
            }
        }
        images[id] = image
        return .json(
            201, GlanceImageView.view(image),
            headers: [
                ("Location", "\(call.request.baseURL)/image/v2/images/\(id)"),
                ("OpenStack-image-import-methods", "glance-direct,web-download,copy-image"),
                ("OpenStack-image-store-ids", "local"),
            ])
    }

    /// `GET /v2/images/{id}`.
    func showImage(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        return .json(200, GlanceImageView.view(image))
    }

    /// `PATCH /v2/images/{id}` with a JSON-patch list (`add`, `replace`, `remove`).
    mutating func patchImage(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        guard call.principal.isAdmin || image.ownerID == call.principal.projectID else {
            return glanceError(403, "You are not permitted to modify image \(id).", call)
        }
        let contentType = call.request.header("content-type") ?? ""
        guard contentType.hasPrefix("application/openstack-images-v2.1-json-patch")
            || contentType.hasPrefix("application/openstack-images-v2.0-json-patch")
        else {
            return glanceError(415, "The request media type \(contentType) is not supported by this server.", call)
        }
        guard let operations = call.request.json?.arrayValue else {
            return glanceError(400, "Request body must be a JSON array of operation objects.", call)
        }
        for operation in operations {
            guard let op = operation["op"]?.stringValue, let path = operation["path"]?.stringValue,
                path.hasPrefix("/"), path.count > 1
            else {
                return glanceError(400, "Operation objects must contain 'op' and 'path'.", call)
            }
            let key = String(path.dropFirst())
            if GlanceImageView.readOnlyKeys.contains(key) {
                return glanceError(403, "Attribute '\(key)' is read-only.", call)
            }
            switch op {
            case "add", "replace":
                guard let value = operation["value"] else {
                    return glanceError(400, "Operation '\(op)' requires a value.", call)
                }
                if op == "replace" && !GlanceImageView.coreKeys.contains(key) && image.properties[key] == nil {
                    return glanceError(409, "Property \(key) does not exist.", call)
                }
                if let problem = apply(key: key, value: value, to: &image, principal: call.principal) {
                    return glanceError(problem.status, problem.message, call)
                }
            case "remove":
                if GlanceImageView.coreKeys.contains(key) {
                    return glanceError(403, "Attribute '\(key)' is reserved.", call)
                }
                guard image.properties.removeValue(forKey: key) != nil else {
                    return glanceError(409, "Property \(key) does not exist.", call)
                }
            default:
                return glanceError(400, "Operation '\(op)' is not supported.", call)
            }
        }
        image.updatedAt = call.now
        images[id] = image
        return .json(200, GlanceImageView.view(image))
    }

    /// `DELETE /v2/images/{id}`: 204; protected images are refused with 403.
    mutating func deleteImage(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        guard call.principal.isAdmin || image.ownerID == call.principal.projectID else {
            return glanceError(403, "You are not permitted to delete this image.", call)
        }
        guard !image.protected else {
            return glanceError(403, "Image \(id) is protected and cannot be deleted.", call)
        }
        image.deleted = true
        image.transition(to: "deleted", at: call.now)
        image.data = nil
        images[id] = image
        return .empty(204)
    }

    /// `PUT /v2/images/{id}/file`: raw bytes; the image becomes `active` with size and checksum.
    mutating func uploadImageData(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        guard call.principal.isAdmin || image.ownerID == call.principal.projectID else {
            return glanceError(403, "You are not permitted to upload data to image \(id).", call)
        }
        let contentType = call.request.header("content-type") ?? "application/octet-stream"
        guard contentType.hasPrefix("application/octet-stream") else {
            return glanceError(415, "The request media type \(contentType) is not supported by this server.", call)
        }
        guard image.status == "queued" else {
            return glanceError(409, "Image status transition from \(image.status) to saving is not allowed", call)
        }
        guard image.diskFormat != nil, image.containerFormat != nil else {
            return glanceError(400, "Properties disk_format, container_format must be set prior to saving data.", call)
        }
        let data = call.request.body
        image.data = data
        image.size = data.count
        image.virtualSize = data.count
        image.checksum = MD5.hex(data)
        image.transition(to: "active", at: call.now)
        images[id] = image
        return .empty(204)
    }

    /// `GET /v2/images/{id}/file`: the uploaded bytes (204 when the image has none).
    func downloadImageData(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        guard let data = image.data else { return .empty(204) }
        return SimulatorReply(
            status: 200, headers: [("Content-MD5", image.checksum ?? "")],
            body: .bytes(data, contentType: "application/octet-stream"))
    }

    /// `PUT /v2/images/{id}/tags/{tag}`.
    mutating func addImageTag(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        let tag = call.parameter("tag")
        if !image.tags.contains(tag) {
            image.tags.append(tag)
            image.updatedAt = call.now
            images[id] = image
        }
        return .empty(204)
    }

    /// `DELETE /v2/images/{id}/tags/{tag}`.
    mutating func deleteImageTag(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var image = visibleImage(id, for: call.principal) else { return imageNotFound(id, call) }
        let tag = call.parameter("tag")
        guard image.tags.contains(tag) else { return glanceError(404, "Tag \(tag) not found", call) }
        image.tags.removeAll { $0 == tag }
        image.updatedAt = call.now
        images[id] = image
        return .empty(204)
    }

    /// Sets one writable field or extra property; returns the error status and message when refused.
    private func apply(key: String, value: JSON, to image: inout ImageRecord, principal: Principal) -> (status: Int, message: String)? {
        let schemaError = { (expected: String) -> (status: Int, message: String) in
            (400, "Provided object does not match schema 'image': \(value.serialized()) is not of type '\(expected)'")
        }
        switch key {
        case "name":
            guard value.isNull || value.stringValue != nil else { return schemaError("string") }
            image.name = value.stringValue
        case "visibility":
            guard let visibility = value.stringValue, Self.visibilities.contains(visibility) else {
                return (400, "Invalid visibility value: \(value.serialized())")
            }
            if visibility == "public" && !principal.isAdmin {
                return (403, "You are not authorized to complete publicize_image action.")
            }
            image.visibility = visibility
        case "container_format":
            guard let format = value.stringValue, Self.containerFormats.contains(format) else {
                return (400, "Invalid value '\(value.serialized())' for parameter 'container_format'")
            }
            image.containerFormat = format
        case "disk_format":
            guard let format = value.stringValue, Self.diskFormats.contains(format) else {
                return (400, "Invalid value '\(value.serialized())' for parameter 'disk_format'")
            }
            image.diskFormat = format
        case "min_disk", "min_ram":
            guard let number = value.intValue, number >= 0 else { return schemaError("integer") }
            if key == "min_disk" { image.minDisk = number } else { image.minRAM = number }
        case "protected", "os_hidden":
            guard let flag = value.boolValue else { return schemaError("boolean") }
            if key == "protected" { image.protected = flag } else { image.hidden = flag }
        case "tags":
            guard let tags = value.stringArray else { return schemaError("array") }
            image.tags = tags.reduce(into: []) { unique, tag in if !unique.contains(tag) { unique.append(tag) } }
        default:
            guard let text = value.stringValue else { return schemaError("string") }
            image.properties[key] = text
        }
        return nil
    }
}
