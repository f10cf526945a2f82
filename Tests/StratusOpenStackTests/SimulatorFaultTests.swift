import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOpenStack

/// Every fault the simulator injects, seen through the client over real HTTP.
@Suite("Client against the simulator: fault injection")
struct SimulatorFaultTests {
    typealias Support = SimulatorTestSupport

    static func count(_ stats: SimulatorStats, _ method: String, _ suffix: String) -> Int {
        stats.byRoute.filter { $0.key.hasPrefix(method + " ") && $0.key.hasSuffix(suffix) }.values.reduce(0, +)
    }

    @Test("HTTP 500 and 503 on GETs are retried up to the attempt limit, then reported with attempts", arguments: [500, 503])
    func serverErrorsOnReads(status: Int) async throws {
        try await withSimulatedCloud(configuration: Support.fast, retry: Support.quickRetry) { simulator, client in
            try await client.authenticate()
            _ = try await client.compute.microversion()
            simulator.resetStats()
            var faults = FaultInjection()
            if status == 500 { faults.http500Rate = 1 } else { faults.http503Rate = 1 }
            simulator.setFaults(faults)
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.compute.flavors() }
            #expect(error?.status == status)
            #expect(error?.attempts == 4)
            #expect(Self.count(simulator.stats(), "GET", "/flavors/detail") == 4)
            simulator.setFaults(.none)
            #expect(try await client.compute.flavors().isEmpty == false)
        }
    }

    @Test("a 503 storm on GETs is ridden out when it is intermittent")
    func intermittentStorm() async throws {
        var configuration = Support.fast
        configuration.faults.http503Rate = 0.3
        try await withSimulatedCloud(configuration: configuration,
                                     retry: RetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))) { simulator, client in
            for _ in 0..<30 { _ = try await client.compute.flavors() }
            #expect(simulator.stats().faultsInjected > 0)
        }
    }

    @Test("a create POST answered 503 is sent once: outcome unknown, no replay, no server")
    func createNotReplayedOn503() async throws {
        try await withSimulatedCloud(configuration: Support.fast, retry: Support.quickRetry) { simulator, client in
            _ = try await client.compute.microversion()
            simulator.resetStats()
            var faults = FaultInjection()
            faults.http503Rate = 1
            simulator.setFaults(faults)
            let error = await #expect(throws: OpenStackError.self) {
                _ = try await client.compute.createServer(ServerCreateRequest(name: "x", imageID: Support.imageID, flavorID: "1", networks: .none))
            }
            #expect(error?.code == .outcomeUnknown)
            #expect(error?.attempts == 1)
            #expect(Self.count(simulator.stats(), "POST", "/servers") == 1)
        }
    }

    @Test("commit-then-drop: the server exists, the POST was sent exactly once, the caller gets 'outcome unknown'",
          arguments: ["server", "volume", "image"])
    func commitThenDrop(kind: String) async throws {
        try await withSimulatedCloud(configuration: Support.fast, retry: Support.quickRetry) { simulator, client in
            _ = try await client.compute.microversion()
            _ = try await client.blockStorage.microversion()
            let imagesBefore = simulator.imageSnapshots().count
            simulator.resetStats()
            var faults = FaultInjection()
            faults.dropAfterCommitRate = 1
            simulator.setFaults(faults)
            let error = await #expect(throws: OpenStackError.self) {
                switch kind {
                case "server":
                    _ = try await client.compute.createServer(ServerCreateRequest(name: "dup?", imageID: Support.imageID, flavorID: "1",
                                                                                  networks: .none, tags: ["tok-1"]))
                case "volume":
                    _ = try await client.blockStorage.createVolume(VolumeCreateRequest(size: 1, metadata: ["stratus_token": "tok-1"]))
                default:
                    _ = try await client.images.createImage(ImageCreateRequest(name: "dup?", properties: ["stratus_token": "tok-1"]))
                }
            }
            #expect(error?.code == .outcomeUnknown)
            #expect(error?.status == nil)
            let stats = simulator.stats()
            #expect(stats.byStatus["dropped"] == 1)
            #expect(stats.total == 1, "exactly one request: the create, never replayed")
            simulator.setFaults(.none)
            switch kind {
            case "server":
                #expect(simulator.serverSnapshots().count == 1)
                // The token lookup the operations layer will do finds it.
                #expect(try await client.compute.servers(ServerListQuery(tags: ["tok-1"])).count == 1)
            case "volume":
                #expect(simulator.volumeSnapshots().count == 1)
                #expect(try await client.blockStorage.volumes(VolumeListQuery(metadata: ["stratus_token": "tok-1"])).count == 1)
            default:
                #expect(simulator.imageSnapshots().count == imagesBefore + 1)
                #expect(try await client.images.images(ImageListQuery(properties: ["stratus_token": "tok-1"])).count == 1)
            }
        }
    }

    @Test("429 with Retry-After: the client waits at least that long between attempts")
    func rateLimitRetryAfter() async throws {
        try await withSimulatedCloud(configuration: Support.fast,
                                     retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), deadline: .seconds(60))) { simulator, client in
            _ = try await client.compute.microversion()
            simulator.resetStats()
            var faults = FaultInjection()
            faults.http429Rate = 1
            faults.retryAfterSeconds = 1
            simulator.setFaults(faults)
            let start = ContinuousClock.now
            let error = await #expect(throws: OpenStackError.self) { _ = try await client.compute.flavors() }
            let elapsed = ContinuousClock.now - start
            #expect(error?.status == 429)
            #expect(error?.retryAfter == .seconds(1))
            // Three attempts, each after the server's 1 s Retry-After (not the 1 ms base delay):
            // the bound is from below only, so a slow machine cannot fail it.
            let sent = Self.count(simulator.stats(), "GET", "/flavors/detail")
            #expect(sent == 3)
            #expect(error?.attempts == 3)
            #expect(elapsed >= .seconds(2))
        }
    }

    @Test("a create rejected with 429 (the server did not act) is retried and creates exactly one server")
    func createRetriedAfter429() async throws {
        var configuration = Support.fast
        configuration.faults.http429Rate = 0.5
        configuration.faults.retryAfterSeconds = 0
        try await withSimulatedCloud(configuration: configuration,
                                     retry: RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))) { simulator, client in
            for index in 0..<10 {
                _ = try await client.compute.createServer(ServerCreateRequest(name: "r\(index)", imageID: Support.imageID, flavorID: "1", networks: .none))
            }
            #expect(simulator.serverSnapshots().count == 10)
            #expect(simulator.stats().byStatus["429", default: 0] > 0)
        }
    }

    @Test("added latency is felt by every call")
    func latency() async throws {
        var configuration = Support.fast
        configuration.faults.latencyMilliseconds = 150
        try await withSimulatedCloud(configuration: configuration) { _, client in
            try await client.authenticate()
            let start = ContinuousClock.now
            _ = try await client.compute.flavors()
            #expect(ContinuousClock.now - start >= .milliseconds(150))
        }
    }

    @Test("an expired token is replaced before the next call (near-expiry refresh)")
    func tokenExpiry() async throws {
        var configuration = Support.fast
        // The token counts as fresh for its first second only, but stays valid on the server for
        // four: a request sent while it looked fresh has three seconds of slack to arrive, so a
        // loaded machine cannot turn a late arrival into a 401.
        configuration.tokenLifetime = .seconds(4)
        try await CloudSimulator.withRunning(configuration: configuration) { simulator in
            var cloud = try CloudConfiguration.load(cloud: "s", cloudsYAML: simulator.cloudsYAML(cloudName: "s"))
            cloud.tokenRefreshMargin = .seconds(3)
            let client = OpenStackClient(configuration: cloud)
            let first = try await client.authenticate()
            _ = try await client.compute.flavors()
            try await Task.sleep(for: .milliseconds(1_200))
            _ = try await client.compute.flavors()
            let second = try await client.authenticate()
            #expect(first.token != second.token)
            #expect(Self.count(simulator.stats(), "POST", "auth/tokens") >= 2)
            #expect(simulator.stats().byStatus["401", default: 0] == 0, "refreshed before expiry, not after a 401")
        }
    }

    @Test("a revoked token gets a 401; the client re-authenticates once and the call succeeds")
    func revokedToken() async throws {
        try await withSimulatedCloud(configuration: Support.fast) { simulator, client in
            let state = try await client.authenticate()
            let token = try #require(state.token)
            var revoke = HTTPClientRequest(url: simulator.authURL + "/auth/tokens")
            revoke.method = .DELETE
            revoke.headers.add(name: "X-Auth-Token", value: token)
            revoke.headers.add(name: "X-Subject-Token", value: token)
            let response = try await HTTPClient.shared.execute(revoke, timeout: .seconds(5))
            #expect(response.status.code == 204)
            #expect(try await client.compute.flavors().isEmpty == false)
            #expect(try await client.authenticate().token != token)
            #expect(simulator.stats().byStatus["401", default: 0] >= 1)
        }
    }

    @Test("a refused connection is classified 'never sent'; a dropped one is not")
    func transportClassification() async throws {
        let transport = AsyncHTTPClientTransport()
        // Bind-and-close to find a port nobody listens on.
        let closedPort = try await CloudSimulator.withRunning(configuration: .init()) { simulator in
            try await simulator.waitUntilRunning()
        }
        do {
            _ = try await transport.send(TransportRequest(method: .POST, url: "http://127.0.0.1:\(closedPort)/servers"),
                                         timeout: .seconds(5))
            Issue.record("expected a failure")
        } catch let failure as TransportFailure {
            #expect(failure.neverSent, "\(failure)")
        }
    }
}
