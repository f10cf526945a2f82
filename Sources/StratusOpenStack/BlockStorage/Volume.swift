import Foundation

/// A Cinder volume status. Unknown values decode as they are.
public struct VolumeStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let creating: VolumeStatus = "creating"
    public static let available: VolumeStatus = "available"
    public static let reserved: VolumeStatus = "reserved"
    public static let attaching: VolumeStatus = "attaching"
    public static let detaching: VolumeStatus = "detaching"
    public static let inUse: VolumeStatus = "in-use"
    public static let maintenance: VolumeStatus = "maintenance"
    public static let deleting: VolumeStatus = "deleting"
    public static let error: VolumeStatus = "error"
    public static let errorDeleting: VolumeStatus = "error_deleting"
    public static let errorAttaching: VolumeStatus = "error_attaching"
    public static let errorDetaching: VolumeStatus = "error_detaching"
    public static let errorExtending: VolumeStatus = "error_extending"
    public static let extending: VolumeStatus = "extending"
    public static let downloading: VolumeStatus = "downloading"
    public static let uploading: VolumeStatus = "uploading"
}

/// A Cinder volume.
public struct Volume: Sendable, Hashable, Identifiable, Decodable {
    /// One attachment of the volume to a server.
    public struct Attachment: Sendable, Hashable, Decodable {
        /// The server it is attached to.
        public var serverID: String?
        /// The attachment id.
        public var attachmentID: String?
        /// The device on the server.
        public var device: String?

        enum CodingKeys: String, CodingKey { case serverID = "server_id", attachmentID = "attachment_id", device }
    }

    /// The volume id.
    public var id: String
    /// The name, if given.
    public var name: String?
    /// The status.
    public var status: VolumeStatus
    /// Size in GiB.
    public var size: Int
    /// Key/value metadata.
    public var metadata: [String: String]
    /// Where it is attached.
    public var attachments: [Attachment]
    /// The availability zone.
    public var availabilityZone: String?
    /// The volume type.
    public var volumeType: String?
    /// The description.
    public var description: String?
    /// When it was created.
    public var createdAt: Date?
    /// When it last changed.
    public var updatedAt: Date?
    /// The owning project (admins only: `os-vol-tenant-attr:tenant_id`).
    public var projectID: String?

    enum CodingKeys: String, CodingKey {
        case id, name, status, size, metadata, attachments, description
        case availabilityZone = "availability_zone", volumeType = "volume_type", createdAt = "created_at"
        case updatedAt = "updated_at", projectID = "os-vol-tenant-attr:tenant_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        status = try c.decodeIfPresent(VolumeStatus.self, forKey: .status) ?? "unknown"
        size = try c.decodeIfPresent(Int.self, forKey: .size) ?? 0
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        attachments = try c.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
        availabilityZone = try c.decodeIfPresent(String.self, forKey: .availabilityZone)
        volumeType = try c.decodeIfPresent(String.self, forKey: .volumeType)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID)
    }
}

/// What to create with `POST /volumes`.
public struct VolumeCreateRequest: Sendable, Hashable {
    /// Size in GiB.
    public var size: Int
    /// The name.
    public var name: String?
    /// The description.
    public var description: String?
    /// Metadata (Stratus puts its client token here).
    public var metadata: [String: String]
    /// The volume type.
    public var volumeType: String?
    /// The availability zone.
    public var availabilityZone: String?
    /// An image to create the volume from.
    public var imageID: String?

    /// Creates a request.
    public init(size: Int, name: String? = nil, description: String? = nil, metadata: [String: String] = [:],
                volumeType: String? = nil, availabilityZone: String? = nil, imageID: String? = nil) {
        self.size = size
        self.name = name
        self.description = description
        self.metadata = metadata
        self.volumeType = volumeType
        self.availabilityZone = availabilityZone
        self.imageID = imageID
    }

    var body: JSONValue {
        var volume: [String: JSONValue] = ["size": .number(Double(size))]
        if let name { volume["name"] = .string(name) }
        if let description { volume["description"] = .string(description) }
        if !metadata.isEmpty { volume["metadata"] = .object(metadata.mapValues { .string($0) }) }
        if let volumeType { volume["volume_type"] = .string(volumeType) }
        if let availabilityZone { volume["availability_zone"] = .string(availabilityZone) }
        if let imageID { volume["imageRef"] = .string(imageID) }
        return .object(["volume": .object(volume)])
    }
}

/// Filters for `GET /volumes/detail`.
public struct VolumeListQuery: Sendable, Hashable {
    /// Status filter.
    public var status: VolumeStatus?
    /// Exact name filter.
    public var name: String?
    /// Volumes whose metadata contains all these pairs.
    public var metadata: [String: String]
    /// Volumes updated at or after this time (`updated_at=gte:…`, microversion 3.60+).
    public var updatedSince: Date?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?
    /// Every project's volumes (admin).
    public var allProjects: Bool

    /// Creates a query.
    public init(status: VolumeStatus? = nil, name: String? = nil, metadata: [String: String] = [:], updatedSince: Date? = nil,
                limit: Int? = nil, marker: String? = nil, allProjects: Bool = false) {
        self.status = status
        self.name = name
        self.metadata = metadata
        self.updatedSince = updatedSince
        self.limit = limit
        self.marker = marker
        self.allProjects = allProjects
    }

    func queryItems(microversion: Microversion) throws -> [(String, String)] {
        var items: [(String, String)] = []
        if let status { items.append(("status", status.rawValue)) }
        if let name { items.append(("name", name)) }
        if !metadata.isEmpty {
            let data = try JSONEncoder.sorted.encode(metadata)
            items.append(("metadata", String(decoding: data, as: UTF8.self)))
        }
        if let updatedSince {
            guard microversion >= "3.60" else {
                throw OpenStackError(code: .unsupported, message: "the updated-since filter needs block-storage microversion 3.60; "
                                        + "this cloud offers \(microversion)", service: "block-storage")
            }
            items.append(("updated_at", "gte:" + OpenStackDate.format(updatedSince)))
        }
        if let limit { items.append(("limit", String(limit))) }
        if let marker { items.append(("marker", marker)) }
        if allProjects { items.append(("all_tenants", "1")) }
        return items
    }
}
