import Foundation

/// How Nova renders servers, per microversion and caller.
enum NovaServerView {
    /// `self` and `bookmark` links of a Nova resource (`servers`, `flavors`, `images`).
    static func links(_ collection: String, _ id: String, baseURL: String) -> JSON {
        [
            ["rel": "self", "href": .string("\(baseURL)/compute/v2.1/\(collection)/\(id)")],
            ["rel": "bookmark", "href": .string("\(baseURL)/compute/\(collection)/\(id)")],
        ]
    }

    /// The statuses Nova shows `progress` for.
    private static let progressStatuses: Set<String> = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"]

    /// `{id, name, links}` as in `GET /servers`.
    static func summary(_ server: ServerRecord, baseURL: String) -> JSON {
        ["id": .string(server.id), "name": .string(server.name), "links": links("servers", server.id, baseURL: baseURL)]
    }

    /// The full server as in `GET /servers/{id}` and `GET /servers/detail`, without its addresses
    /// (``CloudState/serverDetail(_:call:forShow:)`` adds them from Neutron).
    static func detail(_ server: ServerRecord, call: ServiceCall, forShow: Bool) -> JSON {
        let version = call.version
        let base = call.request.baseURL
        var body: [String: JSON] = [
            "id": .string(server.id),
            "name": .string(server.name),
            "status": .string(server.deleted ? "DELETED" : server.status),
            "tenant_id": .string(server.projectID),
            "user_id": .string(server.userID),
            "metadata": server.deleted ? [:] : JSON(server.metadata),
            "created": .string(Timestamp.seconds(server.createdAt)),
            "updated": .string(Timestamp.seconds(server.updatedAt)),
            "hostId": .string(server.host.map { StableID.digest(server.projectID + $0, length: 56) } ?? ""),
            "image": server.imageID.isEmpty
                ? ""
                : [
                    "id": .string(server.imageID),
                    "links": [["rel": "bookmark", "href": .string("\(base)/compute/images/\(server.imageID)")]],
                ],
            "flavor": flavor(server.flavor, version: version, baseURL: base),
            "addresses": [:],
            "accessIPv4": "",
            "accessIPv6": "",
            "links": links("servers", server.id, baseURL: base),
            "key_name": JSON(server.keyName),
            "config_drive": .string(server.configDrive ? "True" : ""),
            "OS-DCF:diskConfig": "MANUAL",
            "OS-EXT-AZ:availability_zone": .string(server.availabilityZone),
            "OS-EXT-STS:task_state": JSON(server.taskState),
            "OS-EXT-STS:vm_state": .string(server.vmState),
            "OS-EXT-STS:power_state": .int(server.powerState),
            "OS-SRV-USG:launched_at": JSON(server.launchedAt.map(Timestamp.microseconds)),
            "OS-SRV-USG:terminated_at": JSON(server.terminatedAt.map(Timestamp.microseconds)),
            "os-extended-volumes:volumes_attached": .array(
                server.attachments.map { attachment in
                    var entry: [String: JSON] = ["id": .string(attachment.volumeID)]
                    if version >= APIVersion(2, 3) {
                        entry["delete_on_termination"] = .bool(attachment.deleteOnTermination)
                    }
                    return .object(entry)
                }
            ),
        ]
        if !server.deleted && progressStatuses.contains(server.status) {
            body["progress"] = 0
        }
        if server.networkRequested && !server.deleted {
            body["security_groups"] = [["name": "default"]]
        }
        if let fault = server.fault, server.status == "ERROR" {
            var faultBody: [String: JSON] = [
                "code": .int(fault.code), "created": .string(Timestamp.seconds(fault.created)),
                "message": .string(fault.message),
            ]
            if call.principal.isAdmin || fault.code != 500 {
                faultBody["details"] = .string(fault.details)
            }
            body["fault"] = .object(faultBody)
        }
        if call.principal.isAdmin {
            body["OS-EXT-SRV-ATTR:host"] = JSON(server.host)
            body["OS-EXT-SRV-ATTR:hypervisor_hostname"] = JSON(server.host)
            body["OS-EXT-SRV-ATTR:instance_name"] = .string(String(format: "instance-%08x", server.instanceNumber))
        }
        if version >= APIVersion(2, 9) {
            body["locked"] = .bool(server.locked)
        }
        if version >= APIVersion(2, 19) {
            body["description"] = JSON(server.description)
        }
        if version >= APIVersion(2, 26) {
            body["tags"] = server.deleted ? [] : JSON(server.tags.sorted())
        }
        if version >= APIVersion(2, 63) {
            body["trusted_image_certificates"] = .null
        }
        if version >= APIVersion(2, 71) && forShow {
            body["server_groups"] = []
        }
        if version >= APIVersion(2, 73) {
            body["locked_reason"] = JSON(server.lockedReason)
        }
        if version >= APIVersion(2, 90) {
            body["OS-EXT-SRV-ATTR:hostname"] = .string(hostname(server.name))
        }
        if version >= APIVersion(2, 96) {
            body["pinned_availability_zone"] = .null
        }
        return .object(body)
    }

    /// The flavor of a server: embedded from 2.47, a link before.
    static func flavor(_ flavor: Flavor, version: APIVersion, baseURL: String) -> JSON {
        if version >= APIVersion(2, 47) {
            return [
                "original_name": .string(flavor.name), "vcpus": .int(flavor.vcpus), "ram": .int(flavor.ram),
                "disk": .int(flavor.disk), "ephemeral": .int(flavor.ephemeral), "swap": .int(flavor.swap),
                "extra_specs": [:],
            ]
        }
        return [
            "id": .string(flavor.id),
            "links": [["rel": "bookmark", "href": .string("\(baseURL)/compute/flavors/\(flavor.id)")]],
        ]
    }

    /// Nova's sanitised hostname of a server name.
    static func hostname(_ name: String) -> String {
        let lowered = name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
        let trimmed = String(lowered).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return trimmed.isEmpty ? "server" : String(trimmed.prefix(63))
    }
}
