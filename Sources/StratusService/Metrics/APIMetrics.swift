import CoreMetrics
import Metrics

/// One API's swift-metrics instruments:
///
/// - `stratus_api_requests_total{api, action, code}` — every answered request; `code` is the
///   answer's densefog code (0 for success), `action` is `unknown` for requests that named no
///   action this API offers (so clients cannot make new series).
/// - `stratus_api_request_duration_seconds{api, action}` — time to answer.
///
/// The success counter and the timer of every routed action are made once, up front, so the hot
/// path is a dictionary lookup and an atomic add; error counters are made when first needed.
public final class APIMetrics: Sendable {
    static let requestsLabel = "stratus_api_requests_total"
    static let durationLabel = "stratus_api_request_duration_seconds"
    static let unknownAction = "unknown"

    private struct Instruments: Sendable {
        var succeeded: Counter
        var duration: CoreMetrics.Timer
    }

    /// The API measured.
    public let api: APIKind
    private let factory: any MetricsFactory
    private let byAction: [String: Instruments]

    /// Makes the instruments of every action in `actions` (and of `unknown`).
    /// - Parameter metricsFactory: nil uses `MetricsSystem.factory` as bootstrapped now.
    public init(api: APIKind, actions: [String], metricsFactory: (any MetricsFactory)? = nil) {
        self.api = api
        let factory = metricsFactory ?? MetricsSystem.factory
        self.factory = factory
        var byAction: [String: Instruments] = [:]
        for action in actions + [Self.unknownAction] {
            byAction[action] = Instruments(
                succeeded: Counter(label: Self.requestsLabel,
                                   dimensions: [("api", api.rawValue), ("action", action), ("code", "0")], factory: factory),
                duration: CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("api", api.rawValue), ("action", action)],
                                            factory: factory))
        }
        self.byAction = byAction
    }

    /// Records one answered request.
    func record(action: String?, code: Int, elapsed: Duration) {
        let name = action.flatMap { byAction[$0] == nil ? nil : $0 } ?? Self.unknownAction
        let instruments = byAction[name]!
        if code == 0 {
            instruments.succeeded.increment()
        } else {
            Counter(label: Self.requestsLabel, dimensions: [("api", api.rawValue), ("action", name), ("code", String(code))],
                    factory: factory).increment()
        }
        instruments.duration.record(duration: elapsed)
    }
}
