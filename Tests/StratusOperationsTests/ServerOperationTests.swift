import Foundation
import StratusOpenStack
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOperations

@Suite("Server operations against the simulator")
struct ServerOperationTests {
    typealias Support = OperationsSupport

    @Test("create returns at once with the POST's answer; value resolves to ACTIVE; delete resolves when gone")
    func createAndDelete() async throws {
        var configuration = Support.fast
        configuration.timings.serverBuild = .milliseconds(400)
        try await withOperations(configuration) { simulator, ops in
            let op = try await ops.servers.create(Support.server("web-1"))
            #expect(!op.isDone)
            let initial = try #require(op.initial)
            #expect(initial.serverCreated?.id == initial.resourceID)
            #expect(initial.requestID?.hasPrefix("req-") == true)
            let server = try await op.value
            #expect(op.isDone)
            #expect(server.status == .active)
            #expect(server.id == initial.resourceID)
            #expect(server.tags?.contains { $0.hasPrefix("stratus-token-") } == true)
            #expect(op.attempts.map(\.outcome) == [.succeeded])
            let deletion = try await ops.servers.delete(id: server.id)
            try await deletion.value
            #expect(simulator.serverSnapshots().allSatisfy { $0.deleted })
            // No GET per server: only list calls watched them.
            #expect(simulator.stats().byRoute.keys.filter { $0.hasPrefix("GET /compute/v2.1/servers/{id}") }.isEmpty)
        }
    }

    @Test("an ERROR build ends the handle at once with Nova's fault")
    func errorBuild() async throws {
        var configuration = Support.fast
        configuration.faults.buildErrorRate = 1
        try await withOperations(configuration) { _, ops in
            let op = try await ops.servers.create(Support.server("doomed"))
            let error = await #expect(throws: OperationError.self) { _ = try await op.value }
            #expect(error?.code == .failed)
            #expect(error?.message.contains("No valid host") == true)
            #expect(error?.lastStatus == "ERROR")
            #expect(error?.attempts.count == 1)
        }
    }

    @Test("retry with cleanup: failed builds are deleted, awaited and created again until one works")
    func retryWithCleanup() async throws {
        var configuration = Support.fast
        configuration.faults.buildErrorRate = 0.6
        try await withOperations(configuration) { simulator, ops in
            let policy = OperationPolicy(attempts: 10, timeout: .seconds(10), backoff: .milliseconds(10))
            let op = try await ops.servers.create(Support.server("stubborn"), policy: policy)
            let server = try await op.value
            #expect(server.status == .active)
            let attempts = op.attempts
            #expect(attempts.last?.outcome == .succeeded)
            #expect(attempts.dropLast().allSatisfy { $0.cleanedUp && $0.outcome != .succeeded })
            let live = simulator.serverSnapshots().filter { !$0.deleted }
            #expect(live.map(\.id) == [server.id], "every broken server was cleaned up")
            #expect(simulator.serverSnapshots().count == attempts.count)
        }
    }

    @Test("a timeout ends the handle with the state it was stuck in")
    func timeout() async throws {
        var configuration = Support.fast
        configuration.timings.serverBuild = .seconds(60)
        try await withOperations(configuration) { _, ops in
            let op = try await ops.servers.create(Support.server("slow"), policy: .init(timeout: .milliseconds(600)))
            let error = await #expect(throws: OperationError.self) { _ = try await op.value }
            #expect(error?.code == .timedOut)
            #expect(error?.lastStatus?.hasPrefix("BUILD") == true)
            // value(timeout:) on a handle gives up waiting without ending the operation.
            let other = try await ops.servers.create(Support.server("slow-2"))
            let early = await #expect(throws: OperationError.self) { _ = try await other.value(timeout: .milliseconds(200)) }
            #expect(early?.code == .timedOut)
            #expect(!other.isDone)
            other.cancel()
            let cancelled = await #expect(throws: OperationError.self) { _ = try await other.value }
            #expect(cancelled?.code == .cancelled)
        }
    }

    @Test("cancel with cleanupOnCancel deletes the server")
    func cancelCleansUp() async throws {
        var configuration = Support.fast
        configuration.timings.serverBuild = .seconds(60)
        try await withOperations(configuration) { simulator, ops in
            let op = try await ops.servers.create(Support.server("unwanted"), policy: .init(cleanupOnCancel: true))
            op.cancel()
            _ = try? await op.value
            // The delete is sent in the background after the cancel: wait for it (a fixed sleep
            // was too short on a busy CI machine).
            _ = try await eventually(timeout: .seconds(15), interval: .milliseconds(50), "the cancelled server to be deleted") { () -> Bool? in
                simulator.serverSnapshots().allSatisfy { $0.deleted || $0.status == "DELETED" || $0.name != "unwanted" } ? true : nil
            }
        }
    }

    @Test("commit-then-drop on every create: exactly one server per token, adopted, never duplicated")
    func commitThenDropAdopts() async throws {
        var configuration = Support.fast
        configuration.faults.dropAfterCommitRate = 1
        try await withOperations(configuration) { simulator, ops in
            let ops = try await (0..<10).asyncMap { try await ops.servers.create(Support.server("d\($0)")) }
            for op in ops {
                #expect(op.initial?.adopted == true)
                #expect(try await op.value.status == .active)
            }
            let perToken = Support.serversPerToken(simulator)
            #expect(perToken.count == 10)
            #expect(perToken.values.allSatisfy { $0 == 1 })
            #expect(simulator.serverSnapshots().count == 10)
        }
    }

