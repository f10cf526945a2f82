import StratusOpenStack
import Synchronization

/// The answer of the call that started an operation — seed 000's `sync_result`.
public struct InitialResponse: Sendable, Hashable {
    /// The resource the call created or acted on.
    public var resourceID: String
    /// The call's `x-openstack-request-id`.
    public var requestID: String?
    /// True when no call was made because the resource was found by its client token.
    public var adopted: Bool
    /// Nova's create answer, for server creates (holds the admin password, never printed).
    public var serverCreated: ServerCreated?

    /// Creates a value.
    public init(resourceID: String, requestID: String? = nil, adopted: Bool = false, serverCreated: ServerCreated? = nil) {
        self.resourceID = resourceID
        self.requestID = requestID
        self.adopted = adopted
        self.serverCreated = serverCreated
    }
}

/// What an operation records while it runs; shared by the handle and the work driving it.
final class OperationRecord: Sendable {
    private struct State {
        var initial: InitialResponse?
        var attempts: [OperationAttempt] = []
        var lastStatus: String?
        var done = false
    }
    private let state = Mutex(State())

    var initial: InitialResponse? { state.withLock { $0.initial } }
    var attempts: [OperationAttempt] { state.withLock { $0.attempts } }
    var lastStatus: String? { state.withLock { $0.lastStatus } }
    var isDone: Bool { state.withLock { $0.done } }
    var currentResourceID: String? { state.withLock { $0.attempts.last?.resourceID } }

    func setInitial(_ initial: InitialResponse) {
        state.withLock { if $0.initial == nil { $0.initial = initial } }
    }

    func startAttempt(_ attempt: OperationAttempt) { state.withLock { $0.attempts.append(attempt) } }

    func updateAttempt(_ change: (inout OperationAttempt) -> Void) {
        state.withLock { state in
            guard !state.attempts.isEmpty else { return }
            change(&state.attempts[state.attempts.count - 1])
        }
    }

    func setStatus(_ status: String?) { state.withLock { $0.lastStatus = status } }
    func finish() { state.withLock { $0.done = true } }
}

/// A handle on one background operation: a future for its result.
///
/// It is returned as soon as the starting call has answered (its answer is ``initial``); the
/// waiting happens in the background, resolved by the shared ``OperationMonitor``. It offers
/// ``isDone`` (never blocks), ``value`` (await), ``value(timeout:)``, ``cancel()``, every
/// ``attempts`` made, and ``then(_:)`` for chaining. `Sendable`: pass it anywhere.
///
/// ```swift
/// let op = try await ops.servers.create(spec, policy: .init(attempts: 3))
/// print(op.initial?.resourceID ?? "-")
/// let server = try await op.value             // ACTIVE, or throws OperationError
/// ```
public final class CloudOperation<Value: Sendable>: Sendable {
    /// What the operation is, e.g. `server.create web-1`.
    public let name: String
    let record: OperationRecord
    private enum Backing: Sendable {
        case task(Task<Value, any Error>)
        case promise(Promise<Value>)
    }
    private let backing: Backing

    /// Starts `work` in the background. Used by the operation factories; also usable for custom
    /// operations that report through the record.
    init(name: String, record: OperationRecord = OperationRecord(),
         work: @escaping @Sendable (OperationRecord) async throws -> Value) {
        self.name = name
        self.record = record
        self.backing = .task(Task {
            defer { record.finish() }
            return try await work(record)
        })
    }

    /// A handle completed by whoever holds `promise` (the monitor, for creates): no task waits.
    init(name: String, record: OperationRecord, promise: Promise<Value>) {
        self.name = name
        self.record = record
        self.backing = .promise(promise)
    }

    /// An operation that is already finished with `value`.
    public static func finished(_ value: Value, name: String = "finished") -> CloudOperation<Value> {
        CloudOperation(name: name) { _ in value }
    }

