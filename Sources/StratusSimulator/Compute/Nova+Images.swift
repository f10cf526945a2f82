extension CloudState {
    /// The image proxy exists up to 2.35; above it answers 404 like Nova.
    private static let lastImageProxyVersion = APIVersion(2, 35)

    /// `GET /images` and `GET /images/detail` (Nova's proxy of Glance).
    func listNovaImages(_ call: ServiceCall, detail: Bool) -> SimulatorReply {
        guard call.version <= Self.lastImageProxyVersion else {
            return novaError(404, "The resource could not be found.", call)
        }
        let visible = images.values.filter { !$0.deleted && $0.isVisible(to: call.principal) }
            .sorted { ($0.createdAt, $0.sequence) > ($1.createdAt, $1.sequence) }
        let items = visible.map { image in
            detail ? Self.novaImageView(image, call: call)
                : ["id": .string(image.id), "name": JSON(image.name), "links": NovaServerView.links("images", image.id, baseURL: call.request.baseURL)]
        }
        return .json(200, ["images": .array(items)])
    }

    /// `GET /images/{id}`.
    func showNovaImage(_ call: ServiceCall) -> SimulatorReply {
        guard call.version <= Self.lastImageProxyVersion else {
            return novaError(404, "The resource could not be found.", call)
        }
        guard let image = visibleImage(call.parameter("id"), for: call.principal) else {
            return novaError(404, "Image not found.", call)
        }
        return .json(200, ["image": Self.novaImageView(image, call: call)])
    }

    /// A Glance image as Nova's proxy shows it (upper-case status, `minRam`, `metadata`).
    static func novaImageView(_ image: ImageRecord, call: ServiceCall) -> JSON {
        let status: String
        switch image.status {
        case "active": status = "ACTIVE"
        case "queued", "saving", "importing", "uploading": status = "SAVING"
        case "deleted", "pending_delete": status = "DELETED"
        default: status = "ERROR"
        }
        var links = NovaServerView.links("images", image.id, baseURL: call.request.baseURL).arrayValue ?? []
        links.append(["rel": "alternate", "type": "application/vnd.openstack.image", "href": .string("\(call.request.baseURL)/image/images/\(image.id)")])
        var body: [String: JSON] = [
            "id": .string(image.id), "name": JSON(image.name), "minRam": .int(image.minRAM), "minDisk": .int(image.minDisk),
            "metadata": JSON(image.properties), "created": .string(Timestamp.seconds(image.createdAt)),
            "updated": .string(Timestamp.seconds(image.updatedAt)), "status": .string(status),
            "progress": .int(image.status == "active" ? 100 : image.status == "saving" ? 50 : 25),
            "OS-EXT-IMG-SIZE:size": JSON(image.size), "links": .array(links),
        ]
        if let serverID = image.properties["instance_uuid"] {
            body["server"] = ["id": .string(serverID), "links": NovaServerView.links("servers", serverID, baseURL: call.request.baseURL)]
        }
        return .object(body)
    }
}
