/// How Glance renders images: core fields plus every extra property as a top-level key.
enum GlanceImageView {
    /// Keys a client may not set (`403 Attribute 'x' is read-only.`).
    static let readOnlyKeys: Set<String> = [
        "status", "owner", "size", "virtual_size", "checksum", "os_hash_algo", "os_hash_value", "created_at",
        "updated_at", "self", "file", "schema", "direct_url", "locations", "stores",
    ]

    /// Core keys that are not extra properties.
    static let coreKeys: Set<String> = readOnlyKeys.union([
        "id", "name", "visibility", "container_format", "disk_format", "min_disk", "min_ram", "protected", "tags",
        "os_hidden",
    ])

    /// The image as `GET /v2/images/{id}` shows it.
    static func view(_ image: ImageRecord) -> JSON {
        var body: [String: JSON] = image.properties.mapValues(JSON.string)
        body["id"] = .string(image.id)
        body["name"] = JSON(image.name)
        body["status"] = .string(image.status)
        body["visibility"] = .string(image.visibility)
        body["tags"] = JSON(image.tags)
        body["size"] = JSON(image.size)
        body["virtual_size"] = JSON(image.virtualSize)
        body["checksum"] = JSON(image.checksum)
        body["container_format"] = JSON(image.containerFormat)
        body["disk_format"] = JSON(image.diskFormat)
        body["min_disk"] = .int(image.minDisk)
        body["min_ram"] = .int(image.minRAM)
        body["protected"] = .bool(image.protected)
        body["owner"] = .string(image.ownerID)
        body["os_hidden"] = .bool(image.hidden)
        body["os_hash_algo"] = .null
        body["os_hash_value"] = .null
        body["created_at"] = .string(Timestamp.seconds(image.createdAt))
        body["updated_at"] = .string(Timestamp.seconds(image.updatedAt))
        body["self"] = .string("/v2/images/\(image.id)")
        body["file"] = .string("/v2/images/\(image.id)/file")
        body["schema"] = "/v2/schemas/image"
        if image.status == "active" {
            body["stores"] = "local"
        }
        return .object(body)
    }
}