    @Test("a 503 storm (30% of every request) with 10% ERROR builds: 40 creates, 40 servers, no duplicates")
    func stormNoDuplicates() async throws {
        var configuration = Support.fast
        configuration.faults.http503Rate = 0.3
        configuration.faults.buildErrorRate = 0.1
        configuration.faults.dropAfterCommitRate = 0.1
        let retry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(2), maxDelay: .milliseconds(20))
        try await withOperations(configuration, retry: retry) { simulator, ops in
            let policy = OperationPolicy(attempts: 5, timeout: .seconds(20), backoff: .milliseconds(10),
                                         unknownOutcomeGrace: .milliseconds(100))
            let handles = try await withThrowingTaskGroup(of: CloudOperation<Server>.self) { group in
                for index in 0..<40 { group.addTask { try await ops.servers.create(Support.server("storm-\(index)"), policy: policy) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let servers = try await Operations.all(handles)
            #expect(servers.count == 40)
            #expect(servers.allSatisfy { $0.status == .active })
            let perToken = Support.serversPerToken(simulator)
            #expect(perToken.count == 40)
            #expect(perToken.values.allSatisfy { $0 == 1 }, "one live server per client token")
            #expect(simulator.stats().faultsInjected > 0)
        }
    }

    @Test("the same token adopts across 'restarts'; with other parameters it is refused")
    func tokenAdoptionAndConflict() async throws {
        try await withOperations { simulator, ops in
            let token = try ClientToken("order-4711")
            let first = try await ops.servers.create(Support.server("web"), token: token).value
            // A new process (new Operations, same client) with the same token adopts.
            let (adopted, again) = try await Operations.withRunning(client: ops.client) { fresh in
                let handle = try await fresh.servers.create(Support.server("web"), token: token)
                return (handle.initial?.adopted, try await handle.value)
            }
            #expect(adopted == true)
            #expect(again.id == first.id)
            #expect(simulator.serverSnapshots().count == 1)
            let conflict = await #expect(throws: OperationError.self) {
                _ = try await ops.servers.create(Support.server("different-name"), token: token)
            }
            #expect(conflict?.code == .tokenConflict)
            #expect(throws: OperationError.self) { _ = try ClientToken("bad/token") }
        }
    }

    @Test("chaining: create → attach a new volume → snapshot, as one handle")
    func chaining() async throws {
        try await withOperations { _, ops in
            let volume = try await ops.volumes.create(VolumeCreateRequest(size: 1, name: "data")).value
            let chain = try await ops.servers.create(Support.server("chain"))
                .then { server in try await ops.volumes.attach(volumeID: volume.id, to: server.id).map { _ in server } }
                .then { server in try await ops.servers.createImage(serverID: server.id, name: "chain-gold") }
            let image = try await chain.value
            #expect(image.status == .active)
            #expect(image.name == "chain-gold")
        }
    }

    @Test("combinators: all, first, completed")
    func combinators() async throws {
        try await withOperations { _, ops in
            let handles = try await (0..<5).asyncMap { try await ops.servers.create(Support.server("c\($0)")) }
            var seen = Set<Int>()
            for try await (index, result) in Operations.completed(handles) {
                #expect((try? result.get())?.status == .active)
                seen.insert(index)
            }
            #expect(seen == Set(0..<5))
            #expect(try await Operations.all(handles).count == 5)
            let (index, first) = try await Operations.first(handles)
            #expect(handles[index].resourceID == first.id)
        }
    }

    @Test("migrate (cold, confirmed) and live migrate end ACTIVE on another host; image and backup operations")
    func migrateAndImages() async throws {
        try await withOperations { _, ops in
            let server = try await ops.servers.create(Support.server("mover")).value
            let cold = try await ops.servers.migrate(serverID: server.id).value
            #expect(cold.status == .active && cold.hostID != server.hostID)
            let live = try await ops.servers.migrate(serverID: server.id, live: true).value
            #expect(live.status == .active && live.hostID != cold.hostID)
            let image = try await ops.servers.createImage(serverID: server.id, name: "gold").value
            #expect(image.status == .active)
            let backup = try await ops.servers.backup(serverID: server.id, name: "nightly").value
            #expect(backup.status == .active)
        }
    }

    @Test("1,000 concurrent handles resolve through a handful of list calls")
    func thousandHandles() async throws {
        var configuration = Support.fast
        configuration.timings = .instant
        try await withOperations(configuration) { simulator, ops in
            let handles = try await withThrowingTaskGroup(of: CloudOperation<Server>.self) { group in
                for index in 0..<1000 { group.addTask { try await ops.servers.create(Support.server("k\(index)")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let servers = try await Operations.all(handles)
            #expect(servers.count == 1000)
            let stats = simulator.stats()
            let lists = stats.byRoute.filter { $0.key.hasPrefix("GET /compute/v2.1/servers/detail") }.values.reduce(0, +)
            #expect(lists < 100, "list calls: \(lists)")
            #expect(stats.byRoute.keys.allSatisfy { !$0.hasPrefix("GET /compute/v2.1/servers/{id}") })
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
