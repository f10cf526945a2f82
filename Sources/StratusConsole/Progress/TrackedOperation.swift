import Foundation
import StratusOperations
import Synchronization

/// A ``CloudOperation`` on a progress display: its label, when it started, and how it ended.
///
/// The display reads the handle's in-memory state (status, attempts) — watching costs no
/// request to the cloud beyond the monitor's batched polls.
public final class TrackedOperation: Sendable {
    public let label: String
    let maxAttempts: Int
    let started: ContinuousClock.Instant
    private let probe: @Sendable () -> (status: String?, attempts: [OperationAttempt], resourceID: String?)
    private let outcome = Mutex<(phase: ProgressItem.Phase, record: Record?, ended: ContinuousClock.Instant?)>((.running, nil, nil))
    private let waiter = Mutex<Task<Void, Never>?>(nil)
    private let cancelHandle: @Sendable () -> Void

    /// Tracks `operation`; `describe` turns its value into the result record printed at the end.
    public convenience init<Value: Sendable>(_ operation: CloudOperation<Value>, label: String, maxAttempts: Int = 1,
                                             describe: @escaping @Sendable (Value) -> Record?) {
        self.init(operation, label: label, maxAttempts: maxAttempts,
                  probe: { (operation.lastStatus, operation.attempts, operation.resourceID) }, describe: describe)
    }

    /// Tracks a chain of operations (`operation` is the chain's end) whose progress line `progress`
    /// composes from each step as it starts: `ACTIVE, floating IP DOWN`.
    public convenience init<Value: Sendable>(_ operation: CloudOperation<Value>, label: String, maxAttempts: Int = 1,
                                             progress: ChainedProgress, describe: @escaping @Sendable (Value) -> Record?) {
        self.init(operation, label: label, maxAttempts: maxAttempts, probe: { progress.snapshot() }, describe: describe)
    }

    init<Value: Sendable>(_ operation: CloudOperation<Value>, label: String, maxAttempts: Int,
                          probe: @escaping @Sendable () -> (status: String?, attempts: [OperationAttempt], resourceID: String?),
                          describe: @escaping @Sendable (Value) -> Record?) {
        self.label = label
        self.maxAttempts = maxAttempts
        self.started = .now
        self.probe = probe
        self.cancelHandle = { operation.cancel() }
        let task = Task { [self] in
            let result: (ProgressItem.Phase, Record?)
            do {
                let value = try await operation.value
                result = (.succeeded, describe(value))
            } catch let error as OperationError {
                switch error.code {
                case .timedOut: result = (.timedOut(error.message), nil)
                case .cancelled: result = (.cancelled, nil)
                default: result = (.failed(error.message), nil)
                }
            } catch {
                result = (.failed(HumanError.describe(error).message), nil)
            }
            self.outcome.withLock { state in
                if state.phase == .running { state = (result.0, result.1, .now) }
            }
        }
        waiter.withLock { $0 = task }
    }

    /// Runs a starting call that returns a tracked operation; when it throws (the cloud refused the
    /// create, a name did not resolve), the item shows as failed with the error's one-line text and
    /// the rest of a batch carries on.
    public static func starting(_ label: String, _ start: () async throws -> TrackedOperation) async -> TrackedOperation {
        do {
            return try await start()
        } catch {
            return TrackedOperation(failedToStart: label, message: HumanError.describe(error).description)
        }
    }

    /// A failure before any handle existed (the create call itself was refused).
    public init(failedToStart label: String, message: String) {
        self.label = label
        self.maxAttempts = 1
        self.started = .now
        self.probe = { (nil, [], nil) }
        self.cancelHandle = {}
        outcome.withLock { $0 = (.failed(message), nil, .now) }
    }

    /// Waits until the operation has ended (or was marked cancelled).
    public func wait() async {
        let task = waiter.withLock { $0 }
        await task?.value
    }

    /// Stops watching: the item shows as left running. Does not touch the resource in the cloud.
    public func abandon() {
        let changed = outcome.withLock { state -> Bool in
            guard state.phase == .running else { return false }
            state = (.cancelled, nil, .now)
            return true
        }
        if changed { cancelHandle() }
    }

    /// The result record, once succeeded.
    public var record: Record? { outcome.withLock { $0.record } }
    public var phase: ProgressItem.Phase { outcome.withLock { $0.phase } }

    /// What the display shows now.
    public func item(now: ContinuousClock.Instant = .now) -> ProgressItem {
        let (status, attempts, resourceID) = probe()
        let state = outcome.withLock { $0 }
        return ProgressItem(
            label: label, resourceID: resourceID ?? attempts.last?.resourceID, status: status,
            attempt: max(attempts.count, 1), maxAttempts: maxAttempts, elapsed: (state.ended ?? now) - started,
            phase: state.phase)
    }
}
