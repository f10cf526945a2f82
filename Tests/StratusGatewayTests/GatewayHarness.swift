import Foundation
import Logging
import StratusGateway
import StratusJobs
import StratusOpenStack
import StratusOperations
import StratusService
import StratusSimulator
import StratusTesting
import Testing

/// The whole gateway as `stratus serve` runs it — SQLite file, worker, monitor, both APIs — on
/// a cloud (the simulator by default), with a manage client.
struct GatewayHarness: Sendable {
    let jobs: SQLiteJobStore
    let store: SQLiteServiceStore
    let manage: ActionClient
    let publicBase: String
    /// The public API's routes, for driving the responder without sockets.
    let publicRoutes: ActionRouter
    /// The SQLite file both stores live in (for tests that read what was written).
    let path: String

    struct Access: Sendable {
        let client: ActionClient
        let keyID: String
        let secret: String
        func call(_ action: String, _ params: [String: Any] = [:], idempotencyKey: String? = nil) async throws -> ActionClient.Answer {
            try await client.call(action, params, idempotencyKey: idempotencyKey)
        }
    }

    func project(_ id: String) async throws -> Access {
        let created = try await manage.call("CreateProject", ["ProjectId": id])
        #expect(created.code == 0, "\(created.message ?? "")")
        struct Key: Decodable { var AccessKeyId: String; var Secret: String }
        let key = try await manage.call("CreateAccessKey", ["ProjectId": id]).data(as: Key.self)
        return Access(
            client: ActionClient(baseURL: publicBase, accessKeyID: key.AccessKeyId, secret: key.Secret),
            keyID: key.AccessKeyId, secret: key.Secret)
    }

    /// Polls DescribeX until the item reaches one of `statuses`.
    func waitFor(_ access: Access, _ action: String, idsField: String, id: String, statuses: Set<String>,
                 timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        try await eventually(timeout: timeout, interval: .milliseconds(100), "\(id) to reach \(statuses)") { () async throws -> [String: Any]? in
            let answer = try await access.call(action, [idsField: [id]])
            let items = ((answer.json?["data"] as? [String: Any])?["Items"] as? [[String: Any]]) ?? []
            guard let item = items.first, let status = item["Status"] as? String else { return nil }
            return statuses.contains(status) ? item : nil
        }
    }

    static var simulator: SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings = .fast
        configuration.seed = 5
        return configuration
    }

    static func withSimulator(_ body: @Sendable (GatewayHarness, CloudSimulator) async throws -> Void) async throws {
        try await withSimulatedCloud(configuration: simulator) { simulator, client in
            try await withRunning(client: client) { harness in try await body(harness, simulator) }
        }
    }

    /// As ``withSimulator(_:)``, with the client too, to check the cloud's side.
    static func withSimulatorClient(
        _ body: @Sendable (GatewayHarness, CloudSimulator, OpenStackClient) async throws -> Void
    ) async throws {
        try await withSimulatedCloud(configuration: simulator) { simulator, client in
            try await withRunning(client: client) { harness in try await body(harness, simulator, client) }
        }
    }

    static func withRunning(client: OpenStackClient, configuration: GatewayConfiguration = quick,
                            _ body: @Sendable (GatewayHarness) async throws -> Void) async throws {
        let path = NSTemporaryDirectory() + "stratus-gateway-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let jobs = try SQLiteJobStore(path: path)
        let store = try SQLiteServiceStore(path: path)
        try await jobs.migrate()
        try await store.migrate()
        let monitor = OperationMonitor(client: client, configuration: .init(requestsPerSecond: 20, minimumInterval: .milliseconds(50)))
        try await Operations.withRunning(client: client, monitor: monitor) { operations in
            let gateway = Gateway(store: store, jobs: jobs, operations: operations, configuration: configuration)
            var workerConfiguration = JobWorkerConfiguration()
            workerConfiguration.pollInterval = .milliseconds(100)
            workerConfiguration.execSize = 50
            let worker = JobWorker(store: jobs, handlers: gateway.jobHandlers(), configuration: workerConfiguration)
            let server = ActionServer(
                publicRoutes: gateway.publicRoutes(), manageRoutes: gateway.manageRoutes(), store: store,
                configuration: .init(publicPort: 0, managePort: 0))
            let workerTask = Task { try await worker.run() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let ports = try #require(await server.waitUntilRunning())
                let key = try #require(try await ManageActions.bootstrapManageKey(store: store))
                let harness = GatewayHarness(
                    jobs: jobs, store: store,
                    manage: ActionClient(baseURL: "http://127.0.0.1:\(ports.managePort)", accessKeyID: key.id, secret: key.secret),
                    publicBase: "http://127.0.0.1:\(ports.publicPort)", publicRoutes: gateway.publicRoutes(), path: path)
                let outcome: Result<Void, any Error>
                do { outcome = .success(try await body(harness)) } catch { outcome = .failure(error) }
                worker.stop()
                try await workerTask.value  // drained before the server and monitor go away
                group.cancelAll()
                try outcome.get()
            }
        }
    }

    static var quick: GatewayConfiguration {
        var configuration = GatewayConfiguration()
        configuration.jobTryPeriod = .milliseconds(100)
        configuration.operationPolicy = OperationPolicy(attempts: 2, timeout: .seconds(120), backoff: .milliseconds(100))
        return configuration
    }

    static let imageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"
}

extension ActionClient.Answer {
    /// `data` as a dictionary.
    var dataObject: [String: Any] { (json?["data"] as? [String: Any]) ?? [:] }
}
