import Foundation

/// What to enqueue: an action, its JSON parameters, and how to retry it.
public struct NewJob: Sendable, Hashable {
    public var id: JobID
    public var projectID: String
    public var action: String
    public var params: [UInt8]
    public var idempotencyKey: String?
    public var contextID: String?
    /// Not before this time; `nil` means now.
    public var runAt: Date?
    public var tryPeriod: Duration
    public var tryMax: Int

    /// A job with raw JSON parameters.
    ///
    /// - Parameters:
    ///   - tryPeriod: the first retry's delay; later retries double it (densefog's `try_period`).
    ///   - tryMax: runs allowed in all, at least 1 (densefog's `try_max`).
    public init(
        id: JobID = .random(), projectID: String, action: String, params: [UInt8] = Array("{}".utf8),
        idempotencyKey: String? = nil, contextID: String? = nil, runAt: Date? = nil,
        tryPeriod: Duration = .seconds(5), tryMax: Int = 3
    ) {
        self.id = id
        self.projectID = projectID
        self.action = action
        self.params = params
        self.idempotencyKey = idempotencyKey
        self.contextID = contextID
        self.runAt = runAt
        self.tryPeriod = tryPeriod
        self.tryMax = tryMax
    }

    /// A job whose parameters are `params` encoded as JSON (keys sorted, so equal values give
    /// equal bytes and an idempotent re-enqueue compares equal).
    public init<P: Encodable>(
        id: JobID = .random(), projectID: String, action: String, encoding params: P,
        idempotencyKey: String? = nil, contextID: String? = nil, runAt: Date? = nil,
        tryPeriod: Duration = .seconds(5), tryMax: Int = 3
    ) throws {
        self.init(
            id: id, projectID: projectID, action: action, params: try JobJSON.encode(params),
            idempotencyKey: idempotencyKey, contextID: contextID, runAt: runAt, tryPeriod: tryPeriod,
            tryMax: tryMax)
    }

    /// Checks the fields a store cannot repair; names the field and what was expected.
    public func validate() throws(JobStoreError) {
        func bad(_ field: String, _ expected: String) -> JobStoreError {
            JobStoreError(.invalidJob, "\(field) must be \(expected)")
        }
        if projectID.isEmpty || projectID.utf8.count > 64 { throw bad("projectID", "1 to 64 bytes") }
        if action.isEmpty || action.utf8.count > 64 { throw bad("action", "1 to 64 bytes") }
        if tryMax < 1 || tryMax > 1000 { throw bad("tryMax", "between 1 and 1000") }
        if tryPeriod < .zero { throw bad("tryPeriod", "zero or more") }
        if let key = idempotencyKey, key.isEmpty || key.utf8.count > 255 {
            throw bad("idempotencyKey", "1 to 255 bytes")
        }
        if !JobJSON.isJSON(params) { throw bad("params", "JSON") }
    }
}

/// What enqueueing one job did.
public enum EnqueueOutcome: Sendable, Hashable {
    /// A new row.
    case created(Job)
    /// The project already had a job with this idempotency key and the same action and
    /// parameters; nothing was written.
    case existing(Job)

    public var job: Job {
        switch self {
        case .created(let job), .existing(let job): job
        }
    }
}
