import Foundation

/// One durable job row: densefog's fields, plus a lease, an idempotency key, a request context id
/// and a checkpoint.
///
/// `params`, `result` and `checkpoint` hold JSON bytes; ``JobContext`` decodes them for handlers.
/// `trys` counts the runs started so far (a run that a crash cut short counts too), so a job that
/// keeps killing its worker still ends in `error` after `tryMax` runs.
public struct Job: Sendable, Hashable, Identifiable {
    public var id: JobID
    public var projectID: String
    public var action: String
    public var status: JobStatus
    /// The last run's error message, if it failed.
    public var error: String?
    /// The handler's result (JSON), once finished.
    public var result: [UInt8]?
    /// The parameters the job was enqueued with (JSON).
    public var params: [UInt8]
    /// What the handler has recorded about remote work it started (JSON), e.g. a client token.
    public var checkpoint: [UInt8]?
    /// The key that makes enqueueing idempotent within the project, if one was given.
    public var idempotencyKey: String?
    /// The id of the request that enqueued the job (densefog's `context_id`), carried into logs.
    public var contextID: String?
    public var created: Date
    public var updated: Date
    /// When the job may next run.
    public var runAt: Date
    /// Base delay before a retry; each further retry doubles it.
    public var tryPeriod: Duration
    /// Runs allowed in all.
    public var tryMax: Int
    /// Runs started so far.
    public var trys: Int
    /// The worker holding the job while it runs.
    public var leaseOwner: String?
    /// When that worker's hold lapses unless renewed.
    public var leaseExpires: Date?

    public init(
        id: JobID, projectID: String, action: String, status: JobStatus, error: String? = nil,
        result: [UInt8]? = nil, params: [UInt8], checkpoint: [UInt8]? = nil, idempotencyKey: String? = nil,
        contextID: String? = nil, created: Date, updated: Date, runAt: Date, tryPeriod: Duration,
        tryMax: Int, trys: Int, leaseOwner: String? = nil, leaseExpires: Date? = nil
    ) {
        self.id = id
        self.projectID = projectID
        self.action = action
        self.status = status
        self.error = error
        self.result = result
        self.params = params
        self.checkpoint = checkpoint
        self.idempotencyKey = idempotencyKey
        self.contextID = contextID
        self.created = created
        self.updated = updated
        self.runAt = runAt
        self.tryPeriod = tryPeriod
        self.tryMax = tryMax
        self.trys = trys
        self.leaseOwner = leaseOwner
        self.leaseExpires = leaseExpires
    }

    /// The claim this run holds: completions and checkpoints must present it.
    public var lease: JobLease? {
        guard status == .running, let leaseOwner else { return nil }
        return JobLease(jobID: id, owner: leaseOwner, attempt: trys)
    }
}

/// Proof that a worker holds a running job: its owner name and the attempt it started.
///
/// Stores accept a completion, checkpoint or renewal only while the row still carries this exact
/// owner and attempt, so a worker that stalled past its lease (and whose job another worker has
/// since claimed) can no longer write to it.
public struct JobLease: Sendable, Hashable {
    public var jobID: JobID
    public var owner: String
    public var attempt: Int

    public init(jobID: JobID, owner: String, attempt: Int) {
        self.jobID = jobID
        self.owner = owner
        self.attempt = attempt
    }
}
