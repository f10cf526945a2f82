import Foundation
import StratusTesting
import Synchronization
import Testing
@testable import StratusOperations

/// A lister that answers from a script and counts calls.
final class ScriptedLister: ResourceLister {
    private let state = Mutex<(calls: [ResourceKind], statuses: [String: String])>(([], [:]))
    func set(_ id: String, _ status: String) { state.withLock { $0.statuses[id] = status } }
    var calls: [ResourceKind] { state.withLock { $0.calls } }
    func list(_ kind: ResourceKind, mode: ListMode) async throws -> ListResult {
        let snapshots = state.withLock { state -> [ResourceSnapshot] in
            state.calls.append(kind)
            return state.statuses.map { ResourceSnapshot(kind: kind, id: $0.key, status: $0.value) }
        }
        return ListResult(snapshots: snapshots, isComplete: false, responseDate: nil, requests: 1)
    }
}

@Suite("Monitor service on a manual clock")
struct MonitorServiceTests {
    @Test("200 watches cost one list per tick; idle costs nothing; stopping fails pending watches")
    func batchingAndIdle() async throws {
        let clock = ManualClock()
        let lister = ScriptedLister()
        let monitor = OperationMonitor(lister: lister, clock: clock)
        for index in 0..<200 { lister.set("s\(index)", "BUILD") }
        let running = Task { try await monitor.run() }
        // Idle: no watches, no requests, even as time passes.
        clock.advance(by: .seconds(30))
        await Task.yield()
        #expect(lister.calls.isEmpty)

        let judge: WatchJudge = { observation, _ in observation.snapshot?.status == "ACTIVE" ? .done : .pending }
        let watches = (0..<200).map { index in
            Task { try await monitor.watch(.server, id: "s\(index)", since: Date(), judge: judge) }
        }
        while monitor.pendingCount < 200 { await Task.yield() }
        await clock.waitForSleepers(count: 1)
        #expect(lister.calls.count == 1, "one list call for 200 watches")
        for index in 0..<200 { lister.set("s\(index)", "ACTIVE") }
        clock.advanceToNextDeadline()
        for watch in watches { #expect(try await watch.value.snapshot?.status == "ACTIVE") }
        #expect(lister.calls.count == 2)
        #expect(monitor.stats.resolved == 200)

        let orphan = Task { try await monitor.watch(.server, id: "never", since: Date(), judge: judge) }
        while monitor.pendingCount < 1 { await Task.yield() }
        running.cancel()
        await #expect(throws: OperationError.self) { _ = try await orphan.value }
    }
}

/// A lister of one kind listed by id that fails its first `failures` calls, then answers from a script.
final class FailingIDLister: ResourceLister {
    private let state = Mutex<(calls: [ListMode], failures: Int, statuses: [String: String])>(([], 0, [:]))
    init(failures: Int) { state.withLock { $0.failures = failures } }
    func set(_ id: String, _ status: String) { state.withLock { $0.statuses[id] = status } }
    var calls: [ListMode] { state.withLock { $0.calls } }
    func list(_ kind: ResourceKind, mode: ListMode) async throws -> ListResult {
        let answer = state.withLock { state -> [ResourceSnapshot]? in
            state.calls.append(mode)
            if state.failures > 0 {
                state.failures -= 1
                return nil
            }
            guard case .ids(let ids) = mode else { return [] }
            return ids.compactMap { id in state.statuses[id].map { ResourceSnapshot(kind: kind, id: id, status: $0) } }
        }
        guard let answer else { throw OperationError(code: .failed, message: "503 from the scripted Neutron") }
        return ListResult(snapshots: answer, isComplete: true, responseDate: nil, requests: 1)
    }
}

@Suite("Monitor service: kinds listed by id")
struct MonitorListByIDServiceTests {
    @Test("failing lists end no watch; the next answer resolves them, a missing id as gone")
    func failingListsKeepWatches() async throws {
        let clock = ManualClock()
        let lister = FailingIDLister(failures: 3)
        let monitor = OperationMonitor(lister: lister, configuration: .init(requestsPerSecond: 100), clock: clock)
        lister.set("ip-1", "ACTIVE")
        let running = Task { try await monitor.run() }
        defer { running.cancel() }
        let active: WatchJudge = { observation, _ in observation.snapshot?.status == "ACTIVE" ? .done : .pending }
        let gone: WatchJudge = { observation, _ in observation.snapshot == nil ? .done : .pending }
        let associated = Task { try await monitor.watch(.floatingIP, id: "ip-1", since: Date(), judge: active) }
        let deleted = Task { try await monitor.watch(.floatingIP, id: "ip-2", since: Date(), judge: gone) }
        while monitor.pendingCount < 2 { await Task.yield() }
        for tick in 1...3 {
            _ = try await eventually(timeout: .seconds(10), interval: .milliseconds(1), "failed poll \(tick)") { () -> Bool? in
                monitor.stats.failedPolls >= tick ? true : nil
            }
            #expect(monitor.pendingCount == 2, "a failed list ends nothing")
            await clock.waitForSleepers(count: 1)
            clock.advanceToNextDeadline()
        }
        #expect(try await associated.value.snapshot?.status == "ACTIVE")
        #expect(try await deleted.value == .absent)
        #expect(lister.calls.allSatisfy { $0 == .ids(["ip-1", "ip-2"]) }, "one request names both ids: \(lister.calls)")
        #expect(monitor.stats.failedPolls == 3)
    }
}
