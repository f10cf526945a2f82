extension CloudState {
    /// `GET /flavors` and `GET /flavors/detail`, with `minRam`, `minDisk`, `limit` and `marker`.
    func listFlavors(_ call: ServiceCall, detail: Bool) -> SimulatorReply {
        let query = call.query
        var flavors = Flavor.catalog
        if let minRAM = query["minRam"].flatMap(Int.init) {
            flavors = flavors.filter { $0.ram >= minRAM }
        }
        if let minDisk = query["minDisk"].flatMap(Int.init) {
            flavors = flavors.filter { $0.disk >= minDisk }
        }
        if let marker = query["marker"] {
            guard let index = Flavor.catalog.firstIndex(where: { $0.id == marker }) else {
                return novaError(400, "marker [\(marker)] not found", call)
            }
            let after = Set(Flavor.catalog[(index + 1)...].map(\.id))
            flavors = flavors.filter { after.contains($0.id) }
        }
        var body: [String: JSON] = [:]
        if let limit = query["limit"].flatMap(Int.init), limit >= 0 {
            flavors = Array(flavors.prefix(limit))
            if let last = flavors.last, flavors.count == limit {
                let path = detail ? "flavors/detail" : "flavors"
                let next = query.setting("marker", to: last.id).encoded
                body["flavors_links"] = [["rel": "next", "href": .string("\(call.request.baseURL)/compute/v2.1/\(path)?\(next)")]]
            }
        }
        body["flavors"] = .array(flavors.map { Self.flavorView($0, call: call, detail: detail) })
        return .json(200, .object(body))
    }

    /// `GET /flavors/{id}`.
    func showFlavor(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let flavor = Flavor.catalog.first(where: { $0.id == id }) else {
            return novaError(404, "Flavor \(id) could not be found.", call)
        }
        return .json(200, ["flavor": Self.flavorView(flavor, call: call, detail: true)])
    }

    /// A flavor as Nova shows it at the call's microversion.
    static func flavorView(_ flavor: Flavor, call: ServiceCall, detail: Bool) -> JSON {
        let version = call.version
        var body: [String: JSON] = [
            "id": .string(flavor.id), "name": .string(flavor.name),
            "links": NovaServerView.links("flavors", flavor.id, baseURL: call.request.baseURL),
        ]
        if version >= APIVersion(2, 55) {
            body["description"] = .null
        }
        guard detail else { return .object(body) }
        body["ram"] = .int(flavor.ram)
        body["disk"] = .int(flavor.disk)
        body["vcpus"] = .int(flavor.vcpus)
        body["OS-FLV-EXT-DATA:ephemeral"] = .int(flavor.ephemeral)
        body["os-flavor-access:is_public"] = true
        if version >= APIVersion(2, 75) {
            body["swap"] = .int(flavor.swap)
        } else {
            body["swap"] = flavor.swap == 0 ? "" : .int(flavor.swap)
        }
        if version < APIVersion(2, 102) {
            body["OS-FLV-DISABLED:disabled"] = false
            body["rxtx_factor"] = .double(1.0)
        }
        if version >= APIVersion(2, 61) {
            body["extra_specs"] = [:]
        }
        return .object(body)
    }
}
