import Foundation
import Logging
import StratusJobs
import StratusTesting
import Synchronization
import Testing

@Suite("JobWorker")
struct JobWorkerTests {
    struct Echo: Codable, Sendable, Equatable { var value: Int }

    @Test("runs every job once, stores its result, and logs with the job and request ids", arguments: StoreKind.configured)
    func runsJobs(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let logs = CapturingLogHandler.Store()
            let counter = RunCounter()
            var handlers = JobHandlers()
            handlers.register("Echo") { (params: Echo, context: JobContext) -> Echo in
                counter.enter(context.job.id)
                defer { counter.leave() }
                context.logger.info("echoing")
                return Echo(value: params.value * 2)
            }
            let jobs = try (0..<60).map { i in
                try NewJob(projectID: "p1", action: "Echo", encoding: Echo(value: i), contextID: "req-\(i)")
            }
            _ = try await store.enqueue(jobs, now: Date())
            let worker = JobWorker(
                store: store, handlers: handlers, configuration: quickConfiguration(),
                logger: CapturingLogHandler.logger(store: logs))
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, jobs.map(\.id)) }
            for job in done {
                #expect(job.status == .finished)
                #expect(job.trys == 1)
                let params = try JobJSON.decode(Echo.self, from: job.params)
                #expect(try JobJSON.decode(Echo.self, from: try #require(job.result)) == Echo(value: params.value * 2))
            }
            #expect(counter.total == 60)
            #expect(logs.all.contains { $0.contains("echoing") && $0.contains("context_id=req-7") && $0.contains("job_id=job-") })
        }
    }

    @Test("never runs more than execSize at once", arguments: StoreKind.configured)
    func execSizeBound(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let counter = RunCounter()
            var handlers = JobHandlers()
            handlers.register("Sleep") { (params: SleepParams, context: JobContext) in
                counter.enter(context.job.id)
                defer { counter.leave() }
                try await Task.sleep(for: .milliseconds(params.milliseconds))
            }
            let jobs = try (0..<24).map { _ in try NewJob(projectID: "p", action: "Sleep", encoding: SleepParams(milliseconds: 40)) }
            _ = try await store.enqueue(jobs, now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.execSize = 4
                $0.pickSize = 3
            })
            _ = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, jobs.map(\.id)) }
            #expect(counter.peak <= 4)
            #expect(counter.peak >= 2, "jobs did run side by side")
            #expect(counter.total == 24)
        }
    }

    @Test("a throwing handler is retried with backoff, told its last try, then ends in error and is notified",
          arguments: StoreKind.configured)
    func retriesThenNotifies(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let lastTryFlags = Mutex<[Bool]>([])
            var handlers = JobHandlers()
            handlers.register("Flaky", raw: { context in
                lastTryFlags.withLock { $0.append(context.isLastTry) }
                struct Boom: Error, CustomStringConvertible { var description: String { "nova said no" } }
                throw Boom()
            })
            let flakyHandlers = handlers
            let slack = WebhookReceiver()
            let webhook = WebhookReceiver(failFirst: 1)
            try await slack.withRunning { slackURL in
                try await webhook.withRunning { webhookURL in
                    let job = NewJob(projectID: "p9", action: "Flaky", contextID: "req-42", tryPeriod: .milliseconds(20), tryMax: 3)
                    _ = try await store.enqueue([job], now: Date())
                    let notifiers = JobFailureNotifiers.fromEnvironment([
                        "SLACK_WEBHOOK_URL": slackURL + "/services/T000/B000/secret",
                        "STRATUS_NOTIFY_WEBHOOK_URL": webhookURL + "/hooks/jobs",
                    ])
                    #expect(notifiers.map(\.name) == ["slack", "webhook"])
                    let worker = JobWorker(store: store, handlers: flakyHandlers, configuration: quickConfiguration(), notifiers: notifiers)
                    try await withRunningWorker(worker) { _ in
                        let failed = try await waitUntilFinal(store, [job.id])[0]
                        #expect(failed.status == .error)
                        #expect(failed.trys == 3)
                        #expect(failed.error == "nova said no")
                        #expect(lastTryFlags.withLock { $0 } == [false, false, true])
                        // The generic webhook failed once (HTTP 500) and was retried.
                        _ = try await eventually(timeout: .seconds(15), "notices") {
                            slack.received.count == 1 && webhook.received.count == 2 ? true : nil
                        }
                    }
                    let text = try #require(slack.received.first?.text)
                    #expect(text.contains(job.id.rawValue) && text.contains("Flaky") && text.contains("nova said no"))
                    #expect(text.contains(#""text""#))
                    let notice = try #require(webhook.received.last)
                    #expect(notice.path == "/hooks/jobs")
                    let decoded = try JSONSerialization.jsonObject(with: Data(notice.body)) as? [String: Any]
                    #expect(decoded?["jobID"] as? String == job.id.rawValue)
                    #expect(decoded?["projectID"] as? String == "p9")
                    #expect(decoded?["contextID"] as? String == "req-42")
                    #expect(decoded?["trys"] as? Int == 3)
                }
            }
        }
    }

    @Test("a handler past execTimeout is cancelled and the job retried", arguments: StoreKind.configured)
    func execTimeout(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            var handlers = JobHandlers()
            handlers.register("Hang", raw: { context in
                if context.attempt == 1 { try await Task.sleep(for: .seconds(3600)) }
                return Array(#"{"attempt":2}"#.utf8)
            })
            let job = NewJob(projectID: "p", action: "Hang", tryPeriod: .milliseconds(10), tryMax: 3)
            _ = try await store.enqueue([job], now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.execTimeout = .milliseconds(300)
            })
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, [job.id])[0] }
            #expect(done.status == .finished)
            #expect(done.trys == 2)
            #expect(done.result == Array(#"{"attempt":2}"#.utf8))
        }
    }

    @Test("non-retryable failures and unknown actions end in error after one run", arguments: StoreKind.configured)
    func nonRetryable(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            var handlers = JobHandlers()
            handlers.register("Typed") { (params: Echo, _: JobContext) in _ = params }
            let badParams = NewJob(projectID: "p", action: "Typed", params: Array(#"{"value":"x"}"#.utf8), tryMax: 5)
            let unknown = NewJob(projectID: "p", action: "Nope", tryMax: 5)
            _ = try await store.enqueue([badParams, unknown], now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration())
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, [badParams.id, unknown.id]) }
            for job in done {
                #expect(job.status == .error)
                #expect(job.trys == 1)
            }
            #expect(done.first { $0.id == badParams.id }?.error?.contains("params do not match") == true)
            #expect(done.first { $0.id == unknown.id }?.error == "no handler for action Nope on this worker")
        }
    }

    @Test("a retried run resumes from the checkpoint the failed run saved", arguments: StoreKind.configured)
    func checkpointResume(kind: StoreKind) async throws {
        struct Progress: Codable, Sendable { var token: String; var serverID: String? }
        try await withFreshStore(kind) { store in
            var handlers = JobHandlers()
            handlers.register("TwoSteps", raw: { context in
                if let saved = try context.checkpoint(as: Progress.self) {
                    return try JobJSON.encode(saved)
                }
                try await context.saveCheckpoint(Progress(token: "tok-1", serverID: nil))
                try await context.saveCheckpoint(Progress(token: "tok-1", serverID: "srv-9"))
                throw CancellationError()  // "crashed" after the remote call
            })
            let job = NewJob(projectID: "p", action: "TwoSteps", tryPeriod: .milliseconds(10))
            _ = try await store.enqueue([job], now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration())
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, [job.id])[0] }
            #expect(done.status == .finished)
            #expect(done.trys == 2)
            #expect(done.result == Array(#"{"serverID":"srv-9","token":"tok-1"}"#.utf8))
        }
    }

    @Test("a job running past its lease is renewed, not run again by a second worker", arguments: StoreKind.configured)
    func leaseRenewal(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let counter = RunCounter()
            var handlers = JobHandlers()
            handlers.register("Slow") { (params: SleepParams, context: JobContext) in
                counter.enter(context.job.id)
                defer { counter.leave() }
                try await Task.sleep(for: .milliseconds(params.milliseconds))
            }
            let job = try NewJob(projectID: "p", action: "Slow", encoding: SleepParams(milliseconds: 7000))
            _ = try await store.enqueue([job], now: Date())
            let configuration = quickConfiguration {
                $0.lease = .seconds(4)  // renewed every ~1.3 s; only a >4 s stall loses it (2 s was lost under CI load)
                $0.pollInterval = .milliseconds(50)
            }
            let first = JobWorker(store: store, handlers: handlers, configuration: configuration)
            var secondConfiguration = configuration
            secondConfiguration.owner = "second"
            let second = JobWorker(store: store, handlers: handlers, configuration: secondConfiguration)
            let done = try await withRunningWorker(first) { _ in
                try await withRunningWorker(second) { _ in try await waitUntilFinal(store, [job.id])[0] }
            }
            #expect(done.status == .finished)
            #expect(done.trys == 1)
            #expect(counter.runs(of: job.id) == 1)
        }
    }

    @Test("graceful shutdown hands unfinished jobs back without using a try", arguments: StoreKind.configured)
    func shutdownReleases(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let started = Mutex(false)
            var handlers = JobHandlers()
            handlers.register("Forever", raw: { _ in
                started.withLock { $0 = true }
                try await Task.sleep(for: .seconds(3600))
                return nil
            })
            let job = NewJob(projectID: "p", action: "Forever")
            _ = try await store.enqueue([job], now: Date())
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.shutdownGrace = .milliseconds(100)
            })
            try await withRunningWorker(worker) { _ in
                _ = try await eventually("the job to start") { started.withLock { $0 } ? true : nil }
            }
            let back = try #require(try await store.job(job.id))
            #expect(back.status == .pending)
            #expect(back.trys == 0)
            #expect(back.leaseOwner == nil)
        }
    }

    @Test("an idle worker starts a new job at once, not at its next poll", arguments: StoreKind.configured)
    func wakesOnEnqueue(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            var handlers = JobHandlers()
            handlers.register("Noop", raw: { _ in nil })
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.pollInterval = .seconds(60)
            })
            try await withRunningWorker(worker) { _ in
                try await Task.sleep(for: .milliseconds(200))  // let it go idle
                let job = NewJob(projectID: "p", action: "Noop")
                _ = try await store.enqueue([job], now: Date())
                // 60 s if it waited for the poll; the generous bound only guards against that.
                _ = try await waitUntilFinal(store, [job.id], timeout: .seconds(10))
            }
        }
    }

    @Test("a job whose runs keep dying ends in error after tryMax runs", arguments: StoreKind.configured)
    func poisonJob(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let past = Date().addingTimeInterval(-100)
            let job = NewJob(projectID: "p", action: "Noop", runAt: past, tryMax: 2)
            _ = try await store.enqueue([job], now: past)
            // Two workers claimed it and died (their leases simply lapse).
            _ = try await store.claim(limit: 1, owner: "dead-1", lease: .seconds(1), now: past)
            _ = try await store.claim(limit: 1, owner: "dead-2", lease: .seconds(1), now: past.addingTimeInterval(2))
            var handlers = JobHandlers()
            handlers.register("Noop", raw: { _ in Issue.record("must not run a third time"); return nil })
            let worker = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration())
            let done = try await withRunningWorker(worker) { _ in try await waitUntilFinal(store, [job.id])[0] }
            #expect(done.status == .error)
            #expect(done.error?.contains("never reported back") == true)
        }
    }

    @Test("an unreachable notifier is logged without its URL and never stops the worker")
    func unreachableNotifier() async throws {
        try await withFreshStore(.sqlite) { store in
            let logs = CapturingLogHandler.Store()
            var handlers = JobHandlers()
            handlers.register("Fail", raw: { _ in throw NonRetryableJobError("bad") })
            handlers.register("Noop", raw: { _ in nil })
            let notifier = SlackNotifier(webhookURL: "http://127.0.0.1:9/services/T1/B1/hunter2", timeout: .seconds(2))
            let failing = NewJob(projectID: "p", action: "Fail")
            let worker = JobWorker(
                store: store, handlers: handlers,
                configuration: quickConfiguration {
                    $0.notificationAttempts = 2
                    $0.notificationFirstDelay = .milliseconds(50)
                },
                notifiers: [notifier],
                logger: CapturingLogHandler.logger(store: logs))
            try await withRunningWorker(worker) { _ in
                _ = try await store.enqueue([failing], now: Date())
                _ = try await waitUntilFinal(store, [failing.id])
                _ = try await eventually("a failed delivery to be logged") { logs.contains("failure notice not delivered") ? true : nil }
                let after = NewJob(projectID: "p", action: "Noop")
                _ = try await store.enqueue([after], now: Date())
                #expect(try await waitUntilFinal(store, [after.id])[0].status == .finished)
            }
            #expect(!logs.all.contains { $0.contains("hunter2") })
        }
    }
}
