import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations
import StratusSimulator
import StratusTesting
import Testing

@Suite("Tracked operations against the simulator")
struct TrackedOperationTests {
    static func configuration(errorRate: Double = 0, build: Duration = .milliseconds(300)) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = build
        configuration.faults.buildErrorRate = errorRate
        configuration.faults.buildErrorMessage = "No valid host was found."
        return configuration
    }

    static let request = ServerCreateRequest(name: "web", imageID: "155d900f-4e14-4e4c-a73d-069cbf4541e6", flavorID: "1",
                                             networks: .none)

    @Test("a create followed to ACTIVE shows the status it passed through and ends succeeded with the server's record")
    func succeeded() async throws {
        try await withSimulatedCloud(configuration: Self.configuration()) { _, client in
            try await Operations.withRunning(client: client) { ops in
                let handle = try await ops.servers.create(Self.request)
                let tracked = TrackedOperation(handle, label: "web") { .server($0) }
                #expect(tracked.item().resourceID == handle.initial?.resourceID)
                await tracked.wait()
                let item = tracked.item()
                #expect(item.phase == .succeeded)
                #expect(item.statusText == "ACTIVE")
                #expect(tracked.record?["status"] == .string("ACTIVE"))
                #expect(tracked.record?["id"] == .string(handle.initial!.resourceID))
            }
        }
    }

    @Test("an ERROR build ends failed with Nova's fault; retries show the attempt number")
    func failedWithRetries() async throws {
        try await withSimulatedCloud(configuration: Self.configuration(errorRate: 1)) { _, client in
            try await Operations.withRunning(client: client) { ops in
                let policy = OperationPolicy(attempts: 2, timeout: .seconds(30), backoff: .milliseconds(10))
                let tracked = TrackedOperation(try await ops.servers.create(Self.request, policy: policy), label: "web",
                                               maxAttempts: 2) { .server($0) }
                await tracked.wait()
                let item = tracked.item()
                guard case .failed(let message) = item.phase else { Issue.record("expected failure, got \(item.phase)"); return }
                #expect(message.contains("No valid host was found."))
                #expect(item.attempt == 2)
                #expect(ExitStatus(item.phase) == .failure)
            }
        }
    }

    @Test("a build longer than the timeout ends timed out, naming the state it was stuck in")
    func timedOut() async throws {
        try await withSimulatedCloud(configuration: Self.configuration(build: .seconds(60))) { _, client in
            try await Operations.withRunning(client: client) { ops in
                let tracked = TrackedOperation(try await ops.servers.create(Self.request, policy: .init(timeout: .seconds(1))),
                                               label: "web") { .server($0) }
                await tracked.wait()
                guard case .timedOut(let message) = tracked.phase else { Issue.record("expected timeout, got \(tracked.phase)"); return }
                #expect(message.contains("BUILD"))
            }
        }
    }

    @Test("abandoning (Ctrl-C) marks the item left running and leaves the server alone")
    func abandon() async throws {
        try await withSimulatedCloud(configuration: Self.configuration(build: .seconds(60))) { simulator, client in
            try await Operations.withRunning(client: client) { ops in
                let tracked = TrackedOperation(try await ops.servers.create(Self.request), label: "web") { .server($0) }
                tracked.abandon()
                await tracked.wait()
                #expect(tracked.phase == .cancelled)
                #expect(tracked.item().message?.contains("still") == true)
                #expect(simulator.serverSnapshots().count == 1)
            }
        }
    }

    @Test("tracking a server created elsewhere: ready, then deleted")
    func trackExisting() async throws {
        try await withSimulatedCloud(configuration: Self.configuration()) { _, client in
            try await Operations.withRunning(client: client) { ops in
                let created = try await client.compute.createServer(Self.request)
                let ready = try await ops.servers.track(id: created.id, until: .ready, timeout: .seconds(30)).value
                #expect(ready?.status == .active)
                try await client.compute.deleteServer(id: created.id)
                let gone = try await ops.servers.track(id: created.id, until: .deleted, timeout: .seconds(30)).value
                #expect(gone == nil)
            }
        }
    }

    @Test("a server then its floating IP on one line: BUILD, then ACTIVE with the floating IP's status, ending both ACTIVE")
    func chainedFloatingIP() async throws {
        var configuration = Self.configuration()
        configuration.timings.floatingIPActivate = .milliseconds(300)
        try await withSimulatedCloud(configuration: configuration) { _, client in
            try await Operations.withRunning(client: client) { ops in
                let external = try await client.network.findNetwork("public")
                // A floating IP needs a router between the server's subnet and the external network.
                let router = try await client.network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: external.id))
                _ = try await client.network.addRouterInterface(routerID: router.id, subnetID: try await client.network.findSubnet("private-subnet").id)
                var request = Self.request
                request.networks = .auto
                let handle = try await ops.servers.create(request)
                let progress = ChainedProgress(handle)
                let chained = handle.then { server in
                    progress.note("floating IP starting")
                    let ip = try await ops.floatingIPs.allocateAndAssociate(networkID: external.id, to: server)
                    progress.follow(ip) { "floating IP \($0 ?? "starting")" }
                    return ip
                }
                let tracked = TrackedOperation(chained, label: "web", progress: progress) { .floatingIP($0) }
                var seen: [String] = []
                while tracked.phase == .running {
                    let status = tracked.item().statusText
                    if seen.last != status { seen.append(status) }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(seen.first?.hasPrefix("BUILD") == true || seen.first == "starting", "\(seen)")
                #expect(seen.contains { $0.hasPrefix("ACTIVE, floating IP") }, "\(seen)")
                let item = tracked.item()
                #expect(item.phase == .succeeded)
                #expect(item.statusText == "ACTIVE, floating IP ACTIVE")
                #expect(item.resourceID == handle.initial?.resourceID, "the line keeps the server's id")
                #expect(tracked.record?["status"] == .string("ACTIVE"))
            }
        }
    }
}
