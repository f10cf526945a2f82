import CoreMetrics

/// The monitor's swift-metrics instruments, made once per monitor:
///
/// - `stratus_monitor_polls_total{kind}` — list calls (one per kind per tick with pending watches;
///   for kinds listed by id, one per chunk of watched ids).
/// - `stratus_operations_pending{kind}` — watches waiting for their resource, set after every tick.
struct MonitorMetrics: Sendable {
    static let pollsLabel = "stratus_monitor_polls_total"
    static let pendingLabel = "stratus_operations_pending"

    private let polls: [ResourceKind: Counter]
    private let pending: [ResourceKind: Gauge]

    init(factory: any MetricsFactory) {
        var polls: [ResourceKind: Counter] = [:]
        var pending: [ResourceKind: Gauge] = [:]
        for kind in ResourceKind.allCases {
            polls[kind] = Counter(label: Self.pollsLabel, dimensions: [("kind", kind.rawValue)], factory: factory)
            pending[kind] = Gauge(label: Self.pendingLabel, dimensions: [("kind", kind.rawValue)], factory: factory)
        }
        self.polls = polls
        self.pending = pending
    }

    func polled(_ kind: ResourceKind) {
        polls[kind]?.increment()
    }

    /// Sets every kind's gauge (kinds absent from `counts` to 0).
    func setPending(_ counts: [ResourceKind: Int]) {
        for (kind, gauge) in pending { gauge.record(counts[kind] ?? 0) }
    }
}
