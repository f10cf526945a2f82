import Foundation

/// The monitor's logic as a pure value: which list calls to make, what their answers resolve,
/// and how long to wait before the next tick. No I/O and no clock of its own — the
/// ``OperationMonitor`` feeds it events and times, and tests drive it directly.
struct MonitorCore: Sendable {
    /// One watched resource.
    struct Watch: Sendable {
        var id: UInt64
        var kind: ResourceKind
        var resourceID: String
        /// The cloud-relative time from which changes matter; nil when unknown (forces a complete list).
        var since: Date?
        /// True when success or failure may be signalled by the resource disappearing (deletes),
        /// for kinds whose changed-since lists do not report deletions (volumes, images).
        var needsAbsence: Bool
        var judge: WatchJudge
        /// Monotonic time the watch was added.
        var addedAt: Duration
        /// Monotonic time after which the watch ends as ``WatchVerdict/timedOut``; nil waits forever.
        var deadline: Duration? = nil
        /// The last status seen (a short string, not the whole resource: pending watches stay small).
        var lastStatus: String?
        var seen: Set<String> = []
    }

    /// A resolved watch.
    struct Resolution: Sendable {
        var watchID: UInt64
        var verdict: WatchVerdict
        var observation: Observation
    }

    /// One list call to make.
    struct Poll: Sendable, Hashable {
        var kind: ResourceKind
        var mode: ListMode
    }

    let configuration: MonitorConfiguration
    private(set) var watches: [UInt64: Watch] = [:]
    /// Per kind: the cloud time of the last answer, minus the overlap.
    private(set) var cursors: [ResourceKind: Date] = [:]
    /// local time − cloud time, from the last answer's `Date` header.
    private(set) var skew: TimeInterval = 0
    private var lastTickRequests = 0

    init(configuration: MonitorConfiguration) {
        self.configuration = configuration
    }

    var isIdle: Bool { watches.isEmpty }

    /// Pending watches per kind.
    var pendingByKind: [ResourceKind: Int] {
        var counts: [ResourceKind: Int] = [:]
        for watch in watches.values { counts[watch.kind, default: 0] += 1 }
        return counts
    }

    mutating func add(_ watch: Watch) {
        var watch = watch
        if let since = watch.since {
            // Translate the local start time to the cloud's clock and allow for whole-second timestamps.
            watch.since = since.addingTimeInterval(-skew - configuration.overlap.seconds)
        }
        watches[watch.id] = watch
    }

    @discardableResult
    mutating func remove(_ id: UInt64) -> Watch? {
        watches.removeValue(forKey: id)
    }

    func lastStatus(_ id: UInt64) -> String? { watches[id]?.lastStatus }

    /// The soonest deadline of any pending watch.
    var nextDeadline: Duration? { watches.values.compactMap(\.deadline).min() }

    /// Ends every watch whose deadline has passed, as ``WatchVerdict/timedOut``.
    mutating func expire(now: Duration) -> [Resolution] {
        let expired = watches.values.filter { ($0.deadline ?? .seconds(Int64.max / 2)) <= now }
        for watch in expired { watches[watch.id] = nil }
        return expired.map { watch in
            Resolution(watchID: watch.id, verdict: .timedOut,
                       observation: .present(ResourceSnapshot(kind: watch.kind, id: watch.resourceID,
                                                              status: watch.lastStatus ?? "not seen yet")))
        }
    }

    /// The list calls of the next tick: one per kind with pending watches; for kinds listed by id,
    /// one per ``MonitorConfiguration/idsPerRequest`` distinct watched ids.
    func plan() -> [Poll] {
        var byKind: [ResourceKind: [Watch]] = [:]
        for watch in watches.values { byKind[watch.kind, default: []].append(watch) }
        return ResourceKind.allCases.flatMap { kind -> [Poll] in
            guard let pending = byKind[kind] else { return [] }
            if kind.isListedByID {
                return Self.chunks(of: Set(pending.map(\.resourceID)).sorted(), size: configuration.idsPerRequest)
                    .map { Poll(kind: kind, mode: .ids($0)) }
            }
            return [poll(kind, pending)]
        }
    }

    private static func chunks(of ids: [String], size: Int) -> [[String]] {
        stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
    }

