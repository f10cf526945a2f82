import CoreMetrics
import Metrics

/// The client's swift-metrics instruments: one increment per HTTP attempt, one per retry, and
/// the duration of each attempt.
///
/// - `stratus_cloud_requests_total{service, route, status}` — `status` is the HTTP code, or
///   `error` when no response arrived (connection refused, timeout, …).
/// - `stratus_cloud_retries_total{service, route}` — attempts the retry policy decided to repeat.
/// - `stratus_cloud_request_duration_seconds{service}` — one observation per attempt.
///
/// `route` is the request's method and path with ids replaced by placeholders
/// (`GET /servers/{id}`), so the number of series stays bounded.
struct CloudMetrics: Sendable {
    static let requestsLabel = "stratus_cloud_requests_total"
    static let retriesLabel = "stratus_cloud_retries_total"
    static let durationLabel = "stratus_cloud_request_duration_seconds"

    let factory: any MetricsFactory
    /// Timers of the known services, made once.
    private let timers: [String: CoreMetrics.Timer]

    init(factory: any MetricsFactory) {
        self.factory = factory
        var timers: [String: CoreMetrics.Timer] = [:]
        for service in [ServiceType.identity, .compute, .blockStorage, .image] {
            timers[service.name] = CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("service", service.name)], factory: factory)
        }
        self.timers = timers
    }

    /// One attempt ended with `status` (an HTTP code, or nil when it produced no response).
    func attempt(service: String, route: String, status: Int?, duration: Duration) {
        Counter(label: Self.requestsLabel,
                dimensions: [("service", service), ("route", route), ("status", status.map(String.init) ?? "error")],
                factory: factory).increment()
        let timer = timers[service] ?? CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("service", service)], factory: factory)
        timer.record(duration: duration)
    }

    /// The retry policy repeats an attempt.
    func retry(service: String, route: String) {
        Counter(label: Self.retriesLabel, dimensions: [("service", service), ("route", route)], factory: factory).increment()
    }
}

/// Turns a request's route (`GET /servers/5f0c…/action`) into a template
/// (`GET /servers/{id}/action`) for metric dimensions: a segment after a collection name, or one
/// that looks like an id (a UUID, hex or a number), becomes a placeholder.
enum RouteTemplate {
    /// Collections whose next segment is one member's id (or name), with the placeholder to use.
    private static let collections: [Substring: String] = [
        "servers": "{id}", "volumes": "{id}", "images": "{id}", "flavors": "{id}", "snapshots": "{id}",
        "os-volume_attachments": "{id}", "attachments": "{id}", "projects": "{id}", "users": "{id}",
        "os-keypairs": "{name}", "tags": "{tag}", "types": "{id}", "backups": "{id}",
    ]
    /// Words that follow a collection name but are not ids.
    private static let literals: Set<Substring> = ["detail", "action", "file", "summary", "count"]

    static func of(_ route: String) -> String {
        guard let space = route.firstIndex(of: " ") else { return route }
        let method = route[..<space]
        let path = route[route.index(after: space)...]
        guard path.hasPrefix("/") else { return route }
        var out = String(method) + " "
        out.reserveCapacity(route.count)
        var previous: Substring = ""
        for segment in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            out += "/"
            if segment.isEmpty {
                // keep "//" or a trailing "/" as it was
            } else if let placeholder = collections[previous], !literals.contains(segment) {
                out += placeholder
            } else if looksLikeID(segment) {
                out += "{id}"
            } else {
                out += segment
            }
            previous = segment
        }
        return out
    }

    /// A UUID (with or without dashes), a long hex string, or a number.
    static func looksLikeID(_ segment: Substring) -> Bool {
        if segment.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        let hex = segment.filter { $0 != "-" }
        return hex.count >= 16 && hex.allSatisfy { $0.isHexDigit } && hex.contains(where: \.isNumber)
    }
}
