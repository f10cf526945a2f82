/// A filter for listing jobs, newest first, in pages.
public struct JobQuery: Sendable, Hashable {
    public var projectID: String?
    public var ids: [JobID]?
    public var statuses: Set<JobStatus>?
    public var action: String?
    /// At most this many (1…1000).
    public var limit: Int
    /// Skip this many.
    public var offset: Int

    public init(
        projectID: String? = nil, ids: [JobID]? = nil, statuses: Set<JobStatus>? = nil, action: String? = nil,
        limit: Int = 100, offset: Int = 0
    ) {
        self.projectID = projectID
        self.ids = ids
        self.statuses = statuses
        self.action = action
        self.limit = limit
        self.offset = offset
    }
}

/// One page of jobs and the number matching in all.
public struct JobPage: Sendable, Hashable {
    public var jobs: [Job]
    public var total: Int

    public init(jobs: [Job], total: Int) {
        self.jobs = jobs
        self.total = total
    }

    /// The total a page implies, so stores count only when it does not: a page with rows but
    /// fewer than `limit` is the last one (total = offset + rows), and an empty first page means
    /// none. Nil for a full page or an empty page past the start — those need a `count(*)`, which
    /// costs milliseconds on a project with many jobs.
    static func impliedTotal(rows: Int, limit: Int, offset: Int) -> Int? {
        if rows > 0 && rows < limit { return offset + rows }
        if rows == 0 && offset == 0 { return 0 }
        return nil
    }
}