    /// How many list calls ``plan()`` makes now (cheaper than planning: no sorting).
    private var plannedPolls: Int {
        var ids: [ResourceKind: Set<String>] = [:]
        for watch in watches.values { ids[watch.kind, default: []].insert(watch.resourceID) }
        return ids.reduce(0) { total, entry in
            let (kind, ids) = entry
            return total + (kind.isListedByID ? (ids.count + configuration.idsPerRequest - 1) / configuration.idsPerRequest : 1)
        }
    }

    /// The changed-since (or complete) list of one kind listed by time.
    private func poll(_ kind: ResourceKind, _ pending: [Watch]) -> Poll {
        let needsComplete = pending.contains { $0.since == nil || ($0.needsAbsence && kind != .server) }
        if needsComplete { return Poll(kind: kind, mode: .complete) }
        // Earliest of: where the last poll left off, and the start of every watch not yet seen.
        let starts = pending.filter { $0.lastStatus == nil }.compactMap(\.since)
        let candidates = starts + [cursors[kind]].compactMap { $0 }
        guard let since = candidates.min() else { return Poll(kind: kind, mode: .complete) }
        return Poll(kind: kind, mode: .changedSince(since))
    }

    /// Applies one poll's answer; returns the watches it resolved (and removes them). Watches added
    /// after the poll was sent (`sentAt`, monotonic) are not judged by it: its answer may predate
    /// the call that started them (a delete judged on the state before the DELETE).
    mutating func apply(_ result: ListResult, for poll: Poll, localNow: Date, sentAt: Duration = .seconds(Int64.max / 2)) -> [Resolution] {
        // The cloud read its database somewhere between the request and the `Date` of the answer:
        // start the next window before the request was sent.
        let back = configuration.overlap.seconds + result.duration.seconds
        if let responseDate = result.responseDate {
            skew = localNow.timeIntervalSince(responseDate)
            cursors[poll.kind] = responseDate.addingTimeInterval(-back)
        } else {
            cursors[poll.kind] = localNow.addingTimeInterval(-skew - back)
        }
        var byID: [String: ResourceSnapshot] = [:]
        for snapshot in result.snapshots where snapshot.kind == poll.kind {
            // A list may hold a DELETED record and a live one with the same id only in theory;
            // prefer the live one.
            if byID[snapshot.id] == nil || byID[snapshot.id]?.status == "DELETED" { byID[snapshot.id] = snapshot }
        }
        // A list by ids answers for those ids only, completely: a missing one is gone.
        var asked: Set<String>?
        if case .ids(let ids) = poll.mode { asked = Set(ids) }
        var resolutions: [Resolution] = []
        for (id, watch) in watches where watch.kind == poll.kind && watch.addedAt <= sentAt {
            if let asked, !asked.contains(watch.resourceID) { continue }
            let observation: Observation
            if let snapshot = byID[watch.resourceID] {
                observation = .present(snapshot)
            } else if result.isComplete || asked != nil {
                observation = .absent
            } else {
                continue
            }
            var updated = watch
            updated.lastStatus = observation.statusDescription
            if let snapshot = observation.snapshot {
                updated.seen.insert(snapshot.status)
                if let task = snapshot.taskState { updated.seen.insert("task:\(task)") }
            }
            let verdict = watch.judge(observation, updated.seen)
            if verdict == .pending {
                watches[id] = updated
            } else {
                watches[id] = nil
                resolutions.append(Resolution(watchID: id, verdict: verdict, observation: observation))
            }
        }
        return resolutions
    }

    /// Records how many requests the tick took (pages included), for the rate budget.
    mutating func finishTick(requests: Int) {
        lastTickRequests = requests
    }

    /// How long to wait before the next tick; nil when nothing is pending.
    func interval(now: Duration) -> Duration? {
        guard !watches.isEmpty else { return nil }
        let requests = max(lastTickRequests, plannedPolls)
        let budget = Duration.milliseconds(Int64((Double(requests) / max(configuration.requestsPerSecond, 0.001)) * 1000))
        var interval = max(configuration.minimumInterval, budget)
        let newest = watches.values.map(\.addedAt).max() ?? now
        let youngestAge = now - newest
        if youngestAge > configuration.slowDownAfter {
            let factor = 1 + (youngestAge - configuration.slowDownAfter).seconds / max(configuration.slowDownAfter.seconds, 1)
            interval = interval * factor
        }
        interval = min(max(interval, configuration.minimumInterval), max(configuration.maximumInterval, budget))
        if let deadline = nextDeadline { interval = min(interval, max(deadline - now, .zero)) }
        return interval
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
