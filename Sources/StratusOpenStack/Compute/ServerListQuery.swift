import Foundation

/// Filters for `GET /servers/detail`.
public struct ServerListQuery: Sendable, Hashable {
    /// Name filter (Nova treats it as a regular expression).
    public var name: String?
    /// Status filter.
    public var status: ServerStatus?
    /// Servers that have all these tags (2.26+).
    public var tags: [String]
    /// Servers that have any of these tags (2.26+).
    public var tagsAny: [String]
    /// Servers that lack all of these tags (2.26+).
    public var notTags: [String]
    /// Servers changed at or after this time — deleted ones included, with status DELETED.
    public var changesSince: Date?
    /// Servers changed before this time (2.66+; the client refuses it on older clouds rather than
    /// letting Nova silently ignore it).
    public var changesBefore: Date?
    /// Page size.
    public var limit: Int?
    /// The last id of the previous page.
    public var marker: String?
    /// Every project's servers (admin).
    public var allProjects: Bool
    /// Only this project's servers (admin, with ``allProjects``).
    public var projectID: String?
    /// Only servers on this compute host (admin).
    public var host: String?

    /// Creates a query.
    public init(
        name: String? = nil, status: ServerStatus? = nil, tags: [String] = [], tagsAny: [String] = [],
        notTags: [String] = [], changesSince: Date? = nil, changesBefore: Date? = nil, limit: Int? = nil,
        marker: String? = nil, allProjects: Bool = false, projectID: String? = nil, host: String? = nil
    ) {
        self.name = name
        self.status = status
        self.tags = tags
        self.tagsAny = tagsAny
        self.notTags = notTags
        self.changesSince = changesSince
        self.changesBefore = changesBefore
        self.limit = limit
        self.marker = marker
        self.allProjects = allProjects
        self.projectID = projectID
        self.host = host
    }

    func queryItems(microversion: Microversion) throws -> [(String, String)] {
        var items: [(String, String)] = []
        if let name { items.append(("name", name)) }
        if let status { items.append(("status", status.rawValue)) }
        let tagFilters = [("tags", tags), ("tags-any", tagsAny), ("not-tags", notTags)]
        for (key, values) in tagFilters where !values.isEmpty {
            guard microversion >= .computeTags else {
                throw OpenStackError(code: .unsupported, message: "the '\(key)' filter needs compute microversion "
                                        + "\(Microversion.computeTags); this cloud offers \(microversion)", service: "compute")
            }
            items.append((key, values.joined(separator: ",")))
        }
        if let changesSince { items.append(("changes-since", OpenStackDate.format(changesSince))) }
        if let changesBefore {
            guard microversion >= .computeChangesBefore else {
                throw OpenStackError(code: .unsupported, message: "the 'changes-before' filter needs compute microversion "
                                        + "\(Microversion.computeChangesBefore); this cloud offers \(microversion)", service: "compute")
            }
            items.append(("changes-before", OpenStackDate.format(changesBefore)))
        }
        if let limit { items.append(("limit", String(limit))) }
        if let marker { items.append(("marker", marker)) }
        if allProjects { items.append(("all_tenants", "True")) }
        if let projectID { items.append(("project_id", projectID)) }
        if let host { items.append(("host", host)) }
        return items
    }
}
