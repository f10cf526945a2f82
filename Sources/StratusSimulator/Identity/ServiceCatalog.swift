/// The Keystone service catalog of the simulator: every service on the simulator's own port.
enum ServiceCatalog {
    private struct Entry {
        var type: String
        var name: String
        var path: String
    }

    /// The catalog for a token scoped to `projectID`; one endpoint per interface
    /// (public, internal, admin), all in `region`.
    static func catalog(baseURL: String, projectID: String, region: String) -> JSON {
        let entries = [
            Entry(type: "identity", name: "keystone", path: "/identity/v3"),
            Entry(type: "compute", name: "nova", path: "/compute/v2.1"),
            Entry(type: "volumev3", name: "cinderv3", path: "/volume/v3/\(projectID)"),
            Entry(type: "block-storage", name: "cinder", path: "/volume/v3/\(projectID)"),
            Entry(type: "image", name: "glance", path: "/image"),
            Entry(type: "network", name: "neutron", path: "/network"),
        ]
        return .array(
            entries.map { entry in
                let endpoints: [JSON] = ["public", "internal", "admin"].map { interface in
                    [
                        "id": .string(StableID.make("endpoint", entry.type + "/" + interface)),
                        "interface": .string(interface),
                        "region": .string(region),
                        "region_id": .string(region),
                        "url": .string(baseURL + entry.path),
                    ]
                }
                return [
                    "endpoints": .array(endpoints),
                    "id": .string(StableID.make("service", entry.type)),
                    "type": .string(entry.type),
                    "name": .string(entry.name),
                ]
            }
        )
    }
}
