import Foundation
import StratusService
import Testing

@Suite("Action server start-up")
struct ActionServerStartTests {
    @Test("a port in use: run() throws and waitUntilRunning() answers nil instead of waiting forever")
    func portInUse() async throws {
        let path = NSTemporaryDirectory() + "stratus-start-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteServiceStore(path: path)
        try await store.migrate()
        let first = ActionServer(publicRoutes: ActionRouter(), manageRoutes: ActionRouter(), store: store,
                                 configuration: .init(publicPort: 0, managePort: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            defer { group.cancelAll() }
            let taken = try #require(await first.waitUntilRunning())
            let second = ActionServer(publicRoutes: ActionRouter(), manageRoutes: ActionRouter(), store: store,
                                      configuration: .init(publicPort: taken.publicPort, managePort: 0))
            let running = Task { try await second.run() }
            let ports = await second.waitUntilRunning()
            #expect(ports == nil)
            await #expect(throws: (any Error).self) { try await running.value }
        }
    }
}
