import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StratusOpenStack
import Testing
@testable import StratusOperations

/// The Stratus side of `Benchmarks/networking/run.sh`, run as a test so it needs no target of its
/// own: skipped unless `STRATUS_BENCH_NETWORKING_MODE` is set (`setup`, `stratus`, `teardown`).
///
/// - `setup`: a network, a subnet, a router to `public` and N ports (not measured); writes
///   `setup.json` into `STRATUS_BENCH_NETWORKING_OUT`.
/// - `stratus`: allocates and associates one floating IP per port through handles — a create
///   handle chained into an associate handle (`STRATUS_BENCH_NETWORKING_VARIANT=one-post`: one
///   create with `port_id`) — with Neutron's counters zeroed after the warm-up and read when every
///   handle has resolved; writes `stratus[-one-post].json`, then releases the floating IPs.
/// - `teardown`: deletes the ports and the topology.
/// The benchmark's mode (`STRATUS_BENCH_NETWORKING_MODE`), nil when not run by run.sh.
enum NetworkingBenchmarkMode {
    static var current: String? { ProcessInfo.processInfo.environment["STRATUS_BENCH_NETWORKING_MODE"] }
}

@Suite("Networking benchmark (Stratus side)",
       .enabled(if: NetworkingBenchmarkMode.current != nil, "run by Benchmarks/networking/run.sh"), .serialized)
