import Foundation

/// The filters of a Nova server list.
struct NovaServerFilter {
    /// A filter value Nova refuses.
    struct Invalid: Error {
        var message: String
    }

    var projectID: String?
    var namePattern: String?
    var statuses: [String] = []
    var changesSince: Date?
    var changesBefore: Date?
    var allTags: [String] = []
    var anyTags: [String] = []
    var notAllTags: [String] = []
    var notAnyTags: [String] = []
    var imageID: String?
    var flavorID: String?

    /// Reads the filters of `call`; tag filters need 2.26 and `changes-before` 2.66 (ignored below).
    static func parse(_ call: ServiceCall, allTenants: Bool) -> Result<NovaServerFilter, Invalid> {
        let query = call.query
        var filter = NovaServerFilter()
        if !allTenants {
            filter.projectID = call.principal.projectID
        } else if let project = query["project_id"] ?? query["tenant_id"] {
            filter.projectID = project
        }
        filter.namePattern = query["name"]
        filter.statuses = query.all("status").flatMap { $0.split(separator: ",").map { $0.uppercased() } }
        if let text = query["changes-since"] {
            guard let date = Timestamp.parse(text) else {
                return .failure(Invalid(message: "Invalid input for query parameters changes-since. Value: \(text). '\(text)' is not a 'date-time'"))
            }
            filter.changesSince = date
        }
        if call.version >= APIVersion(2, 66), let text = query["changes-before"] {
            guard let date = Timestamp.parse(text) else {
                return .failure(Invalid(message: "Invalid input for query parameters changes-before. Value: \(text). '\(text)' is not a 'date-time'"))
            }
            filter.changesBefore = date
        }
        if let since = filter.changesSince, let before = filter.changesBefore, since > before {
            return .failure(Invalid(message: "The value of changes-since must be less than or equal to changes-before."))
        }
        if call.version >= APIVersion(2, 26) {
            func list(_ name: String) -> [String] {
                query.all(name).flatMap { $0.split(separator: ",").map(String.init) }
            }
            filter.allTags = list("tags")
            filter.anyTags = list("tags-any")
            filter.notAllTags = list("not-tags")
            filter.notAnyTags = list("not-tags-any")
        }
        filter.imageID = query["image"]
        filter.flavorID = query["flavor"]
        return .success(filter)
    }

    /// Whether `server` passes every filter. Deleted servers are listed only with
    /// `changes-since`/`changes-before`, like Nova.
    func matches(_ server: ServerRecord) -> Bool {
        if let projectID, server.projectID != projectID { return false }
        if server.deleted && changesSince == nil && changesBefore == nil { return false }
        if let changesSince, server.updatedAt < changesSince { return false }
        if let changesBefore, server.updatedAt > changesBefore { return false }
        let status = server.deleted ? "DELETED" : server.status
        if !statuses.isEmpty && !statuses.contains(status) { return false }
        if let namePattern, !Self.name(server.name, matches: namePattern) { return false }
        if let imageID, server.imageID != imageID { return false }
        if let flavorID, server.flavor.id != flavorID { return false }
        let tags = Set(server.deleted ? [] : server.tags)
        if !allTags.isEmpty && !allTags.allSatisfy(tags.contains) { return false }
        if !anyTags.isEmpty && !anyTags.contains(where: tags.contains) { return false }
        if !notAllTags.isEmpty && notAllTags.allSatisfy(tags.contains) { return false }
        if !notAnyTags.isEmpty && notAnyTags.contains(where: tags.contains) { return false }
        return true
    }

    /// Nova's default order: `created_at` descending (creation order breaks ties).
    static func newestFirst(_ lhs: ServerRecord, _ rhs: ServerRecord) -> Bool {
        (lhs.createdAt, lhs.sequence) > (rhs.createdAt, rhs.sequence)
    }

    /// Nova matches `name` as a regular expression searched anywhere in the name; an invalid
    /// expression falls back to a substring match.
    static func name(_ name: String, matches pattern: String) -> Bool {
        if let regex = try? Regex(pattern) {
            return name.contains(regex)
        }
        return name.contains(pattern)
    }
}
