import StratusOpenStack

/// Why an operation did not reach its goal.
///
/// An opaque struct like ``OpenStackError``: a ``Code``, a message a person can act on, the
/// resource and the last state it was seen in, every attempt made, and the underlying client
/// error when there was one.
public struct OperationError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The resource reached a failure state (ERROR, error, killed…); ``OperationError/message`` has the fault.
        public static let failed = Code("failed")
        /// The operation did not finish in time; ``OperationError/lastStatus`` says where it was stuck.
        public static let timedOut = Code("timedOut")
        /// The resource disappeared while the operation expected it to exist.
        public static let vanished = Code("vanished")
        /// The starting call failed (see ``OperationError/underlying``).
        public static let startFailed = Code("startFailed")
        /// The client token is already used by a resource created with different parameters.
        public static let tokenConflict = Code("tokenConflict")
        /// Deleting a broken resource before retrying failed or timed out.
        public static let cleanupFailed = Code("cleanupFailed")
        /// The operation was cancelled.
        public static let cancelled = Code("cancelled")
        /// The monitor stopped (or was never started) before the operation finished.
        public static let monitorStopped = Code("monitorStopped")
        public var description: String { name }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened, in words.
    public var message: String
    /// The resource kind.
    public var kind: ResourceKind?
    /// The resource id, when one exists.
    public var resourceID: String?
    /// The last status seen (`BUILD/spawning`, `gone`), for timeouts especially.
    public var lastStatus: String?
    /// Every attempt made.
    public var attempts: [OperationAttempt]
    /// The client error behind it, if any.
    public var underlying: OpenStackError?

    /// Creates an error.
    public init(code: Code, message: String, kind: ResourceKind? = nil, resourceID: String? = nil, lastStatus: String? = nil,
                attempts: [OperationAttempt] = [], underlying: OpenStackError? = nil) {
        self.code = code
        self.message = message
        self.kind = kind
        self.resourceID = resourceID
        self.lastStatus = lastStatus
        self.attempts = attempts
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        var details: [String] = ["code: \(code)"]
        if let kind, let resourceID { details.append("\(kind) \(resourceID)") }
        if let lastStatus { details.append("last status: \(lastStatus)") }
        if !attempts.isEmpty { details.append("attempts: \(attempts.count)") }
        if let underlying { details.append("cause: \(underlying)") }
        text += " (" + details.joined(separator: ", ") + ")"
        return text
    }
}

/// One attempt of an operation: what was started, and how it ended.
public struct OperationAttempt: Sendable, Hashable, CustomStringConvertible {
    /// How an attempt ended.
    public enum Outcome: Sendable, Hashable {
        /// Still running.
        case running
        /// Reached the goal.
        case succeeded
        /// The resource failed with this reason.
        case failed(String)
        /// Did not finish in time; stuck in this status.
        case timedOut(String)
        /// The resource disappeared.
        case vanished
        /// The starting call failed.
        case startFailed(String)
    }

    /// 1-based.
    public var number: Int
    /// The resource this attempt made or adopted.
    public var resourceID: String?
    /// True when the resource was found by its client token rather than created by this attempt.
    public var adopted: Bool
    /// The starting call's request id.
    public var requestID: String?
    /// How it ended.
    public var outcome: Outcome
    /// True when the broken resource was deleted before the next attempt.
    public var cleanedUp: Bool

    /// Creates an attempt record.
    public init(number: Int, resourceID: String? = nil, adopted: Bool = false, requestID: String? = nil,
                outcome: Outcome = .running, cleanedUp: Bool = false) {
        self.number = number
        self.resourceID = resourceID
        self.adopted = adopted
        self.requestID = requestID
        self.outcome = outcome
        self.cleanedUp = cleanedUp
    }

    public var description: String {
        "attempt \(number): \(resourceID ?? "-")\(adopted ? " (adopted)" : "") \(outcome)\(cleanedUp ? ", cleaned up" : "")"
    }
}
