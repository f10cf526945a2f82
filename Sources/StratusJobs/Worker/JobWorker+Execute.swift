import Foundation
import Logging

extension JobWorker {
    /// Runs one claimed job and records its outcome (unless the watchdog or a lost lease got
    /// there first).
    func execute(_ run: RunningJob) async {
        let job = run.job
        let logger = logger.with(job)
        defer { finished(job.id) }
        if job.trys > job.tryMax {
            // Every run so far ended without an outcome (its worker died or lost the lease).
            if run.settle() {
                runFailed(run, "gave up after \(job.tryMax) runs that never reported back (worker crashed or stalled)",
                          retryable: false, logger: logger)
            }
            return
        }
        guard let handler = handlers[job.action] else {
            if run.settle() {
                runFailed(run, "no handler for action \(job.action) on this worker", retryable: false, logger: logger)
            }
            return
        }
        let context = JobContext(job: job, logger: logger, store: store, now: configuration.now)
        let outcome: Result<[UInt8]?, any Error>
        let startedAt = ContinuousClock.now
        do {
            outcome = .success(try await handler(context))
        } catch {
            outcome = .failure(error)
        }
        metrics.ran(job.action, for: ContinuousClock.now - startedAt)
        guard run.settle() else { return }  // timed out: the watchdog recorded it
        switch (outcome, run.stopReason) {
        case (.success(let result), _):
            metrics.record(.finished)
            buffer(.complete(JobCompletion(lease: run.lease, outcome: .finished(result: result)), notice: nil))
        case (_, .leaseLost?):
            logger.warning("run abandoned: another worker holds the job now")
        case (_, .shutdown?):
            logger.info("run interrupted by shutdown; job handed back")
            buffer(.release(run.lease))
        case (_, .timedOut?):
            break  // unreachable: the watchdog settles before it cancels
        case (.failure(let error as JobLeaseLostError), nil):
            logger.warning("run abandoned", metadata: ["error": "\(error)"])
        case (.failure(let error as NonRetryableJobError), nil):
            runFailed(run, error.message, retryable: false, logger: logger)
        case (.failure(let error), nil):
            runFailed(run, String(describing: error), retryable: true, logger: logger)
        }
    }

    /// Buffers a retry if tries remain and the failure allows it, else a final error and notice.
    /// `timedOut` counts the run as `timed_out` rather than `retried` / `error` in the metrics.
    func runFailed(_ run: RunningJob, _ message: String, retryable: Bool, timedOut: Bool = false, logger: Logger) {
        let job = run.job
        let now = configuration.now()
        let willRetry = retryable && job.trys < job.tryMax
        metrics.record(timedOut ? .timedOut : willRetry ? .retried : .error)
        if willRetry {
            let delay = RetryDelay.after(run: job.trys, tryPeriod: job.tryPeriod, cap: configuration.maxRetryDelay)
            logger.warning(
                "job run failed; will retry",
                metadata: ["error": "\(message)", "retry_in": "\(delay)", "tries_left": "\(job.tryMax - job.trys)"])
            let retryAt = now.addingTimeInterval(delay.seconds)
            buffer(.complete(JobCompletion(lease: run.lease, outcome: .retry(error: message, retryAt: retryAt)), notice: nil))
        } else {
            logger.error("job failed", metadata: ["error": "\(message)", "runs": "\(job.trys)"])
            let notice = JobFailureNotice(job: job, error: message, failedAt: now)
            buffer(.complete(JobCompletion(lease: run.lease, outcome: .failed(error: message)), notice: notice))
        }
    }

    private func buffer(_ write: PendingWrite) {
        state.withLock { $0.writes.append(write) }
        writesReady.signal()
    }

    private func finished(_ id: JobID) {
        let running = state.withLock { state -> Int in
            state.running.removeValue(forKey: id)
            return state.running.count
        }
        metrics.setRunning(running)
        kick.signal()
    }
}

extension Logger {
    /// This logger with the job's id, action, attempt and request context id.
    func with(_ job: Job) -> Logger {
        var logger = self
        logger[metadataKey: "job_id"] = "\(job.id)"
        logger[metadataKey: "job_action"] = "\(job.action)"
        logger[metadataKey: "job_attempt"] = "\(job.trys)"
        if let contextID = job.contextID { logger[metadataKey: "context_id"] = "\(contextID)" }
        return logger
    }
}
