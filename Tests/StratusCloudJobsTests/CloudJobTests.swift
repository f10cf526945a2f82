import Foundation
import StratusCloudJobs
import StratusJobs
import StratusOpenStack
import StratusOperations
import StratusSimulator
import StratusTesting
import Synchronization
import Testing

@Suite("Cloud jobs")
struct CloudJobTests {
    static let imageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"

    static func simulator(build: Duration) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings = .fast
        configuration.timings.serverBuild = build
        configuration.seed = 7
        return configuration
    }

    /// A temporary SQLite store, the simulator, and a running operations layer.
    static func withCloudJobs(
        build: Duration = .milliseconds(200),
        _ body: @Sendable (any JobStore, CloudSimulator, Operations) async throws -> Void
    ) async throws {
        let path = NSTemporaryDirectory() + "stratus-cloudjobs-\(UUID().uuidString).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteJobStore(path: path)
        try await store.migrate()
        try await withSimulatedCloud(configuration: simulator(build: build)) { simulator, client in
            let monitor = OperationMonitor(
                client: client, configuration: .init(requestsPerSecond: 20, minimumInterval: .milliseconds(50)))
            try await Operations.withRunning(client: client, monitor: monitor) { operations in
                try await body(store, simulator, operations)
            }
        }
    }

    static func worker(_ store: any JobStore, _ operations: Operations, grace: Duration = .seconds(2)) -> JobWorker {
        var handlers = JobHandlers()
        CreateServerJob.register(in: &handlers, operations: operations)
        DeleteServerJob.register(in: &handlers, operations: operations)
        var configuration = JobWorkerConfiguration()
        configuration.pollInterval = .milliseconds(100)
        configuration.shutdownGrace = grace
        return JobWorker(store: store, handlers: handlers, configuration: configuration)
    }

    static func liveServers(_ simulator: CloudSimulator, named name: String) -> [String] {
        simulator.serverSnapshots().filter { !$0.deleted && $0.name == name }.map(\.id)
    }

    @Test("CreateServer checkpoints its token before creating, and DeleteServer removes the server")
    func createAndDelete() async throws {
        try await Self.withCloudJobs { store, simulator, operations in
            let create = try NewJob(
                projectID: "p", action: CreateServerJob.action,
                encoding: CreateServerJob.Params(name: "web-1", imageID: Self.imageID, flavorID: "1", networkIDs: []))
            _ = try await store.enqueue([create], now: Date())
            try await withRunningWorker(Self.worker(store, operations)) { _ in
                let done = try await waitUntilFinal(store, [create.id])[0]
                #expect(done.status == .finished, "\(done.error ?? "")")
                let result = try JobJSON.decode(CreateServerJob.Result.self, from: try #require(done.result))
                #expect(result.status == "ACTIVE")
                let checkpoint = try JobJSON.decode(CreateServerJob.Checkpoint.self, from: try #require(done.checkpoint))
                #expect(checkpoint.serverID == result.serverID)
                let server = try #require(simulator.serverSnapshots().first { $0.id == result.serverID })
                #expect(server.metadata[ClientToken.metadataKey] == checkpoint.token)

                let delete = try NewJob(projectID: "p", action: DeleteServerJob.action,
                                        encoding: DeleteServerJob.Params(serverID: result.serverID))
                _ = try await store.enqueue([delete], now: Date())
                #expect(try await waitUntilFinal(store, [delete.id])[0].status == .finished)
                #expect(Self.liveServers(simulator, named: "web-1").isEmpty)
            }
        }
    }

    @Test("a CreateServer job interrupted while the server builds is resumed by another worker and adopts it")
    func resumeAdopts() async throws {
        try await Self.withCloudJobs(build: .seconds(2)) { store, simulator, operations in
            let create = try NewJob(
                projectID: "p", action: CreateServerJob.action,
                encoding: CreateServerJob.Params(name: "resume-1", imageID: Self.imageID, flavorID: "1", networkIDs: []),
                tryPeriod: .milliseconds(10))
            _ = try await store.enqueue([create], now: Date())
            // The first worker starts the build, then goes away mid-wait.
            try await withRunningWorker(Self.worker(store, operations, grace: .zero)) { _ in
                _ = try await eventually("the server id to be checkpointed") { () async throws -> Bool? in
                    let job = try await store.job(create.id)
                    guard let bytes = job?.checkpoint else { return nil }
                    return try JobJSON.decode(CreateServerJob.Checkpoint.self, from: bytes).serverID != nil ? true : nil
                }
            }
            let interrupted = try #require(try await store.job(create.id))
            #expect(interrupted.status == .pending, "handed back, not failed")
            let firstID = try JobJSON.decode(CreateServerJob.Checkpoint.self, from: try #require(interrupted.checkpoint)).serverID

            let done = try await withRunningWorker(Self.worker(store, operations)) { _ in
                try await waitUntilFinal(store, [create.id])[0]
            }
            #expect(done.status == .finished, "\(done.error ?? "")")
            let result = try JobJSON.decode(CreateServerJob.Result.self, from: try #require(done.result))
            #expect(result.serverID == firstID)
            #expect(Self.liveServers(simulator, named: "resume-1") == [result.serverID], "exactly one server")
        }
    }

    @Test("a run that died after the create call but before recording the id adopts the server by its token")
    func crashAfterPost() async throws {
        try await Self.withCloudJobs { store, simulator, operations in
            let params = CreateServerJob.Params(name: "crash-1", imageID: Self.imageID, flavorID: "1", networkIDs: [])
            let job = try NewJob(projectID: "p", action: CreateServerJob.action, encoding: params, tryPeriod: .milliseconds(10))
            _ = try await store.enqueue([job], now: Date())
            // A previous run: claimed the job, checkpointed a token, sent the POST — and died.
            let past = Date().addingTimeInterval(-60)
            let claimed = try #require(try await store.claim(limit: 1, owner: "dead", lease: .seconds(1), now: past.addingTimeInterval(60)).first)
            let token = ClientToken.generate()
            #expect(try await store.checkpoint(
                try #require(claimed.lease), data: try JobJSON.encode(CreateServerJob.Checkpoint(token: token.value, serverID: nil)),
                now: Date()))
            let orphan = try await operations.servers.create(params.request(), token: token)
            let orphanID = try #require(orphan.initial?.resourceID)
            // Its lease lapses; a live worker claims the job again.
            try await Task.sleep(for: .milliseconds(1100))
            let done = try await withRunningWorker(Self.worker(store, operations)) { _ in
                try await waitUntilFinal(store, [job.id])[0]
            }
            #expect(done.status == .finished, "\(done.error ?? "")")
            #expect(done.trys == 2)
            let result = try JobJSON.decode(CreateServerJob.Result.self, from: try #require(done.result))
            #expect(result.serverID == orphanID)
            #expect(Self.liveServers(simulator, named: "crash-1") == [orphanID], "no second server")
        }
    }
}

extension CreateServerJob.Params {
    func request() -> ServerCreateRequest {
        ServerCreateRequest(name: name, imageID: imageID, flavorID: flavorID, networks: .none, metadata: metadata, tags: tags)
    }
}
