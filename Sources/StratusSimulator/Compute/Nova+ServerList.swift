import Foundation

extension CloudState {
    /// `GET /servers` and `GET /servers/detail` with Nova's filters, newest first, paged by
    /// `limit` and `marker`.
    func listServers(_ call: ServiceCall, detail: Bool) -> SimulatorReply {
        let query = call.query
        let allTenants = query.has("all_tenants") && query["all_tenants"]?.lowercased() != "false"
            && query["all_tenants"] != "0"
        if allTenants && !call.principal.isAdmin {
            return novaError(
                403, "Policy doesn't allow os_compute_api:servers:index:get_all_tenants to be performed.", call)
        }
        let filter: NovaServerFilter
        switch NovaServerFilter.parse(call, allTenants: allTenants) {
        case .success(let parsed): filter = parsed
        case .failure(let error): return novaError(400, error.message, call)
        }
        let limit: Int?
        if let text = query["limit"] {
            guard let value = Int(text), value >= 0 else {
                return novaError(
                    400, "Invalid input for query parameters limit. Value: \(text). '\(text)' does not match '^[0-9]*$'",
                    call)
            }
            limit = min(value, 1000)
        } else {
            limit = nil
        }

        var matching = servers.values.filter { filter.matches($0) }
        matching.sort(by: NovaServerFilter.newestFirst)
        if let marker = query["marker"] {
            guard let markerServer = servers[marker],
                call.principal.isAdmin || call.principal.owns(markerServer.projectID)
            else {
                return novaError(400, "marker [\(marker)] not found", call)
            }
            matching = matching.filter { NovaServerFilter.newestFirst(markerServer, $0) }
        }
        let effectiveLimit = limit ?? 1000
        let page = Array(matching.prefix(effectiveLimit))
        let base = call.request.baseURL
        let items = page.map { server in
            detail ? serverDetail(server, call: call, forShow: false) : NovaServerView.summary(server, baseURL: base)
        }
        var body: [String: JSON] = ["servers": .array(items)]
        if let last = page.last, page.count == effectiveLimit {
            let path = detail ? "servers/detail" : "servers"
            let next = query.setting("marker", to: last.id).encoded
            body["servers_links"] = [["rel": "next", "href": .string("\(base)/compute/v2.1/\(path)?\(next)")]]
        }
        return .json(200, .object(body))
    }
}
