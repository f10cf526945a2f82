/// Where a job is in its life: densefog's four states.
///
/// `pending` jobs wait for `runAt`; `running` jobs are held by a worker's lease; `finished` and
/// `error` are final. A running job whose lease expires is claimable again (its worker died or
/// stalled), which is how a killed worker loses nothing.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case finished
    case error

    /// Whether the job will never run again on its own.
    public var isFinal: Bool { self == .finished || self == .error }
}
