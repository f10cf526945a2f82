import Foundation

/// A tenant of the service: every resource, job and access key belongs to one.
public struct Project: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var created: Date

    public init(id: String, name: String, created: Date) {
        self.id = id
        self.name = name
        self.created = created
    }
}

/// How much a project may hold. Kinds are free-form (`instance`, `volume`, …); each kind has a
/// count limit and, optionally, a limit on the sum of its rows' `size`.
public struct Quota: Sendable, Hashable, Codable {
    public struct Limit: Sendable, Hashable, Codable {
        public var count: Int
        /// Limit on the summed `size` of the kind's resources (e.g. GiB of volumes); nil = none.
        public var totalSize: Int?

        public init(count: Int, totalSize: Int? = nil) {
            self.count = count
            self.totalSize = totalSize
        }
    }

    public var limits: [String: Limit]

    public init(limits: [String: Limit]) { self.limits = limits }
}

/// What a project holds now, per kind (resources not yet deleted).
public struct Usage: Sendable, Hashable, Codable {
    public var count: Int
    public var totalSize: Int

    public init(count: Int, totalSize: Int) {
        self.count = count
        self.totalSize = totalSize
    }
}

/// One resource row, kept by the service for any kind of resource: id, project, status (the
/// `-ing` statuses are "busy"), the cloud's id once known, the job driving it, a size counted
/// against quota, and free JSON attributes.
public struct ResourceRow: Sendable, Hashable {
    public var id: String
    public var projectID: String
    public var kind: String
    public var status: String
    public var name: String
    public var size: Int
    /// The id of the backing resource in the cloud (e.g. the Nova server id), once known.
    public var providerID: String?
    /// The job currently driving the resource, if any.
    public var jobID: String?
    /// JSON object with kind-specific fields.
    public var attributes: [UInt8]
    public var created: Date
    public var updated: Date

    public init(
        id: String, projectID: String, kind: String, status: String, name: String, size: Int = 0,
        providerID: String? = nil, jobID: String? = nil, attributes: [UInt8] = Array("{}".utf8), created: Date,
        updated: Date
    ) {
        self.id = id
        self.projectID = projectID
        self.kind = kind
        self.status = status
        self.name = name
        self.size = size
        self.providerID = providerID
        self.jobID = jobID
        self.attributes = attributes
        self.created = created
        self.updated = updated
    }

    /// densefog's rule: a status ending in `-ing` (e.g. `creating`, `deleting`) is busy.
    public var isBusy: Bool { status.hasSuffix("ing") }

    /// Whether the resource no longer counts (deleted rows are kept for a while for Describe).
    public var isDeleted: Bool { status == "deleted" }
}

/// A filter for listing resources, newest first.
public struct ResourceQuery: Sendable, Hashable {
    public var projectID: String?
    public var kind: String
    public var ids: [String]?
    public var statuses: [String]?
    public var includeDeleted: Bool
    public var limit: Int
    public var offset: Int

    public init(
        projectID: String?, kind: String, ids: [String]? = nil, statuses: [String]? = nil, includeDeleted: Bool = false,
        limit: Int = 100, offset: Int = 0
    ) {
        self.projectID = projectID
        self.kind = kind
        self.ids = ids
        self.statuses = statuses
        self.includeDeleted = includeDeleted
        self.limit = limit
        self.offset = offset
    }
}
