import Foundation
import StratusJobs
import Testing

/// One contract, every store: each test runs against SQLite and PostgreSQL.
@Suite("JobStore conformance")
struct JobStoreConformanceTests {
    @Test("enqueue writes every field and reads back the same job", arguments: StoreKind.configured)
    func enqueueRoundTrip(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let job = NewJob(
                projectID: "p1", action: "CreateServer", params: Array(#"{"name":"web","n":2}"#.utf8),
                idempotencyKey: "k1", contextID: "req-9", runAt: epoch.addingTimeInterval(5),
                tryPeriod: .milliseconds(1500), tryMax: 4)
            let outcomes = try await store.enqueue([job], now: epoch)
            guard case .created(let created) = outcomes.first else { Issue.record("not created"); return }
            let read = try #require(try await store.job(job.id))
            #expect(read == created)
            #expect(read.status == .pending)
            #expect(read.params == Array(#"{"name":"web","n":2}"#.utf8))
            #expect(read.idempotencyKey == "k1")
            #expect(read.contextID == "req-9")
            #expect(read.runAt == epoch.addingTimeInterval(5))
            #expect(read.created == epoch)
            #expect(read.tryPeriod == .milliseconds(1500))
            #expect(read.tryMax == 4)
            #expect(read.trys == 0)
            #expect(read.leaseOwner == nil)
            #expect(try await store.counts() == [.pending: 1])
        }
    }

