import Foundation

/// Durable storage for jobs, shared by the API that enqueues and the workers that run them.
///
/// Two implementations ship — ``SQLiteJobStore`` (embedded, the default) and
/// ``PostgresJobStore`` (many workers on many machines) — and one conformance suite holds both
/// to the same contract:
///
/// - Every batch call is one transaction: all of it happens or none of it.
/// - `claim` hands a due job to exactly one caller, even when many workers claim at once.
/// - Writes for a running job (`complete`, `checkpoint`, `renew`) apply only while the caller
///   still holds the lease it was given (``JobLease``): a worker that stalled past its lease
///   cannot overwrite the run another worker started since.
/// - Times come from the caller (`now`), so tests drive them and all workers of one queue should
///   keep their clocks in sync (NTP); leases are seconds long, skew should be milliseconds.
public protocol JobStore: Sendable {
    /// Creates or upgrades the schema (versioned migrations, safe to run at every start and from
    /// several processes at once).
    func migrate() async throws

    /// Inserts `jobs` in one transaction. A job whose (project, idempotency key) exists already
    /// returns `.existing` if its action and params are the same, and fails the whole batch with
    /// `.idempotencyConflict` if they differ.
    func enqueue(_ jobs: [NewJob], now: Date) async throws -> [EnqueueOutcome]

    /// Takes up to `limit` due jobs — pending with `runAt <= now`, or running with an expired
    /// lease — oldest `runAt` first, marks them running under `owner` until `now + lease`, and
    /// counts a try on each.
    func claim(limit: Int, owner: String, lease: Duration, now: Date) async throws -> [Job]

    /// Extends the leases still held to `until`; returns the ones that are (the others were lost).
    func renew(_ leases: [JobLease], until: Date, now: Date) async throws -> Set<JobID>

    /// Records the outcomes of runs in one transaction; returns the jobs whose lease was still
    /// held (only those were written).
    func complete(_ completions: [JobCompletion], now: Date) async throws -> Set<JobID>

    /// Stores a handler's checkpoint (JSON); false if the lease was lost.
    func checkpoint(_ lease: JobLease, data: [UInt8], now: Date) async throws -> Bool

    /// Hands running jobs back (graceful shutdown): pending again, due now, and the try this run
    /// counted is given back. Returns the jobs released.
    func release(_ leases: [JobLease], now: Date) async throws -> Set<JobID>

    /// Puts a job that ended in `error` back to pending with a fresh set of tries.
    func retry(_ id: JobID, now: Date) async throws -> Job

    /// Cancels a job no worker has started: a pending job ends in `error` with `reason` as its
    /// error and is never run. A running job is refused with `.wrongState` (its handler may be
    /// in the middle of a call to the cloud; let it finish or time out), as are final jobs.
    func cancel(_ id: JobID, reason: String, now: Date) async throws -> Job

    /// One job.
    func job(_ id: JobID) async throws -> Job?

    /// Jobs matching `query`, newest first.
    func jobs(_ query: JobQuery) async throws -> JobPage

    /// The earliest moment a job becomes claimable (a pending job's `runAt` or a running job's
    /// lease expiry), or nil when there is none.
    func nextDue() async throws -> Date?

    /// How many jobs are in each status.
    func counts() async throws -> [JobStatus: Int]

    /// Fires whenever jobs may have become claimable: after every `enqueue`, `release` and
    /// `retry` through any store object on the same database that can observe it (in-process for
    /// SQLite; every process through LISTEN/NOTIFY for PostgreSQL).
    var wakeups: JobWakeup { get }
}
