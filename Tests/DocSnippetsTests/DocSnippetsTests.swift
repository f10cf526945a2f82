import Foundation
import AsyncHTTPClient
import StratusJobs
import StratusObservability
import StratusOpenStack
import StratusOperations
import StratusSimulator
import StratusTesting
import Testing

/// The Swift examples of `docs/*.md`, verbatim: each ```swift block of the guides is a
/// contiguous run of lines in this file (`DocSnippetsCoverageTests` checks it), so every example
/// compiles and runs here.
@Suite("Documentation snippets")
struct DocSnippetsTests {
    @Test("docs/operations.md: create with retries and a token, then chain a volume and attach it")
    func operations() async throws {
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = .milliseconds(300)
        configuration.timings.volumeCreate = .milliseconds(200)
        configuration.timings.volumeAttach = .milliseconds(200)
        try await withSimulatedCloud(configuration: configuration) { simulator, client in
            let attached = try await Operations.withRunning(client: client) { ops in
                let spec = ServerCreateRequest(name: "web", imageID: "155d900f-4e14-4e4c-a73d-069cbf4541e6", flavorID: "1",
                                               networks: .none)
                let op = try await ops.servers.create(spec, policy: OperationPolicy(attempts: 3, timeout: .seconds(120)),
                                                      token: try ClientToken("web-primary"))
                print("Nova accepted server \(op.initial!.resourceID); status so far: \(op.lastStatus ?? "-")")
                let withData = op.then { server in
                    try await ops.volumes.create(VolumeCreateRequest(size: 1, name: "web-data"))
                        .then { volume in try await ops.volumes.attach(volumeID: volume.id, to: server.id) }
                }
                return try await withData.value(timeout: .seconds(120))
            }
            #expect(attached.status == .inUse)
            #expect(simulator.serverSnapshots().count == 1)
        }
    }

