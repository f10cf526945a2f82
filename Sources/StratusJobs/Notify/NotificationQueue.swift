import Logging

/// Delivers failure notices in the background: each notifier gets `attempts` tries with
/// doubling delays; a delivery that still fails is logged (without the URL) and dropped. Never
/// throws into the worker, never blocks it.
public final class NotificationQueue: Sendable {
    private let notifiers: [any JobFailureNotifier]
    private let attempts: Int
    private let firstDelay: Duration
    private let logger: Logger
    private let stream: AsyncStream<JobFailureNotice>
    private let continuation: AsyncStream<JobFailureNotice>.Continuation

    public init(
        notifiers: [any JobFailureNotifier], attempts: Int = 4, firstDelay: Duration = .seconds(1),
        logger: Logger = Logger(label: "stratus.jobs.notify")
    ) {
        self.notifiers = notifiers
        self.attempts = max(1, attempts)
        self.firstDelay = firstDelay
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(10_000))
    }

    /// Queues `notice` for every notifier.
    public func submit(_ notice: JobFailureNotice) {
        guard !notifiers.isEmpty else { return }
        continuation.yield(notice)
    }

    /// No more notices; `run` returns once the queued ones are delivered or given up.
    public func finish() { continuation.finish() }

    /// Delivers until ``finish()`` (run it beside the worker).
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await notice in stream {
                for notifier in notifiers {
                    group.addTask { await self.deliver(notice, to: notifier) }
                }
            }
        }
    }

    private func deliver(_ notice: JobFailureNotice, to notifier: any JobFailureNotifier) async {
        var delay = firstDelay
        for attempt in 1...attempts {
            do {
                try await notifier.send(notice)
                logger.debug("failure notice delivered", metadata: ["notifier": "\(notifier.name)", "job_id": "\(notice.jobID)"])
                return
            } catch {
                let level: Logger.Level = attempt == attempts ? .error : .warning
                logger.log(
                    level: level,
                    "failure notice not delivered",
                    metadata: [
                        "notifier": "\(notifier.name)", "job_id": "\(notice.jobID)", "attempt": "\(attempt)",
                        "error": "\(error)", "giving_up": "\(attempt == attempts)",
                    ])
                if attempt < attempts {
                    // Notices already queued keep flowing: only this delivery waits.
                    try? await Task.sleep(for: delay)
                    delay = delay * 2
                }
            }
        }
    }
}
