/// Request counters of a running simulator (`GET /_sim/stats` returns the same as JSON).
///
/// `/_sim/*` requests are never counted.
public struct SimulatorStats: Sendable, Codable, Equatable {
    /// All counted requests.
    public var total: Int
    /// Requests per route, keyed `"METHOD /path"` with ids folded to placeholders,
    /// e.g. `"GET /compute/v2.1/servers/{id}"`.
    public var byRoute: [String: Int]
    /// Requests per HTTP status code (`"200"`, `"404"`, …); connections closed on purpose by
    /// drop-after-commit count as `"dropped"`.
    public var byStatus: [String: Int]
    /// Requests that got an injected fault (429, 500, 503 or a dropped connection; latency alone
    /// does not count).
    public var faultsInjected: Int

    /// Creates counters.
    /// - Parameters:
    ///   - total: All counted requests.
    ///   - byRoute: Requests per route.
    ///   - byStatus: Requests per status.
    ///   - faultsInjected: Requests that got an injected fault.
    public init(total: Int = 0, byRoute: [String: Int] = [:], byStatus: [String: Int] = [:], faultsInjected: Int = 0) {
        self.total = total
        self.byRoute = byRoute
        self.byStatus = byStatus
        self.faultsInjected = faultsInjected
    }

    /// Counts one request.
    mutating func record(route: String, status: String, fault: Bool) {
        total += 1
        byRoute[route, default: 0] += 1
        byStatus[status, default: 0] += 1
        if fault { faultsInjected += 1 }
    }
}
