import Foundation
import Testing
@testable import StratusOperations

/// The monitor's pure core, driven by hand: no I/O, no clock.
@Suite("Monitor core (pure state machine)")
struct MonitorCoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func watch(_ id: UInt64, _ kind: ResourceKind = .server, resource: String, since: Date? = t0,
                      needsAbsence: Bool = false, judge: @escaping WatchJudge = { observation, _ in
                          observation.snapshot?.status == "ACTIVE" ? .done : observation.snapshot?.status == "ERROR" ? .failed("boom") : .pending
                      }, addedAt: Duration = .zero) -> MonitorCore.Watch {
        MonitorCore.Watch(id: id, kind: kind, resourceID: resource, since: since, needsAbsence: needsAbsence, judge: judge,
                          addedAt: addedAt)
    }

    static func result(_ snapshots: [ResourceSnapshot], complete: Bool = false, date: Date? = nil) -> ListResult {
        ListResult(snapshots: snapshots, isComplete: complete, responseDate: date, requests: 1)
    }

    @Test("one list call per kind, however many watches")
    func onePollPerKind() {
        var core = MonitorCore(configuration: .init())
        for index in 0..<500 { core.add(Self.watch(UInt64(index), resource: "s\(index)")) }
        core.add(Self.watch(1000, .volume, resource: "v1"))
        let plan = core.plan()
        #expect(plan.count == 2)
        #expect(Set(plan.map(\.kind)) == [.server, .volume])
        #expect(MonitorCore(configuration: .init()).plan().isEmpty)
    }

    @Test("changes-since starts before the earliest new watch, then follows the cloud's clock")
    func cursor() {
        var core = MonitorCore(configuration: .init(overlap: .seconds(2)))
        core.add(Self.watch(1, resource: "a", since: Self.t0))
        #expect(core.plan() == [.init(kind: .server, mode: .changedSince(Self.t0.addingTimeInterval(-2)))])
        let cloudNow = Self.t0.addingTimeInterval(10)
        _ = core.apply(Self.result([ResourceSnapshot(kind: .server, id: "a", status: "BUILD")], date: cloudNow),
                       for: core.plan()[0], localNow: cloudNow.addingTimeInterval(30))
        #expect(core.skew == 30)
        #expect(core.plan() == [.init(kind: .server, mode: .changedSince(cloudNow.addingTimeInterval(-2)))])
        // A watch added later, in local time, is translated to cloud time by the measured skew.
        core.add(Self.watch(2, resource: "b", since: cloudNow.addingTimeInterval(35)))
        #expect(core.plan() == [.init(kind: .server, mode: .changedSince(cloudNow.addingTimeInterval(-2)))])
    }

    @Test("final states resolve and leave; pending ones stay; absence counts only in complete lists")
    func resolutions() {
        var core = MonitorCore(configuration: .init())
        core.add(Self.watch(1, resource: "ok"))
        core.add(Self.watch(2, resource: "bad"))
        core.add(Self.watch(3, resource: "slow"))
        core.add(Self.watch(4, resource: "missing", judge: { observation, _ in observation == .absent ? .done : .pending }))
        let poll = core.plan()[0]
        let resolved = core.apply(Self.result([
            ResourceSnapshot(kind: .server, id: "ok", status: "ACTIVE"),
            ResourceSnapshot(kind: .server, id: "bad", status: "ERROR", fault: "No valid host"),
            ResourceSnapshot(kind: .server, id: "slow", status: "BUILD"),
        ]), for: poll, localNow: Self.t0)
        #expect(Set(resolved.map(\.watchID)) == [1, 2])
        #expect(resolved.first { $0.watchID == 2 }?.verdict == .failed("boom"))
        #expect(core.watches.count == 2)
        #expect(core.lastStatus(3) == "BUILD")
        let complete = core.apply(Self.result([], complete: true), for: MonitorCore.Poll(kind: .server, mode: .complete),
                                  localNow: Self.t0)
        #expect(complete.map(\.watchID) == [4])
    }

    @Test("deletes of volumes need complete lists; unknown history needs one too")
    func completeWhenNeeded() {
        var core = MonitorCore(configuration: .init())
        core.add(Self.watch(1, .volume, resource: "v", needsAbsence: true))
        core.add(Self.watch(2, .image, resource: "i", since: nil))
        core.add(Self.watch(3, .server, resource: "s", needsAbsence: true))
        let plan = core.plan()
        #expect(plan.contains(.init(kind: .volume, mode: .complete)))
        #expect(plan.contains(.init(kind: .image, mode: .complete)))
        #expect(plan.contains { $0.kind == .server && $0.mode != .complete }, "Nova reports deletions in changes-since")
    }

    @Test("the interval honours the request budget, and slows down when everything pending is old")
    func pacing() {
        var core = MonitorCore(configuration: .init(requestsPerSecond: 2, minimumInterval: .milliseconds(250),
                                                    maximumInterval: .seconds(5), slowDownAfter: .seconds(60)))
        #expect(core.interval(now: .zero) == nil)
        core.add(Self.watch(1, resource: "a"))
        #expect(core.interval(now: .zero) == .milliseconds(500))
        core.add(Self.watch(2, .volume, resource: "v"))
        #expect(core.interval(now: .zero) == .seconds(1))
        core.finishTick(requests: 6)  // paging
        #expect(core.interval(now: .zero) == .seconds(3))
        core.finishTick(requests: 2)
        #expect(core.interval(now: .seconds(120)) == .seconds(2))
        #expect(core.interval(now: .seconds(100_000)) == .seconds(5))
    }

    @Test("statuses seen are remembered for judges (a migration that went back to ACTIVE)")
    func seenStatuses() {
        var core = MonitorCore(configuration: .init())
        core.add(Self.watch(1, resource: "m", judge: { observation, seen in
            observation.snapshot?.status == "ACTIVE" && seen.contains("MIGRATING") ? .failed("same host") : .pending
        }))
        let poll = core.plan()[0]
        #expect(core.apply(Self.result([ResourceSnapshot(kind: .server, id: "m", status: "ACTIVE")]), for: poll, localNow: Self.t0).isEmpty)
        #expect(core.apply(Self.result([ResourceSnapshot(kind: .server, id: "m", status: "MIGRATING", taskState: "migrating")]),
                           for: poll, localNow: Self.t0).isEmpty)
        let resolved = core.apply(Self.result([ResourceSnapshot(kind: .server, id: "m", status: "ACTIVE")]), for: poll, localNow: Self.t0)
        #expect(resolved.first?.verdict == .failed("same host"))
    }
}

