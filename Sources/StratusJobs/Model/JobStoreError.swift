/// A store failure with a stable code; the message never contains connection secrets.
public struct JobStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of store failure callers handle differently.
    public enum Code: String, Sendable, Hashable {
        /// A field of a new job is unacceptable; nothing was written.
        case invalidJob
        /// The idempotency key was used before with another action or other parameters.
        case idempotencyConflict
        /// No such job.
        case notFound
        /// The job is not in a state that allows this.
        case wrongState
        /// The database could not be reached or answered with an error.
        case unavailable
        /// The configuration (e.g. the database URL) is unusable.
        case configuration
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
