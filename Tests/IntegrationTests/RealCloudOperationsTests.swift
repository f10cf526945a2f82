import Foundation
import StratusOpenStack
import Testing
@testable import StratusOperations

@Suite("Real OpenStack: operations (handles, monitor, retry with cleanup)",
       .enabled(if: RealCloud.isConfigured, RealCloud.skipReason), .serialized)
struct RealCloudOperationsTests {
    static func server(_ name: String) -> ServerCreateRequest {
        ServerCreateRequest(name: name, imageID: RealCloud.bootImageID, flavorID: "1", networks: .none)
    }

    @Test("10 server creates and deletes resolve through list calls only — no GET per server")
    func createAndDeleteMany() async throws {
        let client = try RealCloud.client()
        try await Operations.withRunning(client: client) { ops in
            let handles = try await withThrowingTaskGroup(of: CloudOperation<Server>.self) { group in
                for index in 0..<10 { group.addTask { try await ops.servers.create(Self.server(RealCloud.uniqueName("stratus-op\(index)"))) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let servers = try await Operations.all(handles)
            #expect(servers.allSatisfy { $0.status == .active })
            let before = ops.monitor.stats.requests
            let deletions = try await servers.asyncMap { try await ops.servers.delete(id: $0.id) }
            for deletion in deletions { try await deletion.value }
            #expect(ops.monitor.stats.requests - before < 30)
            for server in servers {
                await #expect(throws: OpenStackError.self) { _ = try await client.compute.server(id: server.id) }
            }
        }
    }

    @Test("builds Nova fails end the handle with the fault; retry with cleanup deletes every broken server",
          .enabled(if: RealCloud.spawnFailPrefix != nil, "set STRATUS_REALCLOUD_SPAWN_FAIL_PREFIX (the cloud's SPAWN_FAIL_NAME)"))
    func failedBuildsAreCleanedUp() async throws {
        let client = try RealCloud.client()
        let name = RealCloud.uniqueName(RealCloud.spawnFailPrefix ?? "")
        try await Operations.withRunning(client: client) { ops in
            let op = try await ops.servers.create(Self.server(name), policy: .init(attempts: 2, timeout: .seconds(120),
                                                                                  backoff: .milliseconds(100), cleanup: .always))
            let error = await #expect(throws: OperationError.self) { _ = try await op.value }
            #expect(error?.code == .failed)
            #expect(error?.message.contains("simulated spawn failure") == true)
            #expect(op.attempts.count == 2)
            #expect(op.attempts.allSatisfy { $0.cleanedUp })
            let leftovers = try await client.compute.servers(ServerListQuery(name: name))
            #expect(leftovers.isEmpty, "broken servers left behind: \(leftovers.map(\.id))")
        }
    }

    @Test("the same client token adopts the server a previous 'process' created")
    func tokenAdoption() async throws {
        let client = try RealCloud.client()
        let token = try ClientToken(String(RealCloud.uniqueName("it").prefix(40)))
        let name = RealCloud.uniqueName("stratus-token")
        let first = try await Operations.withRunning(client: client) { ops in
            try await ops.servers.create(Self.server(name), token: token).value
        }
        let (adopted, second) = try await Operations.withRunning(client: try RealCloud.client()) { ops in
            let handle = try await ops.servers.create(Self.server(name), token: token)
            return (handle.initial?.adopted, try await handle.value)
        }
        #expect(adopted == true)
        #expect(second.id == first.id)
        #expect(try await client.compute.servers(ServerListQuery(tags: [token.tag])).count == 1)
        try await Operations.withRunning(client: client) { ops in try await ops.servers.delete(id: first.id).value }
    }

    @Test("volume create and delete handles")
    func volumes() async throws {
        let client = try RealCloud.client()
        try await Operations.withRunning(client: client) { ops in
            let volume = try await ops.volumes.create(VolumeCreateRequest(size: 1, name: RealCloud.uniqueName("stratus-opvol"))).value
            #expect(volume.status == .available)
            try await ops.volumes.delete(id: volume.id).value
            await #expect(throws: OpenStackError.self) { _ = try await client.blockStorage.volume(id: volume.id) }
        }
    }

    @Test("cold and live migration handles (admin, two computes)",
          .enabled(if: RealCloud.computeHosts >= 2, "needs STRATUS_REALCLOUD_COMPUTES=2"))
    func migration() async throws {
        let admin = try RealCloud.client(RealCloud.adminCloud)
        try await Operations.withRunning(client: admin) { ops in
            let server = try await ops.servers.create(Self.server(RealCloud.uniqueName("stratus-opmig"))).value
            let cold = try await ops.servers.migrate(serverID: server.id).value
            #expect(cold.status == .active && cold.hostID != server.hostID)
            let live = try await ops.servers.migrate(serverID: server.id, live: true).value
            #expect(live.status == .active && live.hostID != cold.hostID)
            try await ops.servers.delete(id: server.id).value
        }
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
