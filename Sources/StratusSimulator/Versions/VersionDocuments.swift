/// The unauthenticated version documents, shaped like the real services' ones.
enum VersionDocuments {
    /// Nova's `v2.1` version object.
    static func computeVersion(baseURL: String, maximum: APIVersion, withDescribedBy: Bool) -> JSON {
        var links: [JSON] = [["rel": "self", "href": .string("\(baseURL)/compute/v2.1/")]]
        if withDescribedBy {
            links.append(["rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"])
        }
        var version: [String: JSON] = [
            "id": "v2.1", "status": "CURRENT", "version": .string(maximum.description), "min_version": "2.1",
            "updated": "2013-07-23T11:33:21Z", "links": .array(links),
        ]
        if withDescribedBy {
            version["media-types"] = [
                ["base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"]
            ]
        }
        return .object(version)
    }

    /// `GET /compute/`: the versions list (v2.0 deprecated, v2.1 current).
    static func computeVersions(baseURL: String, maximum: APIVersion) -> SimulatorReply {
        let legacy: JSON = [
            "id": "v2.0", "status": "DEPRECATED", "version": "", "min_version": "",
            "updated": "2025-07-04T12:00:00Z", "links": [["rel": "self", "href": .string("\(baseURL)/compute/v2/")]],
        ]
        let current = computeVersion(baseURL: baseURL, maximum: maximum, withDescribedBy: false)
        return .json(200, ["versions": [legacy, current]])
    }

    /// `GET /compute/v2.1`: the version document.
    static func computeVersionDocument(baseURL: String, maximum: APIVersion) -> SimulatorReply {
        .json(200, ["version": computeVersion(baseURL: baseURL, maximum: maximum, withDescribedBy: true)])
    }

    /// Cinder's v3 version object.
    static func volumeVersion(baseURL: String) -> JSON {
        [
            "id": "v3.0", "status": "CURRENT", "version": .string(CinderService.maximum.description),
            "min_version": "3.0", "updated": "2023-08-31T00:00:00Z",
            "links": [
                ["rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"],
                ["rel": "self", "href": .string("\(baseURL)/volume/v3/")],
            ],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.volume+json;version=3"]],
        ]
    }

    /// `GET /volume/` (300 Multiple Choices, like Cinder) and `GET /volume/v3/` (200).
    static func volumeVersions(baseURL: String, status: Int) -> SimulatorReply {
        .json(status, ["versions": [volumeVersion(baseURL: baseURL)]])
            .adding("OpenStack-API-Version", "volume 3.0")
            .adding("Vary", "OpenStack-API-Version")
    }

    /// `GET /image/` (300) and `GET /image/versions` (200): v2.16 current, v2.0–v2.15 supported.
    static func imageVersions(baseURL: String, status: Int) -> SimulatorReply {
        let link: JSON = [["rel": "self", "href": .string("\(baseURL)/image/v2/")]]
        var versions: [JSON] = [["id": "v2.16", "status": "CURRENT", "links": link]]
        for minor in stride(from: 15, through: 0, by: -1) {
            versions.append(["id": .string("v2.\(minor)"), "status": "SUPPORTED", "links": link])
        }
        return .json(status, ["versions": .array(versions)])
    }

    /// Keystone's v3 version object.
    static func identityVersion(baseURL: String) -> JSON {
        [
            "id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
            "links": [["rel": "self", "href": .string("\(baseURL)/identity/v3/")]],
            "media-types": [["base": "application/json", "type": "application/vnd.openstack.identity-v3+json"]],
        ]
    }

    /// `GET /identity/` (300, `{"versions": {"values": [...]}}`).
    static func identityVersions(baseURL: String) -> SimulatorReply {
        .json(300, ["versions": ["values": [identityVersion(baseURL: baseURL)]]])
            .adding("Location", "\(baseURL)/identity/v3/")
    }

    /// `GET /identity/v3`.
    static func identityVersionDocument(baseURL: String) -> SimulatorReply {
        .json(200, ["version": identityVersion(baseURL: baseURL)])
    }

    /// Neutron's version object.
    static func networkVersion(baseURL: String) -> JSON {
        ["id": "v2.0", "status": "CURRENT", "links": [["rel": "self", "href": .string("\(baseURL)/network/v2.0/")]]]
    }

    /// `GET /network/` (and `/network`): the versions list, v2.0 current.
    static func networkVersions(baseURL: String) -> SimulatorReply {
        .json(200, ["versions": [networkVersion(baseURL: baseURL)]])
    }

    /// `GET /network/v2.0`: the collections Neutron serves.
    static func networkResources(baseURL: String) -> SimulatorReply {
        let collections: [(String, String)] = [
            ("network", "networks"), ("subnet", "subnets"), ("port", "ports"), ("router", "routers"),
            ("floatingip", "floatingips"), ("security_group", "security-groups"),
            ("security_group_rule", "security-group-rules"), ("quota", "quotas"),
        ]
        let resources: [JSON] = collections.map { name, collection in
            [
                "name": .string(name), "collection": .string(collection.replacingOccurrences(of: "-", with: "_")),
                "links": [["rel": "self", "href": .string("\(baseURL)/network/v2.0/\(collection)")]],
            ]
        }
        return .json(200, ["resources": .array(resources)])
    }

    /// `GET /`: where each service lives.
    static func root(baseURL: String, maximum: APIVersion) -> SimulatorReply {
        .json(
            200,
            [
                "simulator": "stratus",
                "services": [
                    ["type": "identity", "url": .string("\(baseURL)/identity/v3"), "version": identityVersion(baseURL: baseURL)],
                    [
                        "type": "compute", "url": .string("\(baseURL)/compute/v2.1"),
                        "version": computeVersion(baseURL: baseURL, maximum: maximum, withDescribedBy: false),
                    ],
                    ["type": "volumev3", "url": .string("\(baseURL)/volume/v3"), "version": volumeVersion(baseURL: baseURL)],
                    ["type": "network", "url": .string("\(baseURL)/network"), "version": networkVersion(baseURL: baseURL)],
                    [
                        "type": "image", "url": .string("\(baseURL)/image"),
                        "version": ["id": "v2.16", "status": "CURRENT", "links": [["rel": "self", "href": .string("\(baseURL)/image/v2/")]]],
                    ],
                ],
            ]
        )
    }
}
