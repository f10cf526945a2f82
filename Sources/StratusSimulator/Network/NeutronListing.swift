import Foundation

/// Neutron's list filters, sorting and paging, applied to rendered resources.
///
/// Any attribute of the rendered resource is a filter (`name=web`, `router:external=true`,
/// repeated `id=` for several ids); `tags`, `tags-any`, `not-tags`, `not-tags-any` take
/// comma-separated tags; `fields` is ignored; an attribute the resource lacks is a 400, as with
/// Neutron's filter validation. Paging is `limit` + `marker` in id order with `next`/`previous` links.
extension CloudState {
    private static let reservedListKeys: Set<String> = [
        "fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir", "tags", "tags-any", "not-tags",
        "not-tags-any",
    ]

    /// The ids a list asks for with repeated `id=` (nil: no id filter), so lists render only those.
    func wantedIDs(_ call: ServiceCall) -> Set<String>? {
        let ids = call.query.all("id")
        return ids.isEmpty ? nil : Set(ids)
    }

    /// The records a list renders: with `id=`, only those ids (looked up, not scanned); live ones
    /// the caller may see; in creation order.
    func listed<Record: NeutronRecord>(_ records: [String: Record], _ call: ServiceCall,
                                       visible: (Record) -> Bool) -> [Record] {
        let candidates = wantedIDs(call).map { ids in ids.compactMap { records[$0] } } ?? Array(records.values)
        return candidates.filter { $0.isLive && visible($0) }.sorted { $0.standard.sequence < $1.standard.sequence }
    }

    /// Answers a list request over `items` (already restricted to what the caller may see, in creation order).
    func neutronList(_ call: ServiceCall, collection: String, path: String, items: [[String: JSON]]) -> SimulatorReply {
        let query = call.query
        var filters: [String: [String]] = [:]
        for (name, value) in query.pairs where !Self.reservedListKeys.contains(name) {
            filters[name, default: []].append(value)
        }
        let known = Set(items.first?.keys.map { $0 } ?? []).union(["id", "name", "tenant_id", "project_id", "description"])
        let invalid = filters.keys.filter { !known.contains($0) && !(path == "ports" && $0 == "fixed_ips") }.sorted()
        if !invalid.isEmpty && !items.isEmpty {
            let list = invalid.map { "'\($0)'" }.joined(separator: ", ")
            return neutronBadRequest("[\(list)] is invalid attribute for filtering")
        }
        func tagList(_ name: String) -> [String] {
            query.all(name).flatMap { $0.split(separator: ",").map(String.init) }
        }
        let allTags = tagList("tags"), anyTags = tagList("tags-any")
        let notAllTags = tagList("not-tags"), notAnyTags = tagList("not-tags-any")
        var matching = items.filter { item in
            for (name, values) in filters {
                if name == "fixed_ips" {
                    guard Self.matchesFixedIPs(item["fixed_ips"], values) else { return false }
                    continue
                }
                guard Self.matches(item[name] ?? .null, values) else { return false }
            }
            let tags = Set(item["tags"]?.stringArray ?? [])
            if !allTags.isEmpty && !allTags.allSatisfy(tags.contains) { return false }
            if !anyTags.isEmpty && !anyTags.contains(where: tags.contains) { return false }
            if !notAllTags.isEmpty && notAllTags.allSatisfy(tags.contains) { return false }
            if !notAnyTags.isEmpty && notAnyTags.contains(where: tags.contains) { return false }
            return true
        }
        let limit = query["limit"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let marker = query["marker"]
        let sortKey = query["sort_key"]
        if limit != nil || marker != nil || sortKey != nil {
            let key = sortKey ?? "id"
            let descending = query["sort_dir"]?.lowercased() == "desc"
            matching.sort { lhs, rhs in
                let left = Self.sortText(lhs[key]), right = Self.sortText(rhs[key])
                if left != right { return descending ? left > right : left < right }
                return Self.sortText(lhs["id"]) < Self.sortText(rhs["id"])
            }
        }
        if query["page_reverse"]?.lowercased() == "true" {
            matching.reverse()
        }
        if let marker {
            if let index = matching.firstIndex(where: { $0["id"]?.stringValue == marker }) {
                matching = Array(matching[(index + 1)...])
            } else if sortKey == nil {
                let reverse = query["page_reverse"]?.lowercased() == "true"
                matching = matching.filter {
                    let id = $0["id"]?.stringValue ?? ""
                    return reverse ? id < marker : id > marker
                }
            }
        }
        let page = limit.map { Array(matching.prefix($0)) } ?? matching
        var body: [String: JSON] = [collection: .array(page.map(JSON.object))]
        if let limit {
            let base = "\(call.request.baseURL)/network/v2.0/\(path)"
            var links: [JSON] = []
            let plain = query.removing("page_reverse")
            if page.count == limit, let last = page.last?["id"]?.stringValue {
                links.append(["rel": "next", "href": .string("\(base)?\(plain.setting("marker", to: last).encoded)")])
            }
            if let first = page.first?["id"]?.stringValue {
                let previous = plain.setting("marker", to: first).setting("page_reverse", to: "True")
                links.append(["rel": "previous", "href": .string("\(base)?\(previous.encoded)")])
            }
            body["\(collection)_links"] = .array(links)
        }
        return .json(200, .object(body))
    }

    /// Whether a rendered value matches one of the filter values.
    private static func matches(_ value: JSON, _ wanted: [String]) -> Bool {
        switch value {
        case .array(let elements):
            return elements.contains { matches($0, wanted) }
        case .bool(let flag):
            return wanted.contains { ["true": true, "1": true, "false": false, "0": false][$0.lowercased()] == flag }
        case .null:
            return wanted.contains("")
        default:
            return wanted.contains(sortText(value))
        }
    }

    /// `fixed_ips=ip_address=10.0.0.3` and `fixed_ips=subnet_id=…` (all must hold).
    private static func matchesFixedIPs(_ value: JSON?, _ wanted: [String]) -> Bool {
        let entries = value?.arrayValue ?? []
        return wanted.allSatisfy { condition in
            let parts = condition.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return false }
            return entries.contains { $0[parts[0]]?.stringValue == parts[1] }
        }
    }

    private static func sortText(_ value: JSON?) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return ""
        }
    }
}
