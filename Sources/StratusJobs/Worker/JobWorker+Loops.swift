import Foundation
import Logging

extension JobWorker {
    /// Claims while there are free slots and due jobs; otherwise waits for a signal.
    func claimLoop() async {
        var failureDelay = Duration.milliseconds(50)
        while !isStopping {
            let generation = kick.generation
            let free = configuration.execSize - runningCount
            guard free > 0 else {
                await kick.wait(after: generation, timeout: configuration.pollInterval)
                continue
            }
            let wanted = min(configuration.pickSize, free)
            let jobs: [Job]
            do {
                jobs = try await store.claim(
                    limit: wanted, owner: configuration.owner, lease: configuration.lease, now: configuration.now())
                failureDelay = .milliseconds(50)
            } catch {
                logger.warning("claiming jobs failed; will retry", metadata: ["error": "\(error)", "retry_in": "\(failureDelay)"])
                await kick.wait(after: generation, timeout: failureDelay)
                failureDelay = min(failureDelay * 2, .seconds(5))
                continue
            }
            for job in jobs { start(job) }
            if jobs.count == wanted { continue }
            await kick.wait(after: generation, timeout: await idleWait())
        }
    }

    /// How long an idle worker may sleep: until the next job falls due, at most `pollInterval`.
    private func idleWait() async -> Duration {
        guard let due = try? await store.nextDue() else { return configuration.pollInterval }
        let untilDue = due.timeIntervalSince(configuration.now())
        if untilDue <= 0 { return .milliseconds(1) }
        return min(configuration.pollInterval, .microseconds(Int64(untilDue * 1_000_000) + 1_000))
    }

    private func start(_ job: Job) {
        guard let lease = job.lease else { return }
        let running = RunningJob(job: job, lease: lease, deadline: .now + configuration.execTimeout)
        let count = state.withLock { state -> Int in
            state.running[job.id] = running
            return state.running.count
        }
        metrics.setRunning(count)
        if job.trys == 1 { metrics.started(dueAt: job.runAt, now: configuration.now()) }
        running.attach(Task { await self.execute(running) })
    }

    /// Turns the store's enqueue signals into kicks of the claim loop.
    func forwardStoreWakeups() async {
        var generation = store.wakeups.generation
        while !isStopping {
            await store.wakeups.wait(after: generation, timeout: .seconds(60))
            let now = store.wakeups.generation
            if now != generation { kick.signal() }
            generation = now
        }
    }

    /// Renews the leases of running jobs every third of the lease; cancels runs whose lease
    /// another worker has taken.
    func renewLoop() async {
        let period = configuration.lease / 3
        while !state.withLock({ $0.drained }) {
            await stopSignal.wait(after: stopSignal.generation, timeout: period)
            let running = state.withLock { Array($0.running.values) }
            guard !running.isEmpty else { continue }
            let now = configuration.now()
            do {
                let held = try await store.renew(
                    running.map(\.lease), until: now.addingTimeInterval(configuration.lease.seconds), now: now)
                for job in running where !held.contains(job.lease.jobID) {
                    // Ended in the meantime, or really lost: only the latter is still listed.
                    guard state.withLock({ $0.running[job.lease.jobID] === job }) else { continue }
                    logger.warning(
                        "lease lost; stopping the run (another worker has the job)",
                        metadata: ["job_id": "\(job.lease.jobID)", "job_attempt": "\(job.lease.attempt)"])
                    job.stop(.leaseLost)
                }
            } catch {
                logger.warning("renewing leases failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Fails runs past `execTimeout`: records the failure at once, then cancels the handler
    /// (one watchdog for all runs, instead of a timer per run).
    func timeoutLoop() async {
        let tick = max(min(configuration.execTimeout / 20, .seconds(1)), .milliseconds(5))
        while !state.withLock({ $0.drained }) {
            await stopSignal.wait(after: stopSignal.generation, timeout: tick)
            let now = ContinuousClock.now
            let overdue = state.withLock { $0.running.values.filter { $0.deadline <= now } }
            for run in overdue where run.settle() {
                runFailed(run, "exceeded the exec timeout of \(configuration.execTimeout)", retryable: true, timedOut: true,
                          logger: logger.with(run.job))
                run.stop(.timedOut)
            }
        }
    }

    /// Writes buffered completions and releases in batches: one transaction per batch, as
    /// many as have accumulated while the previous one was being written.
    func writeLoop() async {
        var failures = 0
        while true {
            let generation = writesReady.generation
            let (batch, drained) = state.withLock { state -> ([PendingWrite], Bool) in
                defer { state.writes.removeAll(keepingCapacity: true) }
                return (state.writes, state.drained)
            }
            if batch.isEmpty {
                if drained { return }
                await writesReady.wait(after: generation, timeout: .seconds(1))
                continue
            }
            do {
                try await write(batch)
                failures = 0
            } catch {
                failures += 1
                let givingUp = drained && failures >= 5
                logger.log(
                    level: givingUp ? .error : .warning,
                    "recording job outcomes failed",
                    metadata: [
                        "error": "\(error)", "jobs": "\(batch.count)",
                        "consequence": "\(givingUp ? "dropped: their leases will lapse and they will run again" : "will retry")",
                    ])
                if !givingUp {
                    state.withLock { $0.writes.insert(contentsOf: batch, at: 0) }
                    try? await Task.sleep(for: .milliseconds(min(50 << min(failures, 6), 2_000)))
                }
            }
        }
    }

    private func write(_ batch: [PendingWrite]) async throws {
        var completions: [JobCompletion] = []
        var notices: [JobID: JobFailureNotice] = [:]
        var releases: [JobLease] = []
        for write in batch {
            switch write {
            case .complete(let completion, let notice):
                completions.append(completion)
                if let notice { notices[completion.lease.jobID] = notice }
            case .release(let lease):
                releases.append(lease)
            }
        }
        let now = configuration.now()
        if !completions.isEmpty {
            let applied = try await store.complete(completions, now: now)
            for completion in completions where !applied.contains(completion.lease.jobID) {
                logger.warning(
                    "outcome not recorded: the lease had lapsed and the job was claimed again",
                    metadata: ["job_id": "\(completion.lease.jobID)", "job_attempt": "\(completion.lease.attempt)"])
            }
            for (id, notice) in notices where applied.contains(id) { notifications.submit(notice) }
        }
        if !releases.isEmpty {
            _ = try await store.release(releases, now: now)
        }
    }

    /// After claiming stopped: lets runs finish for `shutdownGrace`, then cancels the rest (they
    /// release their jobs) and waits for them.
    func drainRunning() async {
        let deadline = ContinuousClock.now + configuration.shutdownGrace
        while runningCount > 0, ContinuousClock.now < deadline {
            await kick.wait(after: kick.generation, timeout: min(.milliseconds(100), deadline - .now))
        }
        let remaining = state.withLock { Array($0.running.values) }
        if !remaining.isEmpty {
            logger.info("shutdown grace over; handing running jobs back", metadata: ["jobs": "\(remaining.count)"])
            for job in remaining { job.stop(.shutdown) }
        }
        while runningCount > 0 {
            await kick.wait(after: kick.generation, timeout: .milliseconds(100))
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