    /// True once the operation has finished, successfully or not. Never blocks.
    public var isDone: Bool { record.isDone }
    /// The starting call's answer (seed 000's `sync_result`); nil for operations made by chaining.
    public var initial: InitialResponse? { record.initial }
    /// Every attempt so far.
    public var attempts: [OperationAttempt] { record.attempts }
    /// The last status the monitor saw (`BUILD/spawning`), for progress displays.
    public var lastStatus: String? { record.lastStatus }
    /// The resource of the current attempt.
    public var resourceID: String? { record.currentResourceID }

    /// The result: waits until the operation finishes. Throws ``OperationError`` (or the error of
    /// a chained step). Cancelling the waiting task does not cancel the operation.
    public var value: Value {
        get async throws {
            switch backing {
            case .task(let task): return try await task.value
            case .promise(let promise): return try await promise.value
            }
        }
    }

    /// The result, waiting at most `timeout`. On timeout throws ``OperationError/Code/timedOut``
    /// with the last status; the operation itself keeps running (``cancel()`` stops it).
    public func value(timeout: Duration) async throws -> Value {
        // Not a task group: a group waits for its children, and a child awaiting the operation
        // cannot be interrupted. Two racers settle one continuation; the first one wins.
        let race = FirstResult<Value>()
        let timeoutError = OperationError(code: .timedOut, message: "\(name) did not finish within \(timeout)",
                                          resourceID: resourceID, lastStatus: lastStatus, attempts: attempts)
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            race.arm(continuation)
            race.addRacer(Task {
                do { race.settle(.success(try await self.value)) } catch { race.settle(.failure(error)) }
            })
            race.addRacer(Task { [record] in
                try? await Task.sleep(for: timeout)
                var error = timeoutError
                error.lastStatus = record.lastStatus ?? error.lastStatus
                race.settle(.failure(error))
            })
        }
    }

    /// Stops the operation: tracking ends, and the policy's `cleanupOnCancel` decides whether the
    /// resource is deleted. ``value`` then throws ``OperationError/Code/cancelled``.
    public func cancel() {
        switch backing {
        case .task(let task): task.cancel()
        case .promise(let promise): promise.cancel()
        }
    }

    /// Chains further work: when this operation succeeds, `next` starts another operation with its
    /// value; the returned handle finishes when that one does (seed 001's `next`).
    public func then<Next: Sendable>(
        _ next: @escaping @Sendable (Value) async throws -> CloudOperation<Next>
    ) -> CloudOperation<Next> {
        CloudOperation<Next>(name: "\(name) → …") { record in
            let value = try await self.value
            let following = try await next(value)
            let result = try await withTaskCancellationHandler {
                try await following.value
            } onCancel: {
                following.cancel()
            }
            for attempt in following.attempts { record.startAttempt(attempt) }
            return result
        }
    }

    /// Transforms the value when it arrives.
    public func map<Next: Sendable>(_ transform: @escaping @Sendable (Value) async throws -> Next) -> CloudOperation<Next> {
        CloudOperation<Next>(name: name) { _ in try await transform(try await self.value) }
    }
}

/// Settles one continuation with whichever result arrives first, then cancels the other racers.
final class FirstResult<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var settled = false
        var racers: [Task<Void, Never>] = []
    }
    private let state = Mutex(State())

    func arm(_ continuation: CheckedContinuation<Value, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func addRacer(_ racer: Task<Void, Never>) {
        let cancelNow = state.withLock { state -> Bool in
            if state.settled { return true }
            state.racers.append(racer)
            return false
        }
        if cancelNow { racer.cancel() }
    }

    func settle(_ result: Result<Value, any Error>) {
        let (continuation, racers) = state.withLock { state -> (CheckedContinuation<Value, any Error>?, [Task<Void, Never>]) in
            guard !state.settled else { return (nil, []) }
            state.settled = true
            defer { state.continuation = nil; state.racers = [] }
            return (state.continuation, state.racers)
        }
        continuation?.resume(with: result)
        racers.forEach { $0.cancel() }
    }
}
