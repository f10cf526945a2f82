import Foundation

extension CloudState {
    /// `GET /volumes` and `GET /volumes/detail` with Cinder's filters, sort, paging and `with_count`.
    func listVolumes(_ call: ServiceCall, detail: Bool) -> SimulatorReply {
        let query = call.query
        let unknown = query.pairs.map(\.name).filter { !Self.volumeListKeys.contains($0) }
        if !unknown.isEmpty {
            return cinderError(
                400, "Invalid filters \(Set(unknown).sorted().joined(separator: ", ")) are found in query options.", call)
        }
        let allTenants = call.principal.isAdmin && query.has("all_tenants") && query["all_tenants"] != "0"
            && query["all_tenants"]?.lowercased() != "false"
        var matching = volumes.values.filter { volume in
            guard !volume.deleted else { return false }
            if allTenants {
                if let project = query["project_id"], volume.projectID != project { return false }
            } else if volume.projectID != call.principal.projectID {
                return false
            }
            return true
        }
        if let status = query["status"] {
            matching = matching.filter { $0.status == status }
        }
        for field in ["created_at", "updated_at"] where call.version >= APIVersion(3, 60) {
            guard let text = query[field] else { continue }
            guard let filter = TimeComparisonFilter(text) else {
                return cinderError(400, "Invalid \(field) filter '\(text)': expected OPERATOR:TIMESTAMP", call)
            }
            matching = matching.filter { filter.matches(field == "created_at" ? $0.createdAt : ($0.updatedAt ?? $0.createdAt)) }
        }
        if let name = query["name"] {
            matching = matching.filter { $0.name == name }
        }
        if let pattern = query["name~"], call.version >= APIVersion(3, 34) {
            matching = matching.filter { $0.name?.contains(pattern) ?? false }
        }
        if let zone = query["availability_zone"] {
            matching = matching.filter { $0.availabilityZone == zone }
        }
        if let size = query["size"].flatMap(Int.init) {
            matching = matching.filter { $0.size == size }
        }
        if let bootable = query["bootable"]?.lowercased() {
            let wanted = ["true", "1", "yes"].contains(bootable)
            matching = matching.filter { $0.bootable == wanted }
        }
        if let text = query["metadata"] {
            guard let wanted = Self.metadataFilter(text) else {
                return cinderError(400, "Invalid input received: metadata filter \(text) is not a JSON object.", call)
            }
            matching = matching.filter { volume in wanted.allSatisfy { volume.metadata[$0.key] == $0.value } }
        }
        let keys: [VolumeSortKey]
        switch VolumeSortKey.parse(query) {
        case .success(let parsed): keys = parsed
        case .failure(let error): return cinderError(400, error.message, call)
        }
        matching.sort { VolumeSortKey.ordered($0, $1, by: keys) }
        let total = matching.count
        if let marker = query["marker"] {
            guard let markerVolume = volumes[marker], !markerVolume.deleted,
                call.principal.isAdmin || call.principal.owns(markerVolume.projectID)
            else {
                return volumeNotFound(marker, call)
            }
            matching = matching.filter { VolumeSortKey.ordered(markerVolume, $0, by: keys) }
        }
        var limit: Int?
        if let text = query["limit"] {
            guard let value = Int(text), value >= 0 else {
                return cinderError(400, "Invalid input received: limit must be a non-negative integer", call)
            }
            limit = min(value, 1000)
        }
        let page = Array(matching.prefix(limit ?? 1000))
        let base = call.request.baseURL
        var body: [String: JSON] = [
            "volumes": .array(page.map { detail ? CinderVolumeView.detail($0, call: call) : CinderVolumeView.summary($0, baseURL: base) })
        ]
        if let limit, let last = page.last, page.count == limit {
            let path = detail ? "volumes/detail" : "volumes"
            let next = query.setting("marker", to: last.id).encoded
            body["volumes_links"] = [
                ["rel": "next", "href": .string("\(base)/volume/v3/\(call.principal.projectID)/\(path)?\(next)")]
            ]
        }
        if call.version >= APIVersion(3, 45), query.flag("with_count") {
            body["count"] = .int(total)
        }
        return .json(200, .object(body))
    }

    /// Query keys Cinder accepts on volume lists (anything else is a 400, like Cinder's resource filters).
    static let volumeListKeys: Set<String> = [
        "status", "name", "name~", "metadata", "bootable", "availability_zone", "size", "all_tenants", "project_id",
        "limit", "marker", "offset", "sort", "sort_key", "sort_dir", "with_count", "migration_status", "group_id",
        "created_at", "updated_at",
    ]

    /// Cinder's `metadata` filter: a JSON object (`{"k": "v"}`), or Python's repr with single quotes.
    static func metadataFilter(_ text: String) -> [String: String]? {
        if let parsed = JSON.parse(Array(text.utf8))?.stringDictionary { return parsed }
        let swapped = text.replacingOccurrences(of: "'", with: "\"")
        return JSON.parse(Array(swapped.utf8))?.stringDictionary
    }
}
