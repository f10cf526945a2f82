import Foundation

/// A Glance image status. Unknown values decode as they are.
public struct ImageStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let queued: ImageStatus = "queued"
    public static let saving: ImageStatus = "saving"
    public static let uploading: ImageStatus = "uploading"
    public static let importing: ImageStatus = "importing"
    public static let active: ImageStatus = "active"
    public static let killed: ImageStatus = "killed"
    public static let deleted: ImageStatus = "deleted"
    public static let pendingDelete: ImageStatus = "pending_delete"
    public static let deactivated: ImageStatus = "deactivated"
}

/// A Glance image. Glance puts custom properties at the top level; they land in ``properties``.
public struct Image: Sendable, Hashable, Identifiable, Decodable {
    /// The image id.
    public var id: String
    /// The name.
    public var name: String?
    /// The status.
    public var status: ImageStatus
    /// `public`, `private`, `shared` or `community`.
    public var visibility: String?
    /// Tags.
    public var tags: [String]
    /// Size in bytes, once uploaded.
    public var size: Int64?
    /// Disk format (`qcow2`, `raw`, …).
    public var diskFormat: String?
    /// Container format (`bare`, …).
    public var containerFormat: String?
    /// Minimum disk in GiB.
    public var minDisk: Int
    /// Minimum memory in MiB.
    public var minRAM: Int
    /// The owning project.
    public var owner: String?
    /// When it was created.
    public var createdAt: Date?
    /// When it last changed.
    public var updatedAt: Date?
    /// Every other top-level property (custom properties, `instance_uuid`, `image_type`, …).
    public var properties: [String: JSONValue]

    static let knownKeys: Set<String> = [
        "id", "name", "status", "visibility", "tags", "size", "disk_format", "container_format", "min_disk", "min_ram",
        "owner", "created_at", "updated_at",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        id = try c.decode(String.self, forKey: AnyCodingKey("id"))
        name = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("name"))
        status = try c.decodeIfPresent(ImageStatus.self, forKey: AnyCodingKey("status")) ?? "unknown"
        visibility = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("visibility"))
        tags = try c.decodeIfPresent([String].self, forKey: AnyCodingKey("tags")) ?? []
        size = try c.decodeIfPresent(Int64.self, forKey: AnyCodingKey("size"))
        diskFormat = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("disk_format"))
        containerFormat = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("container_format"))
        minDisk = try c.decodeIfPresent(Int.self, forKey: AnyCodingKey("min_disk")) ?? 0
        minRAM = try c.decodeIfPresent(Int.self, forKey: AnyCodingKey("min_ram")) ?? 0
        owner = try c.decodeIfPresent(String.self, forKey: AnyCodingKey("owner"))
        createdAt = try c.decodeIfPresent(Date.self, forKey: AnyCodingKey("created_at"))
        updatedAt = try c.decodeIfPresent(Date.self, forKey: AnyCodingKey("updated_at"))
        var extra: [String: JSONValue] = [:]
        for key in c.allKeys where !Self.knownKeys.contains(key.stringValue) {
            extra[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
        }
        properties = extra
    }
}

/// What to create with `POST /v2/images` (an image record; upload data with
/// ``ImageClient/upload(imageID:data:)``).
public struct ImageCreateRequest: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Disk format. Default `raw`.
    public var diskFormat: String
    /// Container format. Default `bare`.
    public var containerFormat: String
    /// Visibility. Default `private`.
    public var visibility: String
    /// Tags.
    public var tags: [String]
    /// Custom properties (Stratus puts its client token here).
    public var properties: [String: String]
    /// An explicit id (Glance accepts one).
    public var id: String?

    /// Creates a request.
    public init(name: String, diskFormat: String = "raw", containerFormat: String = "bare", visibility: String = "private",
                tags: [String] = [], properties: [String: String] = [:], id: String? = nil) {
        self.name = name
        self.diskFormat = diskFormat
        self.containerFormat = containerFormat
        self.visibility = visibility
        self.tags = tags
        self.properties = properties
        self.id = id
    }

    var body: JSONValue {
        var image: [String: JSONValue] = properties.mapValues { .string($0) }
        image["name"] = .string(name)
        image["disk_format"] = .string(diskFormat)
        image["container_format"] = .string(containerFormat)
        image["visibility"] = .string(visibility)
        if !tags.isEmpty { image["tags"] = .array(tags.map { .string($0) }) }
        if let id { image["id"] = .string(id) }
        return .object(image)
    }
}

/// Filters for `GET /v2/images`.
public struct ImageListQuery: Sendable, Hashable {
    /// Exact name.
    public var name: String?
    /// Status.
    public var status: ImageStatus?
    /// Images having all these tags.
    public var tags: [String]
    /// Visibility (`public`, `private`, `shared`, `community`, `all`).
    public var visibility: String?
    /// Owner project.
    public var owner: String?
    /// Custom property equality filters.
    public var properties: [String: String]
    /// Updated at or after (`updated_at=gte:…`).
    public var updatedSince: Date?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?

    /// Creates a query.
    public init(name: String? = nil, status: ImageStatus? = nil, tags: [String] = [], visibility: String? = nil,
                owner: String? = nil, properties: [String: String] = [:], updatedSince: Date? = nil, limit: Int? = nil,
                marker: String? = nil) {
        self.name = name
        self.status = status
        self.tags = tags
        self.visibility = visibility
        self.owner = owner
        self.properties = properties
        self.updatedSince = updatedSince
        self.limit = limit
        self.marker = marker
    }

    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let name { items.append(("name", name)) }
        if let status { items.append(("status", status.rawValue)) }
        for tag in tags { items.append(("tag", tag)) }
        if let visibility { items.append(("visibility", visibility)) }
        if let owner { items.append(("owner", owner)) }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) { items.append((key, value)) }
        if let updatedSince { items.append(("updated_at", "gte:" + OpenStackDate.format(updatedSince))) }
        if let limit { items.append(("limit", String(limit))) }
        if let marker { items.append(("marker", marker)) }
        return items
    }
}
