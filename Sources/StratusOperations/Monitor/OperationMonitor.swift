import Foundation
import Logging
import Metrics
import ServiceLifecycle
import StratusOpenStack
import Synchronization

/// Tracks every pending operation with **one list call per resource kind per tick** — never one
/// GET per resource — and resolves each watch the moment its resource reaches a final state.
/// Neutron floating IPs and ports, which have no changed-since filter, are listed by the watched
/// ids instead: one call per ``MonitorConfiguration/idsPerRequest`` ids (100 by default).
///
/// A swift-service-lifecycle `Service`: run it in your `ServiceGroup`, or use
/// ``Operations/withRunning(client:monitor:logger:_:)``. Watches made while it is not running wait
/// until it runs; when it stops, pending watches fail with ``OperationError/Code/monitorStopped``.
///
/// The pacing (see ``MonitorConfiguration``) keeps the request rate under a budget, ticks no
/// faster than every 0.25 s, and slows down when every pending operation is old. When nothing is
/// pending it sends nothing and sleeps until a watch arrives.
public final class OperationMonitor: Service, Sendable {
    /// A watch failed: the verdict's reason and the last observation.
    struct WatchFailure: Error {
        var verdict: WatchVerdict
        var observation: Observation
    }

    private struct State {
        var core: MonitorCore
        var completions: [UInt64: WatchCompletion] = [:]
        var nextID: UInt64 = 0
        var parked: CheckedContinuation<Void, Never>?
        var running = false
        var stopped = false
        var stats = MonitorStats()
    }

    let lister: any ResourceLister
    let configuration: MonitorConfiguration
    let logger: Logger
    private let clock: ClockBox
    private let state: Mutex<State>
    private let metrics: MonitorMetrics

    /// Creates a monitor that lists through `lister`.
    ///
    /// `metricsFactory` receives `stratus_monitor_polls_total{kind}` and
    /// `stratus_operations_pending{kind}`; nil uses `MetricsSystem.factory` as bootstrapped now.
    public init<C: Clock>(lister: any ResourceLister, configuration: MonitorConfiguration = .init(), clock: C = ContinuousClock(),
                          logger: Logger = Logger(label: "stratus.monitor"),
                          metricsFactory: (any MetricsFactory)? = nil) where C.Duration == Duration {
        self.lister = lister
        self.configuration = configuration
        self.logger = logger
        self.metrics = MonitorMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        self.clock = ClockBox(clock)
        self.state = Mutex(State(core: MonitorCore(configuration: configuration)))
    }

    /// Creates a monitor for `client`.
    public convenience init(client: OpenStackClient, configuration: MonitorConfiguration = .init(),
                            logger: Logger = Logger(label: "stratus.monitor"), metricsFactory: (any MetricsFactory)? = nil) {
        self.init(lister: OpenStackResourceLister(client: client, pageSize: configuration.pageSize, logger: logger),
                  configuration: configuration, logger: logger, metricsFactory: metricsFactory)
    }

    /// Counters: ticks, list requests, resolved watches.
    public var stats: MonitorStats { state.withLock { $0.stats } }
    /// The number of pending watches.
    public var pendingCount: Int { state.withLock { $0.core.watches.count } }

    // MARK: Watching

