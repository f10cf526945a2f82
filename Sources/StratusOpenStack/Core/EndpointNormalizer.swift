/// Turns catalog or override URLs into the versioned base URLs the clients append paths to.
enum EndpointNormalizer {
    /// Substitutes the project id, trims the trailing slash and adds the API version a catalog may
    /// leave out: compute `/v2.1`, block storage `/v3`, image `/v2`, identity `/v3`, network `/v2.0`.
    static func normalize(_ raw: String, service: ServiceType, projectID: String?) -> String {
        var url = raw
        if let projectID {
            for placeholder in ["$(project_id)s", "%(project_id)s", "$(tenant_id)s", "%(tenant_id)s", "{project_id}"] {
                url = url.replacingOccurrences(of: placeholder, with: projectID)
            }
        }
        while url.hasSuffix("/") { url.removeLast() }
        let segments = pathSegments(url)
        switch service {
        case .compute where !segments.contains(where: { $0.hasPrefix("v2") }):
            url += "/v2.1"
        case .blockStorage where !segments.contains(where: { $0.hasPrefix("v3") }):
            url += "/v3"
        case .image where segments.last?.hasPrefix("v2") != true:
            url += "/v2"
        case .identity where !segments.contains(where: { $0.hasPrefix("v3") }):
            url += "/v3"
        case .network where segments.last != "v2.0":
            url += "/v2.0"
        default:
            break
        }
        return url
    }

    /// The URL of the version document for a versioned base: everything up to the version segment,
    /// plus "/" (so `…/v3/<project>` asks `…/v3/`).
    static func versionDocumentURL(_ base: String) -> String {
        guard let schemeEnd = base.range(of: "://") else { return base + "/" }
        let afterScheme = base[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return base + "/" }
        let host = base[..<slash]
        var kept: [Substring] = []
        for segment in base[slash...].split(separator: "/") {
            kept.append(segment)
            if segment.first == "v", segment.dropFirst().first?.isNumber == true { break }
        }
        return host + "/" + kept.joined(separator: "/") + "/"
    }

    private static func pathSegments(_ url: String) -> [Substring] {
        guard let schemeEnd = url.range(of: "://") else { return [] }
        let afterScheme = url[schemeEnd.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return [] }
        return url[slash...].split(separator: "/")
    }
}
