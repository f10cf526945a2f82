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

@Suite("Monitor core: kinds listed by id (Neutron)")
struct MonitorListByIDTests {
    static func floatingIP(_ id: UInt64, _ resource: String, judge: @escaping WatchJudge = { observation, _ in
        guard let snapshot = observation.snapshot else { return .done }  // a delete: gone is done
        return snapshot.status == "ERROR" ? .failed("ERROR") : .pending
    }) -> MonitorCore.Watch {
        MonitorCoreTests.watch(id, .floatingIP, resource: resource, judge: judge)
    }

    @Test("watched ids are asked for by id, one request for up to idsPerRequest ids, each id once, in a stable order")
    func batchesByID() {
        var core = MonitorCore(configuration: .init(idsPerRequest: 100))
        for index in 0..<60 { core.add(Self.floatingIP(UInt64(index), "f\(index)")) }
        core.add(Self.floatingIP(100, "f7"))  // a second watch on one resource adds no id
        core.add(MonitorCoreTests.watch(200, .port, resource: "p1"))
        core.add(MonitorCoreTests.watch(300, .server, resource: "s1"))
        let plan = core.plan()
        #expect(plan.count == 3)
        let ipPoll = try? #require(plan.first { $0.kind == .floatingIP })
        guard case .ids(let ids)? = ipPoll?.mode else { Issue.record("floating IPs not listed by id: \(plan)"); return }
        #expect(ids.count == 60)
        #expect(ids == ids.sorted())
        #expect(plan.contains(.init(kind: .port, mode: .ids(["p1"]))))
        #expect(plan.contains { $0.kind == .server && $0.mode != .complete })
        // Never a complete list of a Neutron kind, even for a watch with unknown history or a delete.
        core.add(MonitorCoreTests.watch(400, .port, resource: "p2", since: nil, needsAbsence: true))
        #expect(core.plan().filter { $0.kind == .port } == [.init(kind: .port, mode: .ids(["p1", "p2"]))])
    }

    @Test("more ids than fit in one request are split into chunks that cover each id exactly once")
    func chunks() {
        var core = MonitorCore(configuration: .init(requestsPerSecond: 1000, idsPerRequest: 100))
        for index in 0..<250 { core.add(Self.floatingIP(UInt64(index), String(format: "f%03d", index))) }
        let plan = core.plan()
        let chunks = plan.compactMap { poll -> [String]? in if case .ids(let ids) = poll.mode { return ids } else { return nil } }
        #expect(chunks.map(\.count) == [100, 100, 50])
        #expect(Set(chunks.joined()).count == 250)
        #expect(chunks.joined().count == 250)
        // The pacing counts every chunk as a request of the tick.
        #expect(MonitorCore(configuration: .init(requestsPerSecond: 1, minimumInterval: .milliseconds(1), maximumInterval: .seconds(60),
                                                 idsPerRequest: 100)).interval(now: .zero) == nil)
        var paced = MonitorCore(configuration: .init(requestsPerSecond: 1, minimumInterval: .milliseconds(1),
                                                     maximumInterval: .seconds(60), idsPerRequest: 100))
        for index in 0..<250 { paced.add(Self.floatingIP(UInt64(index), "f\(index)")) }
        #expect(paced.interval(now: .zero) == .seconds(3))
    }

    @Test("an id missing from a list by ids is gone; ids of other chunks are not judged by it")
    func absenceIsGone() {
        var core = MonitorCore(configuration: .init(idsPerRequest: 2))
        core.add(Self.floatingIP(1, "a"))
        core.add(Self.floatingIP(2, "b"))
        core.add(Self.floatingIP(3, "c"))
        let plan = core.plan()
        #expect(plan == [.init(kind: .floatingIP, mode: .ids(["a", "b"])), .init(kind: .floatingIP, mode: .ids(["c"]))])
        // The answer for [a, b] has only b: a is gone (its delete is done), b stays pending, and c —
        // not asked for in this request — is not judged absent.
        let resolved = core.apply(MonitorCoreTests.result([ResourceSnapshot(kind: .floatingIP, id: "b", status: "DOWN")]),
                                  for: plan[0], localNow: MonitorCoreTests.t0)
        #expect(resolved.map(\.watchID) == [1])
        #expect(resolved.first?.observation == .absent)
        #expect(core.lastStatus(2) == "DOWN")
        #expect(core.lastStatus(3) == nil)
        #expect(Set(core.watches.keys) == [2, 3])
        let second = core.apply(MonitorCoreTests.result([]), for: plan[1], localNow: MonitorCoreTests.t0)
        #expect(second.map(\.watchID) == [3])
    }

    @Test("a list that failed ends nothing: its watches stay pending and the next tick asks for them again")
    func failedListKeepsWatches() {
        var core = MonitorCore(configuration: .init(idsPerRequest: 100))
        core.add(Self.floatingIP(1, "a", judge: { observation, _ in observation.snapshot?.status == "ACTIVE" ? .done : .pending }))
        core.add(MonitorCoreTests.watch(2, .port, resource: "p"))
        let first = core.plan()
        // The monitor got an error for every poll of this tick: nothing is applied.
        core.finishTick(requests: first.count)
        #expect(core.watches.count == 2)
        #expect(core.expire(now: .seconds(3600)).isEmpty, "no deadline: a failing list never times a watch out by itself")
        #expect(core.plan() == first)
        let resolved = core.apply(MonitorCoreTests.result([ResourceSnapshot(kind: .floatingIP, id: "a", status: "ACTIVE")]),
                                  for: first[0], localNow: MonitorCoreTests.t0)
        #expect(resolved.map(\.verdict) == [.done])
    }
}
