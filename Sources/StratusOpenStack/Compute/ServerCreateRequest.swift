import Foundation

/// What to create with `POST /servers`.
public struct ServerCreateRequest: Sendable, Hashable {
    /// The networks to attach: `auto`, `none`, or explicit ones (microversion 2.37 made this required).
    public enum Networks: Sendable, Hashable {
        /// Let Nova allocate a network (`"auto"`).
        case auto
        /// No network at all (`"none"`).
        case none
        /// These networks or ports.
        case list([NetworkAttachment])
    }

    /// One explicit network attachment.
    public struct NetworkAttachment: Sendable, Hashable {
        /// A network UUID.
        public var networkID: String?
        /// A port UUID.
        public var portID: String?
        /// A fixed IP to request.
        public var fixedIP: String?

        /// Creates an attachment.
        public init(networkID: String? = nil, portID: String? = nil, fixedIP: String? = nil) {
            self.networkID = networkID
            self.portID = portID
            self.fixedIP = fixedIP
        }
    }

    /// The server name.
    public var name: String
    /// The image id to boot from.
    public var imageID: String?
    /// The flavor id.
    public var flavorID: String
    /// The networks. Default ``Networks/auto``.
    public var networks: Networks
    /// Metadata (at most 128 keys of 255 characters).
    public var metadata: [String: String]
    /// Tags: sent at create from microversion 2.52, set right after create between 2.26 and 2.51.
    public var tags: [String]
    /// The availability zone.
    public var availabilityZone: String?
    /// The key pair name.
    public var keyName: String?
    /// Base64-encoded user data (see ``encodeUserData(_:)``).
    public var userData: String?
    /// Security group names, sent as `[{"name": …}]`; empty leaves Nova's default (`default`).
    public var securityGroups: [String]
    /// Whether to attach a config drive; nil leaves the cloud's default.
    public var configDrive: Bool?
    /// Block devices (`block_device_mapping_v2`), e.g. ``BlockDeviceMapping/bootFromImage(imageID:volumeSizeGB:deleteOnTermination:)``.
    public var blockDevices: [BlockDeviceMapping]

    /// Creates a request.
    public init(
        name: String, imageID: String?, flavorID: String, networks: Networks = .auto, metadata: [String: String] = [:],
        tags: [String] = [], availabilityZone: String? = nil, keyName: String? = nil, userData: String? = nil,
        securityGroups: [String] = [], configDrive: Bool? = nil, blockDevices: [BlockDeviceMapping] = []
    ) {
        self.securityGroups = securityGroups
        self.configDrive = configDrive
        self.blockDevices = blockDevices
        self.name = name
        self.imageID = imageID
        self.flavorID = flavorID
        self.networks = networks
        self.metadata = metadata
        self.tags = tags
        self.availabilityZone = availabilityZone
        self.keyName = keyName
        self.userData = userData
    }

    /// The JSON body at `microversion`; tags are included only when it is 2.52 or later.
    func body(microversion: Microversion) -> [String: JSONValue] {
        var server: [String: JSONValue] = ["name": .string(name), "flavorRef": .string(flavorID)]
        if let imageID { server["imageRef"] = .string(imageID) }
        if microversion >= .computeNetworksRequired {
            switch networks {
            case .auto: server["networks"] = .string("auto")
            case .none: server["networks"] = .string("none")
            case .list(let list): server["networks"] = Self.encode(list)
            }
        } else if case .list(let list) = networks {
            server["networks"] = Self.encode(list)
        }
        if !metadata.isEmpty { server["metadata"] = .object(metadata.mapValues { .string($0) }) }
        if !tags.isEmpty, microversion >= .computeTagsAtCreate { server["tags"] = .array(tags.map { .string($0) }) }
        if let availabilityZone { server["availability_zone"] = .string(availabilityZone) }
        if let keyName { server["key_name"] = .string(keyName) }
        if let userData { server["user_data"] = .string(userData) }
        if !securityGroups.isEmpty {
            server["security_groups"] = .array(securityGroups.map { .object(["name": .string($0)]) })
        }
        if let configDrive { server["config_drive"] = .bool(configDrive) }
        if !blockDevices.isEmpty { server["block_device_mapping_v2"] = .array(blockDevices.map(\.json)) }
        return ["server": .object(server)]
    }