    @Test("a batch with one bad job writes nothing and names the field", arguments: StoreKind.configured)
    func invalidBatch(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let cases: [(NewJob, String)] = [
                (newJob(params: "{not json"), "params"),
                (newJob(tryMax: 0), "tryMax"),
                (newJob(""), "projectID"),
                (newJob(action: ""), "action"),
            ]
            for (bad, field) in cases {
                let error = await #expect(throws: JobStoreError.self) {
                    try await store.enqueue([newJob(), bad], now: epoch)
                }
                #expect(error?.code == .invalidJob)
                #expect(error?.message.contains(field) == true)
            }
            let counts = try await store.counts()
            #expect(counts.isEmpty)
        }
    }

    @Test("the same idempotency key adopts the first job; different params conflict and roll the batch back",
          arguments: StoreKind.configured)
    func idempotency(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let first = try await store.enqueue([newJob(params: #"{"a":1}"#, key: "k")], now: epoch)
            let again = try await store.enqueue([newJob(params: #"{"a":1}"#, key: "k")], now: epoch.addingTimeInterval(1))
            guard case .existing(let existing) = again.first else { Issue.record("expected existing"); return }
            #expect(existing.id == first.first?.job.id)

            // Another project may use the same key.
            let other = try await store.enqueue([newJob("p2", params: #"{"a":1}"#, key: "k")], now: epoch)
            guard case .created = other.first else { Issue.record("expected created"); return }

            let error = await #expect(throws: JobStoreError.self) {
                try await store.enqueue([newJob(key: "fresh"), newJob(params: #"{"a":2}"#, key: "k")], now: epoch)
            }
            #expect(error?.code == .idempotencyConflict)
            #expect(try await store.jobs(JobQuery(projectID: "p1")).total == 1, "the batch's first job rolled back too")
        }
    }

    @Test("claim takes due jobs oldest first, up to the limit, and leases them", arguments: StoreKind.configured)
    func claimDueJobs(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let late = newJob(runAt: epoch.addingTimeInterval(60))
            let early = newJob(runAt: epoch.addingTimeInterval(-10))
            let middle = newJob(runAt: epoch.addingTimeInterval(-5))
            _ = try await store.enqueue([late, middle, early], now: epoch)

            let one = try await store.claim(limit: 1, owner: "w1", lease: .seconds(30), now: epoch)
            #expect(one.map(\.id) == [early.id])
            #expect(one.first?.status == .running)
            #expect(one.first?.trys == 1)
            #expect(one.first?.leaseOwner == "w1")
            #expect(one.first?.leaseExpires == epoch.addingTimeInterval(30))

            let rest = try await store.claim(limit: 10, owner: "w2", lease: .seconds(30), now: epoch)
            #expect(rest.map(\.id) == [middle.id], "the future job is not due")
            #expect(try await store.nextDue() == epoch.addingTimeInterval(30), "the earliest lease expiry")
            let none = try await store.claim(limit: 10, owner: "w3", lease: .seconds(30), now: epoch)
            #expect(none.isEmpty)
        }
    }

    @Test("concurrent claimers get disjoint jobs and together all of them", arguments: StoreKind.configured)
    func concurrentClaims(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let jobs = (0..<1000).map { _ in newJob() }
            for start in stride(from: 0, to: jobs.count, by: 250) {
                _ = try await store.enqueue(Array(jobs[start..<start + 250]), now: epoch)
            }
            let claimed = try await withThrowingTaskGroup(of: [JobID].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [JobID] = []
                        while true {
                            let batch = try await store.claim(limit: 17, owner: "w\(worker)", lease: .seconds(60), now: epoch)
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                var all: [[JobID]] = []
                for try await ids in group { all.append(ids) }
                return all
            }
            let flat = claimed.flatMap { $0 }
            #expect(flat.count == 1000)
            #expect(Set(flat) == Set(jobs.map(\.id)))
        }
    }

    @Test("complete records finished, retry and failed, once, for the lease holder only", arguments: StoreKind.configured)
    func completions(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await store.enqueue([newJob(), newJob(), newJob()], now: epoch)
            let claimed = try await store.claim(limit: 3, owner: "w1", lease: .seconds(30), now: epoch)
            let leases = claimed.compactMap(\.lease)
            #expect(leases.count == 3)
            let retryAt = epoch.addingTimeInterval(7)
            let forged = JobLease(jobID: leases[0].jobID, owner: "intruder", attempt: 1)
            let applied = try await store.complete([
                JobCompletion(lease: leases[0], outcome: .finished(result: Array(#"{"ok":true}"#.utf8))),
                JobCompletion(lease: leases[1], outcome: .retry(error: "boom", retryAt: retryAt)),
                JobCompletion(lease: leases[2], outcome: .failed(error: "fatal")),
                JobCompletion(lease: forged, outcome: .failed(error: "forged")),
            ], now: epoch.addingTimeInterval(1))
            #expect(applied == Set(leases.map(\.jobID)))

            let finished = try #require(try await store.job(leases[0].jobID))
            #expect(finished.status == .finished)
            #expect(finished.result == Array(#"{"ok":true}"#.utf8))
            #expect(finished.leaseOwner == nil)
            let retried = try #require(try await store.job(leases[1].jobID))
            #expect(retried.status == .pending)
            #expect(retried.error == "boom")
            #expect(retried.runAt == retryAt)
            #expect(retried.trys == 1)
            let failed = try #require(try await store.job(leases[2].jobID))
            #expect(failed.status == .error)
            #expect(failed.error == "fatal")

            // A second completion of the same run changes nothing.
            let twice = try await store.complete(
                [JobCompletion(lease: leases[0], outcome: .failed(error: "late"))], now: epoch.addingTimeInterval(2))
            #expect(twice.isEmpty)
            #expect(try await store.job(leases[0].jobID)?.status == .finished)
        }
    }

    @Test("an expired lease is reclaimed; the old holder can no longer complete, checkpoint or renew",
          arguments: StoreKind.configured)
    func leaseFencing(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await store.enqueue([newJob()], now: epoch)
            let first = try #require(try await store.claim(limit: 1, owner: "slow", lease: .seconds(10), now: epoch).first)
            let early = try await store.claim(limit: 1, owner: "other", lease: .seconds(10), now: epoch.addingTimeInterval(9))
            #expect(early.isEmpty)
            let renewed = try await store.renew(
                [try #require(first.lease)], until: epoch.addingTimeInterval(20), now: epoch.addingTimeInterval(9))
            #expect(renewed == [first.id])
            let held = try await store.claim(limit: 1, owner: "other", lease: .seconds(10), now: epoch.addingTimeInterval(15))
            #expect(held.isEmpty, "renewed lease holds")

            let second = try #require(
                try await store.claim(limit: 1, owner: "other", lease: .seconds(10), now: epoch.addingTimeInterval(21)).first)
            #expect(second.id == first.id)
            #expect(second.trys == 2)
            let oldLease = try #require(first.lease)
            let stale = try await store.complete(
                [JobCompletion(lease: oldLease, outcome: .finished(result: nil))], now: epoch.addingTimeInterval(22))
            #expect(stale.isEmpty)
            #expect(try await store.checkpoint(oldLease, data: Array("{}".utf8), now: epoch.addingTimeInterval(22)) == false)
            let staleRenew = try await store.renew([oldLease], until: epoch.addingTimeInterval(99), now: epoch.addingTimeInterval(22))
            #expect(staleRenew.isEmpty)

            // The same owner re-claiming its own job gets a new attempt number: its old run is fenced too.
            let stillRunning = try #require(try await store.job(first.id))
            #expect(stillRunning.leaseOwner == "other")
            #expect(stillRunning.leaseExpires == epoch.addingTimeInterval(31))
        }
    }

    @Test("checkpoints are stored for the lease holder and must be JSON", arguments: StoreKind.configured)
    func checkpoints(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await store.enqueue([newJob()], now: epoch)
            let job = try #require(try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: epoch).first)
            let lease = try #require(job.lease)
            #expect(try await store.checkpoint(lease, data: Array(#"{"token":"t-1"}"#.utf8), now: epoch))
            #expect(try await store.job(job.id)?.checkpoint == Array(#"{"token":"t-1"}"#.utf8))
            await #expect(throws: JobStoreError.self) {
                _ = try await store.checkpoint(lease, data: Array("nope".utf8), now: epoch)
            }
            // A retry keeps the checkpoint for the next run.
            _ = try await store.complete(
                [JobCompletion(lease: lease, outcome: .retry(error: "x", retryAt: epoch))], now: epoch)
            let again = try #require(try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: epoch).first)
            #expect(again.checkpoint == Array(#"{"token":"t-1"}"#.utf8))
        }
    }

    @Test("release hands a job back due now and gives back its try", arguments: StoreKind.configured)
    func release(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await store.enqueue([newJob()], now: epoch)
            let job = try #require(try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: epoch).first)
            let generation = store.wakeups.generation
            let released = try await store.release([try #require(job.lease)], now: epoch.addingTimeInterval(3))
            #expect(released == [job.id])
            #expect(store.wakeups.generation != generation)
            let back = try #require(try await store.job(job.id))
            #expect(back.status == .pending)
            #expect(back.trys == 0)
            #expect(back.runAt == epoch.addingTimeInterval(3))
            #expect(back.leaseOwner == nil)
        }
    }

    @Test("retry revives a job in error only", arguments: StoreKind.configured)
    func manualRetry(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            _ = try await store.enqueue([newJob()], now: epoch)
            let job = try #require(try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: epoch).first)
            let wrongState = await #expect(throws: JobStoreError.self) { try await store.retry(job.id, now: epoch) }
            #expect(wrongState?.code == .wrongState)
            _ = try await store.complete([JobCompletion(lease: try #require(job.lease), outcome: .failed(error: "x"))], now: epoch)
            let revived = try await store.retry(job.id, now: epoch.addingTimeInterval(1))
            #expect(revived.status == .pending)
            #expect(revived.trys == 0)
            #expect(revived.runAt == epoch.addingTimeInterval(1))
            let missing = await #expect(throws: JobStoreError.self) { try await store.retry(JobID.random(), now: epoch) }
            #expect(missing?.code == .notFound)
        }
    }

    @Test("cancel ends a pending job in error so no worker claims it; running and final jobs are refused",
          arguments: StoreKind.configured)
    func cancel(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let waiting = newJob()
            let busy = newJob()
            _ = try await store.enqueue([waiting], now: epoch)
            _ = try await store.enqueue([busy], now: epoch.addingTimeInterval(-1))
            let running = try #require(try await store.claim(limit: 1, owner: "w", lease: .seconds(30), now: epoch).first)
            #expect(running.id == busy.id)
            let cancelled = try await store.cancel(waiting.id, reason: "operator said no", now: epoch.addingTimeInterval(2))
            #expect(cancelled.status == .error)
            #expect(cancelled.error == "operator said no")
            let claimedLater = try await store.claim(limit: 10, owner: "w2", lease: .seconds(30), now: epoch.addingTimeInterval(3))
            #expect(claimedLater.isEmpty)
            let refused = await #expect(throws: JobStoreError.self) { try await store.cancel(busy.id, reason: "x", now: epoch) }
            #expect(refused?.code == .wrongState)
            let again = await #expect(throws: JobStoreError.self) { try await store.cancel(waiting.id, reason: "x", now: epoch) }
            #expect(again?.code == .wrongState)
            let missing = await #expect(throws: JobStoreError.self) { try await store.cancel(JobID.random(), reason: "x", now: epoch) }
            #expect(missing?.code == .notFound)
            // A cancelled job can be revived like any job in error.
            let revived = try await store.retry(waiting.id, now: epoch.addingTimeInterval(4))
            #expect(revived.status == .pending)
        }
    }

    @Test("jobs(query) filters, pages newest first and counts the total", arguments: StoreKind.configured)
    func listing(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            var ids: [JobID] = []
            for i in 0..<25 {
                let job = newJob(i % 5 == 0 ? "p2" : "p1", action: i % 2 == 0 ? "A" : "B")
                ids.append(job.id)
                _ = try await store.enqueue([job], now: epoch.addingTimeInterval(Double(i)))
            }
            let page = try await store.jobs(JobQuery(projectID: "p1", limit: 7, offset: 0))
            #expect(page.total == 20)
            #expect(page.jobs.count == 7)
            #expect(page.jobs.first?.id == ids[24])
            let created = page.jobs.map(\.created)
            #expect(created == created.sorted(by: >))
            let last = try await store.jobs(JobQuery(projectID: "p1", limit: 7, offset: 14))
            #expect(last.jobs.count == 6)
            #expect(last.total == 20, "a short last page implies the total")
            // A full last page, and a page past the end, must still count.
            let fullLast = try await store.jobs(JobQuery(projectID: "p1", limit: 10, offset: 10))
            #expect(fullLast.jobs.count == 10 && fullLast.total == 20)
            let beyond = try await store.jobs(JobQuery(projectID: "p1", limit: 7, offset: 30))
            #expect(beyond.jobs.isEmpty && beyond.total == 20)
            let one = try await store.jobs(JobQuery(projectID: "p2", limit: 100))
            #expect(one.jobs.count == 5 && one.total == 5)
            #expect(try await store.jobs(JobQuery(projectID: "nobody")).total == 0)
            #expect(try await store.jobs(JobQuery(projectID: "p1", action: "A")).total == 10)
            #expect(try await store.jobs(JobQuery(ids: [ids[0], ids[3]])).jobs.map(\.id) == [ids[3], ids[0]])
            #expect(try await store.jobs(JobQuery(statuses: [.running])).total == 0)
            #expect(try await store.jobs(JobQuery(statuses: [.pending, .running])).total == 25)
            #expect(try await store.job(JobID.random()) == nil)
        }
    }

    @Test("enqueue wakes waiters on the same store", arguments: StoreKind.configured)
    func wakeups(kind: StoreKind) async throws {
        try await withFreshStore(kind) { store in
            let generation = store.wakeups.generation
            async let waited: Void = store.wakeups.wait(after: generation, timeout: .seconds(30))
            try await Task.sleep(for: .milliseconds(20))
            let started = ContinuousClock.now
            _ = try await store.enqueue([newJob()], now: epoch)
            await waited
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }
}
