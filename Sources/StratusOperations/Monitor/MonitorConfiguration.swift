/// How the ``OperationMonitor`` paces its polls. Every default is written here.
public struct MonitorConfiguration: Sendable, Hashable {
    /// The most requests per second the monitor sends to the cloud, all kinds and pages counted.
    /// Default 2.
    public var requestsPerSecond: Double
    /// The shortest time between two ticks. Default 0.25 s.
    public var minimumInterval: Duration
    /// The longest time between two ticks while something is pending. Default 5 s.
    public var maximumInterval: Duration
    /// When even the newest pending operation is older than this, polls slow down towards
    /// ``maximumInterval`` (long builds need no sub-second detection). Default 120 s.
    public var slowDownAfter: Duration
    /// How far before the last answer's cloud time the next `changes-since` starts (Nova's
    /// timestamps have whole seconds). Default 2 s.
    public var overlap: Duration
    /// Page size of list calls. Default 1000.
    public var pageSize: Int
    /// For kinds listed by id (Neutron floating IPs and ports): the most ids one list request
    /// names; more watched ids make several requests per tick. Default 100 (about 4 KB of query).
    public var idsPerRequest: Int

    /// Creates a configuration.
    public init(requestsPerSecond: Double = 2, minimumInterval: Duration = .milliseconds(250),
                maximumInterval: Duration = .seconds(5), slowDownAfter: Duration = .seconds(120),
                overlap: Duration = .seconds(2), pageSize: Int = 1000, idsPerRequest: Int = 100) {
        self.requestsPerSecond = requestsPerSecond
        self.minimumInterval = minimumInterval
        self.maximumInterval = maximumInterval
        self.slowDownAfter = slowDownAfter
        self.overlap = overlap
        self.pageSize = pageSize
        self.idsPerRequest = max(1, idsPerRequest)
    }
}