struct RealCloudNetworkingBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static var mode: String? { NetworkingBenchmarkMode.current }
    static var count: Int { Int(environment["STRATUS_BENCH_NETWORKING_COUNT"] ?? "") ?? 100 }
    static var out: URL { URL(fileURLWithPath: environment["STRATUS_BENCH_NETWORKING_OUT"] ?? "/tmp/stratus-bench-networking") }
    static var statsURL: URL { URL(string: environment["STRATUS_BENCH_NETWORKING_STATS_URL"] ?? "http://127.0.0.1:9696/_sim/stats")! }
    static var variant: String { environment["STRATUS_BENCH_NETWORKING_VARIANT"] ?? "two-step" }

    struct Setup: Codable {
        var publicNetworkID: String
        var networkID: String
        var subnetID: String
        var routerID: String
        var portIDs: [String]
        enum CodingKeys: String, CodingKey {
            case publicNetworkID = "public_network_id", networkID = "network_id", subnetID = "subnet_id", routerID = "router_id"
            case portIDs = "port_ids"
        }
    }

    @Test("one phase of the networking benchmark")
    func phase() async throws {
        let client = try RealCloud.client()
        try FileManager.default.createDirectory(at: Self.out, withIntermediateDirectories: true)
        try await Operations.withRunning(client: client) { ops in
            switch Self.mode {
            case "setup": try await Self.setUp(ops)
            case "stratus": try await Self.measure(ops)
            case "teardown": try await Self.tearDown(ops)
            default: Issue.record("unknown STRATUS_BENCH_NETWORKING_MODE \(Self.mode ?? "")")
            }
        }
    }

    static func setUp(_ ops: Operations) async throws {
        let hostBits = max(8, Int(ceil(log2(Double(count + 16)))))
        let name = RealCloud.uniqueName("stratus-bench-net")
        let topology = try await RealCloudTopology.make(ops, name: name, cidrPrefix: 32 - hostBits)
        let network = ops.client.network
        let networkID = topology.network!.id
        var ports: [String] = []
        // Eight at a time: Neutron serializes requests anyway.
        for start in stride(from: 0, to: count, by: 8) {
            ports += try await withThrowingTaskGroup(of: String.self) { group in
                for index in start..<min(start + 8, count) {
                    group.addTask { try await network.createPort(PortCreateRequest(networkID: networkID, name: "\(name)-\(index)")).id }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        let setup = Setup(publicNetworkID: topology.publicNet.id, networkID: networkID, subnetID: topology.subnet!.id,
                          routerID: topology.router!.id, portIDs: ports)
        try JSONEncoder().encode(setup).write(to: out.appendingPathComponent("setup.json"))
    }

    static func loadSetup() throws -> Setup {
        try JSONDecoder().decode(Setup.self, from: Data(contentsOf: out.appendingPathComponent("setup.json")))
    }

    static func measure(_ ops: Operations) async throws {
        let setup = try loadSetup()
        let runTag = "stratus-bench-\(UUID().uuidString.prefix(8).lowercased())"
        // Warm-up, not measured: token and endpoint. The run's floating IPs carry the run id in
        // their description (after Stratus's token marks) for the cleanup below — no tags, as the
        // openstacksdk peer sends none.
        _ = try await ops.client.network.network(id: setup.publicNetworkID)
        try await neutronStats(reset: true)
        let started = ContinuousClock.now
        let oneStep = variant == "one-post"
        let results = await withTaskGroup(of: Result<FloatingIP, any Error>.self) { group in
            for portID in setup.portIDs {
                group.addTask {
                    do {
                        if oneStep {
                            return .success(try await ops.floatingIPs.create(FloatingIPCreateRequest(
                                floatingNetworkID: setup.publicNetworkID, portID: portID, description: runTag)).value)
                        }
                        let chained = try await ops.floatingIPs.create(FloatingIPCreateRequest(
                            floatingNetworkID: setup.publicNetworkID, description: runTag)).then { ip in
                            try await ops.floatingIPs.associate(ip.id, portID: portID)
                        }
                        return .success(try await chained.value)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let wall = ContinuousClock.now - started
        let neutron = try await neutronStats(reset: false)
        let monitor = ops.monitor.stats
        let failures = results.compactMap { result -> String? in
            if case .failure(let error) = result { return "\(error)" }
            return nil
        }
        let report: [String: Any] = [
            "peer": "stratus (\(oneStep ? "create with port_id" : "create, then associate"), handles + one monitor)",
            "count": setup.portIDs.count,
            "wall_seconds": (wall / .seconds(1) * 1000).rounded() / 1000,
            "neutron": ["total": neutron["total"] ?? 0, "by_route": neutron["by_route"] ?? [:]],
            "monitor": ["ticks": monitor.ticks, "list_requests": monitor.requests, "failed_polls": monitor.failedPolls,
                        "resolved": monitor.resolved],
            "failed": failures,
            "all_active": results.allSatisfy { (try? $0.get())?.status == .active },
        ]
        let file = out.appendingPathComponent(oneStep ? "stratus-one-post.json" : "stratus.json")
        try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]).write(to: file)
        // Release what this run allocated (not measured).
        let made = try await ops.client.network.floatingIPs(FloatingIPListQuery(floatingNetworkID: setup.publicNetworkID))
            .filter { $0.description.hasSuffix(" " + runTag) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for ip in made { group.addTask { try? await ops.client.network.deleteFloatingIP(id: ip.id) } }
            try await group.waitForAll()
        }
        #expect(failures.isEmpty, "failures: \(failures.prefix(3))")
    }

    static func tearDown(_ ops: Operations) async throws {
        let setup = try loadSetup()
        let network = ops.client.network
        for start in stride(from: 0, to: setup.portIDs.count, by: 8) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in setup.portIDs[start..<min(start + 8, setup.portIDs.count)] {
                    group.addTask { try? await network.deletePort(id: id) }
                }
                try await group.waitForAll()
            }
        }
        let topology = RealCloudTopology(publicNet: try await network.network(id: setup.publicNetworkID),
                                         network: try await network.network(id: setup.networkID),
                                         subnet: try await network.subnet(id: setup.subnetID),
                                         router: try await network.router(id: setup.routerID))
        try await topology.tearDown(ops)
    }

    /// Neutron's request counters (`GET /_sim/stats` of the real Neutron), or zeroes them.
    @discardableResult
    static func neutronStats(reset: Bool) async throws -> [String: Any] {
        var request = URLRequest(url: reset ? statsURL.deletingLastPathComponent().appendingPathComponent("reset") : statsURL)
        request.httpMethod = reset ? "POST" : "GET"
        let (data, _) = try await URLSession.shared.data(for: request)
        return reset ? [:] : (try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
    }
}
