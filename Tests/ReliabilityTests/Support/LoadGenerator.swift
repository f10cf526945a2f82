import AsyncHTTPClient
import Foundation
import StratusService

/// A bounded load generator: `connections` loops sending signed requests back to back until
/// stopped, recording each answer's latency and whether it was a success.
final class LoadGenerator: @unchecked Sendable {
    struct Summary: Sendable {
        var requests: Int
        var errors: Int
        var firstError: String?
        var seconds: Double
        var p50: Duration
        var p99: Duration
        var perSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    private let lock = NSLock()
    private var latencies: [Duration] = []
    private var errors = 0
    private var firstError: String?
    private var task: Task<Void, Never>?
    private var started = ContinuousClock.now

    /// Its own HTTP client, with a connection per loop: the load must not queue in (or starve)
    /// the pool the scenario's own calls use.
    private var http: HTTPClient?

    /// Starts sending `action` with `params` as the access key `keyID`/`secret` to `baseURL`.
    func start(baseURL: String, keyID: String, secret: String, action: String, params: [String: Any], connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.http = http
        let client = ActionClient(baseURL: baseURL, accessKeyID: keyID, secret: secret, httpClient: http)
        started = .now
        let body = Array((try? JSONSerialization.data(withJSONObject: params.merging(["action": action]) { $1 })) ?? Data())
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<connections {
                    group.addTask {
                        while !Task.isCancelled {
                            let begin = ContinuousClock.now
                            let outcome: String?
                            do {
                                let answer = try await client.send(body: body)
                                outcome = answer.code == 0 ? nil : "code \(answer.code): \(answer.message ?? "")"
                            } catch {
                                outcome = Task.isCancelled ? nil : "\(error)"
                            }
                            let latency = ContinuousClock.now - begin
                            self.record(latency, error: outcome)
                        }
                    }
                }
            }
        }
    }

    private func record(_ latency: Duration, error: String?) {
        lock.lock()
        defer { lock.unlock() }
        latencies.append(latency)
        if let error {
            errors += 1
            if firstError == nil { firstError = error }
        }
    }

    private func snapshot() -> ([Duration], Int, String?) {
        lock.lock()
        defer { lock.unlock() }
        return (latencies, errors, firstError)
    }

    /// Stops and summarises.
    func stop() async -> Summary {
        task?.cancel()
        await task?.value
        try? await http?.shutdown()
        let (recorded, errors, firstError) = snapshot()
        let sorted = recorded.sorted()
        func percentile(_ p: Double) -> Duration { sorted.isEmpty ? .zero : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let elapsed = ContinuousClock.now - started
        return Summary(requests: sorted.count, errors: errors, firstError: firstError,
                       seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                       p50: percentile(0.5), p99: percentile(0.99))
    }
}

extension Duration {
    var milliseconds: String {
        String(format: "%.1f ms", Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15)
    }
}