@Suite("Monitor core: stale answers")
struct MonitorStaleAnswerTests {
    @Test("a watch added while a poll was in flight is not judged by that poll's (older) answer")
    func staleAnswerIgnored() {
        var core = MonitorCore(configuration: .init())
        core.add(MonitorCoreTests.watch(1, resource: "s", judge: { observation, _ in
            observation.snapshot?.status == "ERROR" ? .failed("stale ERROR") : .pending
        }, addedAt: .seconds(10)))
        let poll = MonitorCore.Poll(kind: .server, mode: .complete)
        let stale = core.apply(MonitorCoreTests.result([ResourceSnapshot(kind: .server, id: "s", status: "ERROR")]), for: poll,
                               localNow: MonitorCoreTests.t0, sentAt: .seconds(9))
        #expect(stale.isEmpty)
        #expect(core.watches.count == 1)
        let fresh = core.apply(MonitorCoreTests.result([ResourceSnapshot(kind: .server, id: "s", status: "ERROR")]), for: poll,
                               localNow: MonitorCoreTests.t0, sentAt: .seconds(11))
        #expect(fresh.count == 1)
    }
}

@Suite("Monitor core: deadlines")
struct MonitorDeadlineTests {
    @Test("a watch past its deadline ends as timedOut with the last status; the interval never overshoots a deadline")
    func deadlines() {
        var core = MonitorCore(configuration: .init(requestsPerSecond: 0.1))
        var watch = MonitorCoreTests.watch(1, resource: "s")
        watch.deadline = .seconds(3)
        core.add(watch)
        #expect(core.interval(now: .seconds(1)) == .seconds(2))
        _ = core.apply(MonitorCoreTests.result([ResourceSnapshot(kind: .server, id: "s", status: "BUILD", taskState: "spawning")]),
                       for: core.plan()[0], localNow: MonitorCoreTests.t0)
        #expect(core.expire(now: .seconds(2)).isEmpty)
        let expired = core.expire(now: .seconds(3))
        #expect(expired.map(\.verdict) == [.timedOut])
        #expect(expired.first?.observation.statusDescription == "BUILD/spawning")
        #expect(core.isIdle)
    }
}