    /// Waits until `judge` calls the resource final. Returns the final observation on ``WatchVerdict/done``;
    /// throws ``WatchFailure`` on failure or disappearance. Cancelling the calling task removes the watch.
    func watch(_ kind: ResourceKind, id resourceID: String, since: Date?, needsAbsence: Bool = false,
               timeout: Duration? = nil, judge: @escaping WatchJudge) async throws -> Observation {
        let id = Mutex<UInt64?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Observation, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let watchID = register(kind, id: resourceID, since: since, needsAbsence: needsAbsence, timeout: timeout,
                                       judge: judge) { continuation.resume(with: $0) }
                id.withLock { $0 = watchID }
                // Cancelled between the check above and here: the handler saw no id yet.
                if Task.isCancelled { cancelWatch(watchID, with: CancellationError()) }
            }
        } onCancel: {
            if let watchID = id.withLock({ $0 }) { cancelWatch(watchID, with: CancellationError()) }
        }
    }

    /// Registers a watch whose outcome is delivered to `completion` (exactly once, never under the
    /// monitor's lock): the final observation, a ``WatchFailure``, or an error when the monitor
    /// stops. No task waits for it — pending handles cost only their bookkeeping.
    @discardableResult
    func register(_ kind: ResourceKind, id resourceID: String, since: Date?, needsAbsence: Bool = false,
                  timeout: Duration? = nil, judge: @escaping WatchJudge,
                  completion: @escaping WatchCompletion) -> UInt64 {
        let now = clock.elapsed()
        let (id, parked, refused) = state.withLock { state -> (UInt64, CheckedContinuation<Void, Never>?, Bool) in
            state.nextID += 1
            let id = state.nextID
            if state.stopped { return (id, nil, true) }
            state.core.add(MonitorCore.Watch(id: id, kind: kind, resourceID: resourceID, since: since,
                                             needsAbsence: needsAbsence, judge: judge, addedAt: now,
                                             deadline: timeout.map { now + $0 }))
            state.completions[id] = completion
            defer { state.parked = nil }
            return (id, state.parked, false)
        }
        if refused {
            completion(.failure(OperationError(code: .monitorStopped, message: "the operation monitor has stopped")))
        }
        parked?.resume()
        return id
    }

    /// Ends a watch early, delivering `error` to its completion (if it has not completed yet).
    func cancelWatch(_ id: UInt64, with error: any Error) {
        let completion = state.withLock { state -> WatchCompletion? in
            state.core.remove(id)
            return state.completions.removeValue(forKey: id)
        }
        completion?(.failure(error))
    }

    // MARK: The loop

    /// Polls until cancelled or gracefully shut down.
    public func run() async throws {
        let alreadyRunning = state.withLock { state -> Bool in
            defer { state.running = true; state.stopped = false }
            return state.running
        }
        guard !alreadyRunning else {
            throw OperationError(code: .monitorStopped, message: "this OperationMonitor is already running")
        }
        defer { stop() }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.parkWhileIdle()
                if Task.isCancelled { break }
                let tickStart = self.clock.elapsed()
                await self.tick()
                // The interval runs from the start of a tick: a slow list is not followed by a
                // full interval of idling on top.
                let wait = self.state.withLock { $0.core.interval(now: self.clock.elapsed()) }
                if let wait {
                    let remaining = wait - (self.clock.elapsed() - tickStart)
                    try await self.clock.sleep(max(remaining, .zero))
                }
            }
        }
    }

    private func parkWhileIdle() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.core.isIdle || Task.isCancelled { return true }
                    state.parked = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.parked = nil }
                return state.parked
            }?.resume()
        }
    }

    /// One tick: one list call per kind with pending watches; resolve what is final.
    func tick() async {
        resume(state.withLock { state in
            let expired = state.core.expire(now: clock.elapsed())
            return expired.compactMap { resolution in state.completions.removeValue(forKey: resolution.watchID).map { ($0, resolution) } }
        })
        let polls = state.withLock { $0.core.plan() }
        var requests = 0
        for poll in polls {
            do {
                let sentAt = clock.elapsed()
                metrics.polled(poll.kind)
                let result = try await lister.list(poll.kind, mode: poll.mode)
                requests += result.requests
                let resolved = state.withLock { state -> [(WatchCompletion, MonitorCore.Resolution)] in
                    state.stats.requests += result.requests
                    let resolutions = state.core.apply(result, for: poll, localNow: Date(), sentAt: sentAt)
                    state.stats.resolved += resolutions.count
                    return resolutions.compactMap { resolution in
                        state.completions.removeValue(forKey: resolution.watchID).map { ($0, resolution) }
                    }
                }
                resume(resolved)
            } catch is CancellationError {
                return
            } catch {
                requests += 1
                state.withLock { $0.stats.failedPolls += 1 }
                logger.warning("poll failed; watches stay pending", metadata: ["kind": "\(poll.kind)", "error": "\(error)"])
            }
        }
        let pending = state.withLock { state -> [ResourceKind: Int] in
            state.stats.ticks += 1
            state.core.finishTick(requests: requests)
            return state.core.pendingByKind
        }
        metrics.setPending(pending)
        if !polls.isEmpty {
            logger.trace("tick", metadata: ["polls": "\(polls.count)", "requests": "\(requests)"])
        }
    }

    private func resume(_ resolved: [(WatchCompletion, MonitorCore.Resolution)]) {
        for (completion, resolution) in resolved {
            if resolution.verdict == .done {
                completion(.success(resolution.observation))
            } else {
                completion(.failure(WatchFailure(verdict: resolution.verdict, observation: resolution.observation)))
            }
        }
    }

    private func stop() {
        let pending = state.withLock { state -> [WatchCompletion] in
            state.running = false
            state.stopped = true
            for id in Array(state.core.watches.keys) { state.core.remove(id) }
            defer { state.completions = [:] }
            return Array(state.completions.values)
        }
        metrics.setPending([:])
        for completion in pending {
            completion(.failure(OperationError(code: .monitorStopped, message: "the operation monitor stopped")))
        }
    }
}

/// Receives a watch's outcome.
typealias WatchCompletion = @Sendable (Result<Observation, any Error>) -> Void

/// Counters of an ``OperationMonitor``.
public struct MonitorStats: Sendable, Hashable {
    /// Ticks that ran.
    public var ticks = 0
    /// List requests sent (pages counted).
    public var requests = 0
    /// Polls that failed (the watches stayed pending).
    public var failedPolls = 0
    /// Watches resolved.
    public var resolved = 0
}
