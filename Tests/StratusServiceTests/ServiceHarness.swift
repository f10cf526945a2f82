import Foundation
import Logging
import ServiceLifecycle
import StratusJobs
import StratusService
import StratusTesting
import Testing

/// A running action server on a temporary SQLite file, with a manage key and project keys.
struct ServiceHarness: Sendable {
    let store: SQLiteServiceStore
    let manage: ActionClient
    let publicBase: String
    let manageBase: String
    let manageKey: AccessKey

    /// A project's key and a public-API client using it.
    struct ProjectAccess: Sendable {
        let client: ActionClient
        let keyID: String
        let secret: String
        func call(_ action: String, _ params: [String: Any] = [:], idempotencyKey: String? = nil) async throws -> ActionClient.Answer {
            try await client.call(action, params, idempotencyKey: idempotencyKey)
        }
        func send(body: [UInt8], signed: Bool = true, contentType: String = "application/json",
                  extraHeaders: [(String, String)] = []) async throws -> ActionClient.Answer {
            try await client.send(body: body, signed: signed, contentType: contentType, extraHeaders: extraHeaders)
        }
    }

    /// A public-API client for a new project `id` (created through the manage API).
    func project(_ id: String) async throws -> ProjectAccess {
        let created = try await manage.call("CreateProject", ["ProjectId": id])
        #expect(created.code == 0, "\(created.message ?? "")")
        let key = try await manage.call("CreateAccessKey", ["ProjectId": id])
        struct Key: Decodable { var AccessKeyId: String; var Secret: String }
        let decoded = try key.data(as: Key.self)
        return ProjectAccess(
            client: ActionClient(baseURL: publicBase, accessKeyID: decoded.AccessKeyId, secret: decoded.Secret),
            keyID: decoded.AccessKeyId, secret: decoded.Secret)
    }

    static func withRunning(
        publicRoutes: ActionRouter = ActionRouter(), extraManage: (inout ActionRouter, SQLiteServiceStore) -> Void = { _, _ in },
        logger: Logger = Logger(label: "test"), _ body: @Sendable (ServiceHarness) async throws -> Void
    ) async throws {
        let path = NSTemporaryDirectory() + "stratus-service-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteServiceStore(path: path)
        try await store.migrate()
        var manageRoutes = ActionRouter()
        ManageActions.register(in: &manageRoutes, store: store, defaultQuota: Quota(limits: ["thing": .init(count: 3, totalSize: 30)]))
        extraManage(&manageRoutes, store)
        let server = ActionServer(
            publicRoutes: publicRoutes, manageRoutes: manageRoutes, store: store,
            configuration: .init(publicPort: 0, managePort: 0), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let ports = try #require(await server.waitUntilRunning())
            let key = try #require(try await ManageActions.bootstrapManageKey(store: store))
            let manageBase = "http://127.0.0.1:\(ports.managePort)"
            let harness = ServiceHarness(
                store: store, manage: ActionClient(baseURL: manageBase, accessKeyID: key.id, secret: key.secret),
                publicBase: "http://127.0.0.1:\(ports.publicPort)", manageBase: manageBase, manageKey: key)
            defer { group.cancelAll() }
            try await body(harness)
        }
    }
}
