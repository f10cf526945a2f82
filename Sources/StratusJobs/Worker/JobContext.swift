import Foundation
import Logging

/// What a handler gets for one run of one job: its parameters, its checkpoint, a logger that
/// carries the job id, action and request context id, and whether this is the last try.
public struct JobContext: Sendable {
    /// The job as claimed (status running; `trys` counts this run).
    public let job: Job
    /// A logger with `job_id`, `job_action`, `job_attempt` and `context_id` metadata.
    public let logger: Logger
    let store: any JobStore
    let now: @Sendable () -> Date
    private let savedCheckpoint: CheckpointBox

    init(job: Job, logger: Logger, store: any JobStore, now: @escaping @Sendable () -> Date) {
        self.job = job
        self.logger = logger
        self.store = store
        self.now = now
        self.savedCheckpoint = CheckpointBox(job.checkpoint)
    }

    /// Whether a failure of this run ends the job in `error` (densefog tells handlers this, so
    /// they can clean up instead of leaving it for a retry).
    public var isLastTry: Bool { job.trys >= job.tryMax }

    /// The run number, from 1.
    public var attempt: Int { job.trys }

    /// The parameters decoded as `T`; a mismatch is a ``NonRetryableJobError`` (retrying the
    /// same bytes cannot help).
    public func params<T: Decodable>(as type: T.Type = T.self) throws -> T {
        do {
            return try JobJSON.decode(type, from: job.params)
        } catch {
            throw NonRetryableJobError("params do not match \(T.self): \(error)")
        }
    }

    /// The last checkpoint saved for this job — by this run or an earlier one — decoded as `T`.
    public func checkpoint<T: Decodable>(as type: T.Type = T.self) throws -> T? {
        guard let bytes = savedCheckpoint.value else { return nil }
        return try JobJSON.decode(type, from: bytes)
    }

    /// Durably records `value` as the job's checkpoint before the handler goes on. Call it before
    /// a remote call that creates something (with the client token) and after (with the id), so
    /// a later run resumes instead of repeating it. Throws ``JobLeaseLostError`` if another
    /// worker has taken the job over; the handler should stop then.
    public func saveCheckpoint<T: Encodable>(_ value: T) async throws {
        let bytes = try JobJSON.encode(value)
        guard let lease = job.lease else { throw JobLeaseLostError(jobID: job.id) }
        guard try await store.checkpoint(lease, data: bytes, now: now()) else {
            throw JobLeaseLostError(jobID: job.id)
        }
        savedCheckpoint.value = bytes
    }
}

/// The checkpoint as last saved, shared by copies of one context.
private final class CheckpointBox: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?
    init(_ bytes: [UInt8]?) { self.bytes = bytes }
    var value: [UInt8]? {
        get { lock.withLock { bytes } }
        set { lock.withLock { bytes = newValue } }
    }
}

/// A handler failure that retrying cannot fix (bad parameters, a refused request): the job ends
/// in `error` at once, without using its remaining tries.
public struct NonRetryableJobError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The worker no longer holds the job: its lease lapsed and another worker claimed it.
public struct JobLeaseLostError: Error, Sendable, CustomStringConvertible {
    public let jobID: JobID
    public var description: String { "lease on \(jobID) was lost to another worker" }
}