    /// User data as Nova wants it: the text's UTF-8 bytes, base64-encoded (Nova limits the encoded
    /// form to 65,535 bytes).
    public static func encodeUserData(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    private static func encode(_ list: [NetworkAttachment]) -> JSONValue {
        .array(list.map { attachment in
            var entry: [String: JSONValue] = [:]
            if let id = attachment.networkID { entry["uuid"] = .string(id) }
            if let port = attachment.portID { entry["port"] = .string(port) }
            if let ip = attachment.fixedIP { entry["fixed_ip"] = .string(ip) }
            return .object(entry)
        })
    }
}

/// Nova's answer to `POST /servers` (seed 000's `sync_result`): the id, and the admin password if
/// the cloud generated one.
public struct ServerCreated: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The new server's id.
    public var id: String
    /// The generated admin password, when Nova returns one (never printed by ``description``).
    public var adminPass: String?
    /// The `x-openstack-request-id` of the create call.
    public var requestID: String?
    /// The microversion the create was sent with.
    public var microversion: Microversion?
    /// True when the tags were sent in the create request (2.52+) or set right after it.
    public var tagsApplied: Bool = false

    enum CodingKeys: String, CodingKey { case id, adminPass }

    /// Creates a value (for tests and simulators).
    public init(id: String, adminPass: String? = nil, requestID: String? = nil, microversion: Microversion? = nil,
                tagsApplied: Bool = false) {
        self.id = id
        self.adminPass = adminPass
        self.requestID = requestID
        self.microversion = microversion
        self.tagsApplied = tagsApplied
    }

    public var description: String {
        "ServerCreated(id: \(id), requestID: \(requestID ?? "-"), adminPass: \(adminPass == nil ? "none" : "<redacted>"))"
    }
}

/// One entry of `block_device_mapping_v2`: what a server boots from or has attached at create.
public struct BlockDeviceMapping: Sendable, Hashable {
    /// `image`, `volume`, `snapshot` or `blank`.
    public var sourceType: String
    /// `volume` or `local`.
    public var destinationType: String
    /// The image, volume or snapshot id (nil for `blank`).
    public var uuid: String?
    /// 0 for the boot disk, nil for a non-bootable device.
    public var bootIndex: Int?
    /// The size of a volume Nova creates, in GiB.
    public var volumeSizeGB: Int?
    /// Whether Nova deletes the volume with the server.
    public var deleteOnTermination: Bool?

    /// Creates a mapping from its fields.
    public init(sourceType: String, destinationType: String, uuid: String?, bootIndex: Int?, volumeSizeGB: Int? = nil,
                deleteOnTermination: Bool? = nil) {
        self.sourceType = sourceType
        self.destinationType = destinationType
        self.uuid = uuid
        self.bootIndex = bootIndex
        self.volumeSizeGB = volumeSizeGB
        self.deleteOnTermination = deleteOnTermination
    }

    /// Boot from a new volume Nova creates from `imageID` (boot from volume).
    public static func bootFromImage(imageID: String, volumeSizeGB: Int, deleteOnTermination: Bool = true) -> BlockDeviceMapping {
        BlockDeviceMapping(sourceType: "image", destinationType: "volume", uuid: imageID, bootIndex: 0,
                           volumeSizeGB: volumeSizeGB, deleteOnTermination: deleteOnTermination)
    }

    /// An existing volume: the boot disk with `bootIndex` 0, a data disk with nil.
    public static func volume(id: String, bootIndex: Int? = nil, deleteOnTermination: Bool = false) -> BlockDeviceMapping {
        BlockDeviceMapping(sourceType: "volume", destinationType: "volume", uuid: id, bootIndex: bootIndex,
                           deleteOnTermination: deleteOnTermination)
    }

    var json: JSONValue {
        var entry: [String: JSONValue] = ["source_type": .string(sourceType), "destination_type": .string(destinationType)]
        if let uuid { entry["uuid"] = .string(uuid) }
        if let bootIndex { entry["boot_index"] = .number(Double(bootIndex)) }
        if let volumeSizeGB { entry["volume_size"] = .number(Double(volumeSizeGB)) }
        if let deleteOnTermination { entry["delete_on_termination"] = .bool(deleteOnTermination) }
        return .object(entry)
    }
}
