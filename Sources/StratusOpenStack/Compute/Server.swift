import Foundation

/// A Nova server, as `GET /servers/{id}` and `GET /servers/detail` describe it.
///
/// Fields a microversion or policy may omit are optional; unknown statuses decode as they are.
public struct Server: Sendable, Hashable, Identifiable, Decodable {
    /// The server's UUID.
    public var id: String
    /// The server's name.
    public var name: String
    /// The status (`ACTIVE`, `BUILD`, `ERROR`, `DELETED`, …).
    public var status: ServerStatus
    /// `OS-EXT-STS:task_state` (`spawning`, `deleting`, …), nil when idle.
    public var taskState: String?
    /// `OS-EXT-STS:vm_state` (`active`, `building`, `error`, …).
    public var vmState: String?
    /// The owning project (`tenant_id`).
    public var projectID: String?
    /// The creating user (`user_id`).
    public var userID: String?
    /// Key/value metadata.
    public var metadata: [String: String]
    /// Tags (microversion 2.26 and later).
    public var tags: [String]?
    /// Why the server is in ERROR, when it is.
    public var fault: ServerFault?
    /// When the server was created.
    public var created: Date?
    /// When the server last changed.
    public var updated: Date?
    /// The image it was booted from; nil when booted from a volume.
    public var imageID: String?
    /// The flavor: an id below microversion 2.47, the embedded description from 2.47.
    public var flavor: ServerFlavor?
    /// The obfuscated host id (`hostId`).
    public var hostID: String?
    /// The compute host (`OS-EXT-SRV-ATTR:host`, admins only).
    public var host: String?
    /// Addresses by network name: fixed ones and the floating IPs associated with the server's ports.
    public var addresses: [String: [Server.Address]]
    /// Build progress in percent, when reported.
    public var progress: Int?
    /// The ids of attached volumes (`os-extended-volumes:volumes_attached`).
    public var attachedVolumeIDs: [String]
    /// The availability zone (`OS-EXT-AZ:availability_zone`).
    public var availabilityZone: String?
    /// The key pair it was booted with (`key_name`).
    public var keyName: String?
    /// The names of its security groups (`security_groups`; Nova lists a name once per port).
    public var securityGroups: [String]

    /// One address of a server (the same type as ``ServerAddress``).
    public typealias Address = ServerAddress

    enum CodingKeys: String, CodingKey {
        case id, name, status, metadata, tags, fault, created, updated, image, flavor, addresses, progress
        case taskState = "OS-EXT-STS:task_state", vmState = "OS-EXT-STS:vm_state"
        case projectID = "tenant_id", userID = "user_id", hostID = "hostId", host = "OS-EXT-SRV-ATTR:host"
        case volumes = "os-extended-volumes:volumes_attached", availabilityZone = "OS-EXT-AZ:availability_zone"
        case keyName = "key_name", securityGroups = "security_groups"
    }

    private struct IDOnly: Decodable { var id: String }
    private struct NameOnly: Decodable { var name: String }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        status = try c.decodeIfPresent(ServerStatus.self, forKey: .status) ?? .unknown
        taskState = try c.decodeIfPresent(String.self, forKey: .taskState)
        vmState = try c.decodeIfPresent(String.self, forKey: .vmState)
        projectID = try c.decodeIfPresent(String.self, forKey: .projectID)
        userID = try c.decodeIfPresent(String.self, forKey: .userID)
        metadata = try c.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        fault = try c.decodeIfPresent(ServerFault.self, forKey: .fault)
        created = try c.decodeIfPresent(Date.self, forKey: .created)
        updated = try c.decodeIfPresent(Date.self, forKey: .updated)
        imageID = (try? c.decodeIfPresent(IDOnly.self, forKey: .image))?.id
        flavor = try? c.decodeIfPresent(ServerFlavor.self, forKey: .flavor)
        hostID = try c.decodeIfPresent(String.self, forKey: .hostID)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        addresses = (try? c.decodeIfPresent([String: [ServerAddress]].self, forKey: .addresses)) ?? [:]
        progress = try? c.decodeIfPresent(Int.self, forKey: .progress)
        attachedVolumeIDs = ((try? c.decodeIfPresent([IDOnly].self, forKey: .volumes)) ?? []).map(\.id)
        availabilityZone = try c.decodeIfPresent(String.self, forKey: .availabilityZone)
        keyName = try c.decodeIfPresent(String.self, forKey: .keyName)
        var groups: [String] = []
        for group in (try? c.decodeIfPresent([NameOnly].self, forKey: .securityGroups)) ?? [] where !groups.contains(group.name) {
            groups.append(group.name)
        }
        securityGroups = groups
    }
}

/// Why a server is in ERROR: Nova's `fault` object.
public struct ServerFault: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The HTTP-like code Nova assigns (500 for build failures).
    public var code: Int?
    /// The message, e.g. "No valid host was found."
    public var message: String
    /// Details (a traceback for admins), when given.
    public var details: String?
    /// When the fault happened.
    public var created: Date?

    /// Creates a fault.
    public init(code: Int?, message: String, details: String? = nil, created: Date? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.created = created
    }

    public var description: String { code.map { "\(message) (code \($0))" } ?? message }
}

/// The flavor of a server: its id (below 2.47) or its embedded description (2.47 and later).
public struct ServerFlavor: Sendable, Hashable, Decodable {
    /// The flavor id (below microversion 2.47).
    public var id: String?
    /// The flavor's name at boot time (`original_name`, 2.47 and later).
    public var name: String?
    /// Memory in MiB.
    public var ram: Int?
    /// Virtual CPUs.
    public var vcpus: Int?
    /// Root disk in GiB.
    public var disk: Int?

    enum CodingKeys: String, CodingKey { case id, name = "original_name", ram, vcpus, disk }
}

/// One address of a server.
public struct ServerAddress: Sendable, Hashable, Decodable {
    /// The IP address.
    public var address: String
    /// 4 or 6.
    public var version: Int?
    /// `fixed` or `floating` (`OS-EXT-IPS:type`).
    public var type: String?
    /// The MAC address of the port it is on (`OS-EXT-IPS-MAC:mac_addr`).
    public var macAddress: String?

    /// True for a floating IP.
    public var isFloating: Bool { type == "floating" }

    enum CodingKeys: String, CodingKey {
        case address = "addr", version, type = "OS-EXT-IPS:type", macAddress = "OS-EXT-IPS-MAC:mac_addr"
    }
}
