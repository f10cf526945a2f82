import StratusOperations
import Synchronization

/// The progress line of a chain — a server, then its floating IP — as one item: the first step's
/// status, attempts and resource id, with each later step's status added once it has started
/// (`BUILD/spawning`, then `ACTIVE, floating IP DOWN`, then `ACTIVE, floating IP ACTIVE`).
public final class ChainedProgress: Sendable {
    private let first: @Sendable () -> (status: String?, attempts: [OperationAttempt], resourceID: String?)
    private let later = Mutex<[@Sendable () -> String]>([])

    /// Starts with `operation`, whose attempts and resource id the line keeps showing.
    public init<Value: Sendable>(_ operation: CloudOperation<Value>) {
        first = { (operation.lastStatus, operation.attempts, operation.resourceID) }
    }

    /// Adds a step: its status (nil before the monitor's first look) shown through `describe`.
    public func follow<Value: Sendable>(_ operation: CloudOperation<Value>,
                                        describe: @escaping @Sendable (_ status: String?) -> String) {
        later.withLock { $0.append { describe(operation.lastStatus) } }
    }

    /// Adds a fixed note for a step that has no handle yet (`floating IP allocating`).
    public func note(_ text: String) {
        later.withLock { $0.append { text } }
    }

    /// The line now: the first step's status, then the latest later step's.
    public func snapshot() -> (status: String?, attempts: [OperationAttempt], resourceID: String?) {
        let head = first()
        guard let step = later.withLock({ $0.last }) else { return head }
        return ([head.status, step()].compactMap { $0 }.joined(separator: ", "), head.attempts, head.resourceID)
    }
}