    @Test("docs/networking.md: a server on private with a key pair and an ssh group, then a floating IP chained to it")
    func networking() async throws {
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = .milliseconds(300)
        configuration.timings.portActivate = .milliseconds(100)
        configuration.timings.floatingIPActivate = .milliseconds(200)
        try await withSimulatedCloud(configuration: configuration) { simulator, client in
            let ip = try await Operations.withRunning(client: client) { ops in
                let publicNet = try await client.network.findNetwork("public")
                let privateNet = try await client.network.findNetwork("private")
                let router = try await client.network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: publicNet.id))
                try await client.network.addRouterInterface(routerID: router.id, subnetID: privateNet.subnetIDs[0])   // once per project
                let keys = try await client.compute.createKeyPair(name: "deploy")   // keys.privateKey: write it to a 0600 file
                let ssh = try await client.network.createSecurityGroup(SecurityGroupCreateRequest(name: "ssh"))
                _ = try await client.network.createSecurityGroupRule(SecurityGroupRuleCreateRequest(
                    securityGroupID: ssh.id, protocol: "tcp", portRangeMin: 22, portRangeMax: 22, remoteIPPrefix: "0.0.0.0/0"))
                let spec = ServerCreateRequest(name: "web", imageID: "155d900f-4e14-4e4c-a73d-069cbf4541e6", flavorID: "1",
                                               networks: .list([.init(networkID: privateNet.id)]), keyName: keys.name,
                                               securityGroups: ["ssh"])
                return try await ops.servers.create(spec).then { server in
                    try await ops.floatingIPs.allocateAndAssociate(networkID: publicNet.id, to: server)
                }.value
            }
            print("ssh -i deploy.pem cirros@\(ip.floatingIPAddress)")   // ACTIVE, on the server's port
            #expect(ip.status == .active)
            #expect(ip.floatingIPAddress.hasPrefix("172.24.4."))
            let server = try #require(try await client.compute.servers().first { $0.name == "web" })
            #expect(server.keyName == "deploy")
            #expect(server.securityGroups.contains("ssh"))
            let ports = try await client.network.ports(PortListQuery(deviceID: server.id))
            #expect(ports.count == 1 && ip.portID == ports.first?.id, "the floating IP is on the server's only port")
            let addresses = server.addresses.values.flatMap { $0 }
            #expect(addresses.contains { $0.type == "floating" && $0.address == ip.floatingIPAddress })
            #expect(simulator.floatingIPSnapshots().count == 1)
        }
    }

    @Test("docs/simulator.md: half the builds fail, a fifth of the creates lose their answer — one server, ACTIVE")
    func faults() async throws {
        var configuration = SimulatorConfiguration()
        configuration.faults.buildErrorRate = 0.5
        configuration.faults.dropAfterCommitRate = 0.2
        configuration.seed = 42
        configuration.timings.serverBuild = .milliseconds(200)
        configuration.timings.serverDelete = .milliseconds(100)
        let spec = ServerCreateRequest(name: "web", imageID: "155d900f-4e14-4e4c-a73d-069cbf4541e6", flavorID: "1", networks: .none)
        try await withSimulatedCloud(configuration: configuration) { simulator, client in
            let server = try await Operations.withRunning(client: client) { ops in
                let op = try await ops.servers.create(spec, policy: OperationPolicy(attempts: 8, backoff: .milliseconds(100)))
                let server = try await op.value
                print("ACTIVE after \(op.attempts.count) attempt(s): \(op.attempts.map(\.description))")
                return server
            }
            #expect(server.status == .active)
            #expect(simulator.serverSnapshots().filter { $0.status != "DELETED" }.count == 1)   // no duplicate, nothing left broken
        }
    }

    @Test("docs/jobs.md: register a handler, enqueue idempotently, run a worker")
    func jobs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-doc-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("jobs.sqlite").path
        struct Greet: Codable, Sendable { var name: String }

        let store = try SQLiteJobStore(path: path)              // or PostgresJobStore(url: "postgres://…"), run as a Service
        try await store.migrate()
        var handlers = JobHandlers()
        handlers.register("Greet") { (params: Greet, context: JobContext) -> String in
            context.logger.info("greeting")                      // the logger carries job_id and context_id
            return "hello, \(params.name)"
        }
        let job = try NewJob(projectID: "demo", action: "Greet", encoding: Greet(name: "ops"), idempotencyKey: "greet-1")
        _ = try await store.enqueue([job], now: Date())
        _ = try await store.enqueue([job], now: Date())          // same key, same params: .existing, not a second job
        let worker = JobWorker(store: store, handlers: handlers)  // a Service: put it in your ServiceGroup
        let running = Task { try await worker.run() }
        while try await store.job(job.id)?.status != .finished { try await Task.sleep(for: .milliseconds(20)) }
        running.cancel()

        let finished = try #require(try await store.job(job.id))
        #expect(String(decoding: finished.result ?? [], as: UTF8.self) == #""hello, ops""#)
        let all = try await store.jobs(JobQuery())
        #expect(all.total == 1)
    }

    @Test("docs/observability.md: /metrics, /healthz and /readyz in your own service")
    func observability() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-doc-obs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteJobStore(path: directory.appendingPathComponent("jobs.sqlite").path)
        try await store.migrate()

        let registry = StratusMetrics.bootstrap()      // once, before creating clients, workers, servers
        let observability = ObservabilityServer(
            registry: registry,
            checks: [ReadinessCheck("job_store") { _ = try await store.nextDue(); return true }],
            refreshers: [{ [states = JobStateMetrics(store: store)] in try await states.refresh() }],
            configuration: .init(port: 0))
        // add `observability` to your ServiceGroup

        let running = Task { try await observability.run() }
        defer { running.cancel() }
        let port = try #require(await observability.waitUntilRunning())
        for path in ["/healthz", "/readyz", "/metrics"] {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"),
                                                               timeout: .seconds(10))
            #expect(response.status == .ok, "\(path)")
        }
    }
}
