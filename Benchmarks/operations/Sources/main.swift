// Creates N servers and waits for ACTIVE, then deletes them and waits for them to be gone, with
// Stratus's operation handles and one batching monitor — the Stratus half of
// Benchmarks/operations/run.sh. Prints one JSON document with the same fields as
// openstacksdk_peer.py: Nova requests (from the harness's /_sim/stats), requests per route,
// time until all settled, detection lag (handle resolved − Nova's `updated`), peak RSS.
import AsyncHTTPClient
import Foundation
import StratusOpenStack
import StratusOperations

struct Arguments {
    var cloudsYAML = ""
    var cloud = "realcloud-demo"
    var count = 100
    var statsURL = "http://127.0.0.1:8774/_sim/stats"
    var image = "155d900f-4e14-4e4c-a73d-069cbf4541e6"
    var flavor = "1"
    var prefix = "bench-stratus"
    var requestsPerSecond = 2.0

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--clouds-yaml": cloudsYAML = value
            case "--cloud": cloud = value
            case "--count": count = Int(value) ?? count
            case "--stats-url": statsURL = value
            case "--image": image = value
            case "--flavor": flavor = value
            case "--name-prefix": prefix = value
            case "--requests-per-second": requestsPerSecond = Double(value) ?? requestsPerSecond
            default:
                FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
                exit(2)
            }
        }
    }
}

func novaStats(_ url: String) async throws -> [String: Any] {
    let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 1 << 24)
    return (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
}

func resetNova(_ statsURL: String) async throws {
    var request = HTTPClientRequest(url: statsURL.replacingOccurrences(of: "/stats", with: "/reset"))
    request.method = .POST
    _ = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
}

func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func json(_ value: Double) -> Any { value.isNaN ? NSNull() : (value * 1000).rounded() / 1000 }

func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func phaseSummary(stats: [String: Any], excluding: String?, seconds: Double, lags: [Double], finished: Int, failed: [String],
                  monitorRequests: Int) -> [String: Any] {
    let total = stats["total"] as? Int ?? 0
    let routes = (stats["by_route"] ?? stats["routes"] ?? stats["byRoute"]) as? [String: Any] ?? [:]
    let excluded = excluding.flatMap { routes[$0] as? Int } ?? 0
    return [
        "nova_requests_total": total,
        "nova_requests_excluding_create_posts": total - excluded,
        "nova_requests_by_route": routes,
        "monitor_list_requests": monitorRequests,
        "seconds_until_all_settled": (seconds * 100).rounded() / 100,
        "detection_lag_seconds": ["p50": json(percentile(lags, 0.5)), "p95": json(percentile(lags, 0.95)), "max": json(lags.max() ?? .nan),
                                  "note": "handle resolved − Nova's `updated` (whole seconds): each value is 0–1 s too high"],
        "finished": finished,
        "failed": failed,
    ]
}

if CommandLine.arguments.dropFirst().first == "handles" {
    let rest = Array(CommandLine.arguments.dropFirst(2))
    guard rest.count == 3, let count = Int(rest[0]) else {
        FileHandle.standardError.write(Data("usage: stratus-bench-operations handles COUNT CLOUDS_YAML CLOUD\n".utf8))
        exit(2)
    }
    try await handlesBenchmark(count: count, cloudsYAML: rest[1], cloudName: rest[2])
    exit(0)
}

let arguments = Arguments()
let configuration = try CloudConfiguration.load(
    cloud: arguments.cloud,
    environment: ["OS_CLIENT_CONFIG_FILE": arguments.cloudsYAML, "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/"])
let client = OpenStackClient(configuration: configuration)
try await client.authenticate()
_ = try await client.compute.microversion()
let run = UUID().uuidString.prefix(6).lowercased()
let monitorConfiguration = MonitorConfiguration(requestsPerSecond: arguments.requestsPerSecond)
let monitor = OperationMonitor(client: client, configuration: monitorConfiguration)
let clock = ContinuousClock()

let report = try await Operations.withRunning(client: client, monitor: monitor) { ops -> Data in
    // Create phase.
    try await resetNova(arguments.statsURL)
    let createStart = clock.now
    // Each handle is timed the moment it resolves (a `map` on the handle), not when this loop
    // gets to it, so slow POSTs of later servers do not inflate earlier servers' lag.
    let handles = try await withThrowingTaskGroup(of: CloudOperation<(Server, Date)>.self) { group in
        for index in 0..<arguments.count {
            group.addTask {
                try await ops.servers.create(ServerCreateRequest(
                    name: String(format: "%@-%@-%03d", arguments.prefix, String(run), index), imageID: arguments.image,
                    flavorID: arguments.flavor, networks: .none)).map { ($0, Date()) }
            }
        }
        var all: [CloudOperation<(Server, Date)>] = []
        for try await handle in group { all.append(handle) }
        return all
    }
    var createLags: [Double] = []
    var servers: [Server] = []
    var createFailures: [String] = []
    for try await (index, result) in Operations.completed(handles) {
        switch result {
        case .success(let (server, resolvedAt)):
            servers.append(server)
            if let updated = server.updated { createLags.append(resolvedAt.timeIntervalSince(updated)) }
        case .failure(let error):
            createFailures.append("\(handles[index].name): \(error)")
        }
    }
    let createSeconds = seconds(clock.now - createStart)
    let createStats = try await novaStats(arguments.statsURL)
    let createMonitorRequests = ops.monitor.stats.requests

    // Delete phase.
    try await resetNova(arguments.statsURL)
    let deleteStart = clock.now
    let deletions = try await withThrowingTaskGroup(of: CloudOperation<Void>.self) { group in
        for server in servers { group.addTask { try await ops.servers.delete(id: server.id) } }
        var all: [CloudOperation<Void>] = []
        for try await handle in group { all.append(handle) }
        return all
    }
    var deleteFailures: [String] = []
    for try await (index, result) in Operations.completed(deletions) {
        if case .failure(let error) = result { deleteFailures.append("\(deletions[index].name): \(error)") }
    }
    let deleteSeconds = seconds(clock.now - deleteStart)
    let deleteStats = try await novaStats(arguments.statsURL)
    let report: [String: Any] = [
        "tool": "stratus",
        "count": arguments.count,
        "monitor": ["requests_per_second_budget": arguments.requestsPerSecond],
        "create": phaseSummary(stats: createStats, excluding: "POST /v2.1/servers", seconds: createSeconds, lags: createLags,
                               finished: servers.count, failed: createFailures, monitorRequests: createMonitorRequests),
        "delete": phaseSummary(stats: deleteStats, excluding: nil, seconds: deleteSeconds, lags: [],
                               finished: deletions.count - deleteFailures.count, failed: deleteFailures,
                               monitorRequests: ops.monitor.stats.requests - createMonitorRequests),
        "peak_rss_kib": peakRSSKiB(),
    ]
    return try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
}
FileHandle.standardOutput.write(report)
FileHandle.standardOutput.write(Data("\n".utf8))
