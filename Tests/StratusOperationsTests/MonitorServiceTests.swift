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
