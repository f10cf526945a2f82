import Foundation

extension CloudState {
    /// Query keys of `GET /v2/images` that are not property filters.
    private static let listControlKeys: Set<String> = ["limit", "marker", "sort_key", "sort_dir", "sort", "member_status"]

    /// `GET /v2/images`: Glance's filters (`name`, `status`, `visibility`, `tag`, `owner`, any property),
    /// newest first, 25 per page unless `limit` says otherwise, with a relative `next` link.
    func listImages(_ call: ServiceCall) -> SimulatorReply {
        let query = call.query
        let principal = call.principal
        var matching = images.values.filter { !$0.deleted && $0.isVisible(to: principal) }
        if let visibility = query["visibility"] {
            if visibility != "all" {
                matching = matching.filter { $0.visibility == visibility }
            }
        } else {
            matching = matching.filter { $0.visibility != "community" || $0.ownerID == principal.projectID }
        }
        let hidden = query["os_hidden"].map { $0.lowercased() == "true" } ?? false
        matching = matching.filter { $0.hidden == hidden }
        for tag in query.all("tag") {
            matching = matching.filter { $0.tags.contains(tag) }
        }
        for field in ["created_at", "updated_at"] {
            guard let text = query[field] else { continue }
            guard let filter = TimeComparisonFilter(text) else {
                return glanceError(400, "Invalid \(field) filter '\(text)': expected OPERATOR:TIMESTAMP", call)
            }
            matching = matching.filter { filter.matches(field == "created_at" ? $0.createdAt : $0.updatedAt) }
        }
        for (name, value) in query.pairs where !Self.listControlKeys.contains(name)
            && !["visibility", "tag", "os_hidden", "created_at", "updated_at"].contains(name) {
            matching = matching.filter { Self.image($0, field: name) == value }
        }
        matching.sort { ($0.createdAt, $0.sequence) > ($1.createdAt, $1.sequence) }
        if query["sort_key"] != nil || query["sort"] != nil {
            let key = query["sort_key"] ?? String(query["sort"]?.split(separator: ":").first ?? "created_at")
            let ascending = (query["sort_dir"] ?? String(query["sort"]?.split(separator: ":").dropFirst().first ?? "desc")) == "asc"
            matching.sort { lhs, rhs in
                let (a, b) = (Self.image(lhs, field: key) ?? "", Self.image(rhs, field: key) ?? "")
                if a == b { return (lhs.createdAt, lhs.sequence) > (rhs.createdAt, rhs.sequence) }
                return ascending ? a < b : a > b
            }
        }
        if let marker = query["marker"] {
            guard let index = matching.firstIndex(where: { $0.id == marker }) else {
                return glanceError(400, "No image found with ID \(marker)", call)
            }
            matching = Array(matching[(index + 1)...])
        }
        var limit = 25
        if let text = query["limit"] {
            guard let value = Int(text), value >= 0 else {
                return glanceError(400, "limit param must be an integer", call)
            }
            limit = min(value, 1000)
        }
        let page = Array(matching.prefix(limit))
        let firstQuery = query.removing("marker").encoded
        var body: [String: JSON] = [
            "images": .array(page.map(GlanceImageView.view)),
            "first": .string("/v2/images" + (firstQuery.isEmpty ? "" : "?" + firstQuery)),
            "schema": "/v2/schemas/images",
        ]
        if let last = page.last, page.count == limit {
            body["next"] = .string("/v2/images?" + query.setting("limit", to: String(limit)).setting("marker", to: last.id).encoded)
        }
        return .json(200, .object(body))
    }

    /// The text value of a field or property for filtering and sorting.
    private static func image(_ image: ImageRecord, field: String) -> String? {
        switch field {
        case "id": return image.id
        case "name": return image.name
        case "status": return image.status
        case "owner": return image.ownerID
        case "container_format": return image.containerFormat
        case "disk_format": return image.diskFormat
        case "protected": return image.protected ? "true" : "false"
        case "min_disk": return String(image.minDisk)
        case "min_ram": return String(image.minRAM)
        case "size": return image.size.map(String.init)
        case "created_at": return Timestamp.microseconds(image.createdAt)
        case "updated_at": return Timestamp.microseconds(image.updatedAt)
        default: return image.properties[field]
        }
    }
}
