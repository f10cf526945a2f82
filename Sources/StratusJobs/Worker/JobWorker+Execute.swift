import Foundation
import Logging

extension JobWorker {
    /// How one handler call ended.
    enum RunOutcome: Sendable {
        case returned([UInt8]?)
        case threw(any Error)
        case timedOut
        case timerCancelled
    }

    /// Runs one claimed job to an outcome and buffers what to write.
    func execute(_ job: Job, _ running: RunningJob) async {
        var logger = self.logger
        logger[metadataKey: "job_id"] = "\(job.id)"
        logger[metadataKey: "job_action"] = "\(job.action)"
        logger[metadataKey: "job_attempt"] = "\(job.trys)"
        if let contextID = job.contextID { logger[metadataKey: "context_id"] = "\(contextID)" }

        defer { finished(job.id) }
        if job.trys > job.tryMax {
            // Every run so far ended without an outcome (its worker died or lost the lease).
            fail(job, running, "gave up after \(job.tryMax) runs that never reported back (worker crashed or stalled)",
                 retryable: false, logger: logger)
            return
        }
        guard let handler = handlers[job.action] else {
            fail(job, running, "no handler for action \(job.action) on this worker", retryable: false, logger: logger)
            return
        }
        let context = JobContext(job: job, logger: logger, store: store, now: configuration.now)
        let timeout = configuration.execTimeout
        logger.debug("job started")
        await withTaskGroup(of: RunOutcome.self) { group in
            group.addTask {
                do { return .returned(try await handler(context)) } catch { return .threw(error) }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .timedOut
                } catch {
                    return .timerCancelled
                }
            }
            var outcome = await group.next()!
            if case .timerCancelled = outcome { outcome = await group.next()! }
            // Recorded before waiting for a timed-out handler to notice its cancellation.
            record(outcome, job, running, logger: logger)
            group.cancelAll()
        }
    }

    private func record(_ outcome: RunOutcome, _ job: Job, _ running: RunningJob, logger: Logger) {
        switch (outcome, running.stopReason) {
        case (.returned(let result), _):
            logger.debug("job finished")
            buffer(.complete(JobCompletion(lease: running.lease, outcome: .finished(result: result)), notice: nil))
        case (_, .leaseLost?):
            logger.warning("run abandoned: another worker holds the job now")
        case (_, .shutdown?):
            logger.info("run interrupted by shutdown; job handed back")
            buffer(.release(running.lease))
        case (.threw(let error as JobLeaseLostError), nil):
            logger.warning("run abandoned", metadata: ["error": "\(error)"])
        case (.threw(let error as NonRetryableJobError), nil):
            fail(job, running, error.message, retryable: false, logger: logger)
        case (.threw(let error), nil):
            fail(job, running, String(describing: error), retryable: true, logger: logger)
        case (.timedOut, nil):
            fail(job, running, "exceeded the exec timeout of \(configuration.execTimeout)", retryable: true, logger: logger)
        case (.timerCancelled, nil):
            // Only when the whole worker task was cancelled: treat as shutdown.
            buffer(.release(running.lease))
        }
    }

    /// Buffers a retry if tries remain and the failure allows it, else a final error and notice.
    private func fail(_ job: Job, _ running: RunningJob, _ message: String, retryable: Bool, logger: Logger) {
        let now = configuration.now()
        if retryable, job.trys < job.tryMax {
            let delay = RetryDelay.after(run: job.trys, tryPeriod: job.tryPeriod, cap: configuration.maxRetryDelay)
            logger.warning(
                "job run failed; will retry",
                metadata: ["error": "\(message)", "retry_in": "\(delay)", "tries_left": "\(job.tryMax - job.trys)"])
            let retryAt = now.addingTimeInterval(delay.seconds)
            buffer(.complete(JobCompletion(lease: running.lease, outcome: .retry(error: message, retryAt: retryAt)), notice: nil))
        } else {
            logger.error("job failed", metadata: ["error": "\(message)", "runs": "\(job.trys)"])
            let notice = JobFailureNotice(job: job, error: message, failedAt: now)
            buffer(.complete(JobCompletion(lease: running.lease, outcome: .failed(error: message)), notice: notice))
        }
    }

    private func buffer(_ write: PendingWrite) {
        state.withLock { $0.writes.append(write) }
        writesReady.signal()
    }

    private func finished(_ id: JobID) {
        state.withLock { _ = $0.running.removeValue(forKey: id) }
        kick.signal()
    }
}
