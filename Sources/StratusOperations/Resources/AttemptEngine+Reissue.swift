import Foundation
import StratusOpenStack

/// An operation on an existing resource whose starting call may be sent again without harm (a
/// Neutron PUT or DELETE): what to send, and when the resource is where it should be.
struct ReissuedAction<Value: Sendable>: Sendable {
    /// For handle names and messages: `floatingIP.associate 1b2c… → port 9f8e…`.
    var name: String
    var kind: ResourceKind
    /// The watched resource.
    var resourceID: String
    /// Sends the starting call. Returns false when the call found the goal already reached (a
    /// DELETE answered 404): with ``alreadyDone`` set, the handle then finishes at once, without a watch.
    var call: @Sendable () async throws -> Bool
    var judge: WatchJudge
    /// The value from the final observation (a snapshot with status `gone` when absence was final).
    var extract: @Sendable (ResourceSnapshot) throws -> Value
    /// The value when the call found the goal already reached; nil: watch anyway.
    var alreadyDone: Value? = nil
}

extension AttemptEngine {
    /// Sends the action's call, then waits through the monitor. When the wait fails or times out
    /// and `policy.attempts` allows another attempt, the call is sent again after `policy.backoff`
    /// (doubled each time) and waited for again — every attempt recorded. The first call is made
    /// before this returns; its failure throws ``OperationError/Code/startFailed``.
    func reissuing<Value>(_ action: ReissuedAction<Value>, policy: OperationPolicy) async throws -> CloudOperation<Value> {
        let since = Date()
        if try await !send(action, number: 1, record: nil), let done = action.alreadyDone {
            return .finished(done, name: "\(action.name) (already done)")
        }
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: action.resourceID))
        record.setInitial(InitialResponse(resourceID: action.resourceID))
        let engine = self
        return CloudOperation(name: action.name, record: record) { record in
            var since = since
            var number = 1
            while true {
                do {
                    let final = try await engine.wait(action.kind, id: action.resourceID, since: since, judge: action.judge,
                                                      timeout: policy.timeout, record: record, subject: action.name)
                    record.updateAttempt { $0.outcome = .succeeded }
                    return try action.extract(final)
                } catch var error as OperationError where [.failed, .timedOut].contains(error.code) {
                    record.updateAttempt { $0.outcome = Self.outcome(of: error) }
                    guard number < policy.attempts else {
                        error.attempts = record.attempts
                        if policy.attempts > 1 { error.message += " (after \(number) attempts)" }
                        throw error
                    }
                } catch let error as OperationError {
                    record.updateAttempt { $0.outcome = Self.outcome(of: error) }
                    throw error
                } catch is CancellationError {
                    throw OperationError(code: .cancelled, message: "\(action.name): cancelled", kind: action.kind,
                                         resourceID: action.resourceID, lastStatus: record.lastStatus, attempts: record.attempts)
                }
                do {
                    try await Task.sleep(for: policy.backoff * Double(1 << min(number - 1, 10)))
                } catch {
                    throw OperationError(code: .cancelled, message: "\(action.name): cancelled", kind: action.kind,
                                         resourceID: action.resourceID, lastStatus: record.lastStatus, attempts: record.attempts)
                }
                number += 1
                since = Date()
                record.startAttempt(OperationAttempt(number: number, resourceID: action.resourceID))
                if try await !engine.send(action, number: number, record: record), let done = action.alreadyDone {
                    record.updateAttempt { $0.outcome = .succeeded }
                    return done
                }
            }
        }
    }

    /// Sends the call; a client error becomes ``OperationError/Code/startFailed``.
    private func send<Value>(_ action: ReissuedAction<Value>, number: Int, record: OperationRecord?) async throws -> Bool {
        do {
            return try await action.call()
        } catch let error as OpenStackError {
            record?.updateAttempt { $0.outcome = .startFailed(error.message) }
            throw OperationError(code: .startFailed, message: "\(action.name) failed: \(error.message)", kind: action.kind,
                                 resourceID: action.resourceID, attempts: record?.attempts ?? [], underlying: error)
        }
    }
}
