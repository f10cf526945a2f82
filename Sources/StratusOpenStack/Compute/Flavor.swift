/// A Nova flavor.
public struct Flavor: Sendable, Hashable, Identifiable, Decodable {
    /// The flavor id.
    public var id: String
    /// The flavor name (`m1.small`).
    public var name: String
    /// Memory in MiB.
    public var ram: Int
    /// Virtual CPUs.
    public var vcpus: Int
    /// Root disk in GiB.
    public var disk: Int
    /// Ephemeral disk in GiB.
    public var ephemeral: Int
    /// Whether every project may use it.
    public var isPublic: Bool

    enum CodingKeys: String, CodingKey {
        case id, name, ram, vcpus, disk
        case ephemeral = "OS-FLV-EXT-DATA:ephemeral", isPublic = "os-flavor-access:is_public"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        ram = try c.decodeIfPresent(Int.self, forKey: .ram) ?? 0
        vcpus = try c.decodeIfPresent(Int.self, forKey: .vcpus) ?? 0
        disk = try c.decodeIfPresent(Int.self, forKey: .disk) ?? 0
        ephemeral = try c.decodeIfPresent(Int.self, forKey: .ephemeral) ?? 0
        isPublic = try c.decodeIfPresent(Bool.self, forKey: .isPublic) ?? true
    }
}

/// A volume attached to a server, as Nova's `os-volume_attachments` describes it.
public struct ServerVolumeAttachment: Sendable, Hashable, Decodable {
    /// The attachment id (the volume id in older microversions).
    public var id: String?
    /// The server.
    public var serverID: String
    /// The volume.
    public var volumeID: String
    /// The device name, e.g. `/dev/vdb`.
    public var device: String?

    enum CodingKeys: String, CodingKey { case id, serverID = "serverId", volumeID = "volumeId", device }
}

/// Finds one item by id or unique name, with errors that list what exists.
enum NameOrIDLookup {
    static func find<T>(_ key: String, kind: String, service: String, in items: [T], id: (T) -> String,
                        name: (T) -> String?) throws -> T {
        if let exact = items.first(where: { id($0) == key }) { return exact }
        let named = items.filter { name($0) == key }
        if named.count == 1 { return named[0] }
        if named.count > 1 {
            throw OpenStackError(code: .ambiguous, message: "\(named.count) \(kind)s are named '\(key)' "
                                    + "(\(named.map(id).joined(separator: ", "))); use an id", service: service)
        }
        let names = items.compactMap(name).sorted()
        let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", …" : "")
        throw OpenStackError(code: .notFound, message: "no \(kind) with id or name '\(key)'; available: "
                                + (names.isEmpty ? "none" : shown), service: service)
    }
}
