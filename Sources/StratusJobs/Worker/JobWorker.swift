import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// Runs jobs from a ``JobStore``: a swift-service-lifecycle `Service`.
///
/// Each turn it claims up to `pickSize` due jobs (no more than free slots allow), runs at most
/// `execSize` at once, and fails a run that exceeds `execTimeout`. A failed run is retried after
/// `tryPeriod × 2^(run − 1)` until `tryMax` runs, then the job ends in `error` and every
/// notifier hears of it. An idle worker sleeps until the store signals an enqueue (or
/// `pollInterval` passes), so a job on an idle queue starts within milliseconds.
///
/// Crash safety comes from leases: a claim holds a job for `lease`, renewed every third of it
/// while the handler runs. If the worker dies the lease lapses and another worker (or this one,
/// restarted) claims the job again — and only then, so a slow worker's job is never run twice at
/// once. Completions are written in batches, and only while the lease is still held.
///
/// Graceful shutdown stops claiming, gives running jobs `shutdownGrace` to finish, then cancels
/// the rest and hands them back to the queue.
public final class JobWorker: Service, Sendable {
    public let store: any JobStore
    public let configuration: JobWorkerConfiguration
    let handlers: JobHandlers
    let logger: Logger
    let notifications: NotificationQueue
    let metrics: JobMetrics

    let state = Mutex(State())
    /// Signalled on anything that may let the claim loop make progress.
    let kick = JobWakeup()
    /// Signalled when a completion or release is buffered, and on stop.
    let writesReady = JobWakeup()
    /// Signalled when the worker starts stopping, and when the last run ends.
    let stopSignal = JobWakeup()

    /// - Parameters:
    ///   - notifiers: told about every job that ends in `error` (e.g.
    ///     ``JobFailureNotifiers/fromEnvironment(_:httpClient:)``).
    ///   - metricsFactory: receives `stratus_jobs_total{outcome}`, `stratus_jobs_running`,
    ///     `stratus_job_duration_seconds{action}` and `stratus_job_start_latency_seconds`; nil uses
    ///     `MetricsSystem.factory` as bootstrapped now.
    public init(
        store: any JobStore, handlers: JobHandlers, configuration: JobWorkerConfiguration = .init(),
        notifiers: [any JobFailureNotifier] = [], logger: Logger = Logger(label: "stratus.jobs.worker"),
        metricsFactory: (any MetricsFactory)? = nil
    ) {
        self.metrics = JobMetrics(factory: metricsFactory ?? MetricsSystem.factory, actions: handlers.actions)
        self.store = store
        self.handlers = handlers
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "worker"] = "\(configuration.owner)"
        self.logger = logger
        self.notifications = NotificationQueue(
            notifiers: notifiers, attempts: configuration.notificationAttempts,
            firstDelay: configuration.notificationFirstDelay, logger: logger)
    }

    /// Runs until graceful shutdown (or cancellation), then drains as described above.
    public func run() async throws {
        try configuration.validate()
        logger.info(
            "worker started",
            metadata: [
                "actions": "\(handlers.actions.joined(separator: ","))", "pick_size": "\(configuration.pickSize)",
                "exec_size": "\(configuration.execSize)",
            ])
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withDiscardingTaskGroup { group in
                    group.addTask { await self.notifications.run() }
                    group.addTask { await self.forwardStoreWakeups() }
                    group.addTask { await self.renewLoop() }
                    group.addTask { await self.writeLoop() }
                    group.addTask { await self.timeoutLoop() }
                    await self.claimLoop()
                    await self.drainRunning()
                    self.state.withLock { $0.drained = true }
                    self.writesReady.signal()
                    self.stopSignal.signal()
                    self.store.wakeups.signal()
                    self.notifications.finish()
                }
            } onCancel: {
                self.beginStopping()
            }
        } onGracefulShutdown: {
            self.beginStopping()
        }
        logger.info("worker stopped")
    }

    /// Stops claiming; `run` drains and returns. Same as a graceful shutdown.
    public func stop() { beginStopping() }

    /// Jobs running right now.
    public var runningCount: Int { state.withLock { $0.running.count } }

    func beginStopping() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        kick.signal()
        stopSignal.signal()
    }

    var isStopping: Bool { state.withLock { $0.stopping } }
}

extension JobWorker {
    struct State {
        var running: [JobID: RunningJob] = [:]
        var writes: [PendingWrite] = []
        var stopping = false
        var drained = false
    }

    /// Why a run was cancelled from outside.
    enum StopReason: Sendable {
        case leaseLost
        case shutdown
        case timedOut
    }

    /// One run in progress. Exactly one outcome is recorded per run: whoever calls ``settle()``
    /// first (the run itself, or the watchdog on timeout) records it.
    final class RunningJob: Sendable {
        let job: Job
        let lease: JobLease
        let deadline: ContinuousClock.Instant
        private struct Control {
            var task: Task<Void, Never>?
            var reason: StopReason?
            var settled = false
        }
        private let control = Mutex(Control())

        init(job: Job, lease: JobLease, deadline: ContinuousClock.Instant) {
            self.job = job
            self.lease = lease
            self.deadline = deadline
        }

        var stopReason: StopReason? { control.withLock { $0.reason } }

        /// True for the first caller only.
        func settle() -> Bool {
            control.withLock { control in
                defer { control.settled = true }
                return !control.settled
            }
        }

        func attach(_ task: Task<Void, Never>) {
            let cancelNow = control.withLock { control -> Bool in
                control.task = task
                return control.reason != nil
            }
            if cancelNow { task.cancel() }
        }

        func stop(_ reason: StopReason) {
            let task = control.withLock { control -> Task<Void, Never>? in
                if control.reason == nil { control.reason = reason }
                return control.task
            }
            task?.cancel()
        }
    }

    /// A write for the store, buffered so many go in one transaction.
    enum PendingWrite: Sendable {
        case complete(JobCompletion, notice: JobFailureNotice?)
        case release(JobLease)
    }
}
