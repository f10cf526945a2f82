import Foundation
import StratusOpenStack

/// Everything the attempt engine needs to create, find, judge and delete one kind of resource.
struct CreateRecipe<Value: Sendable>: Sendable {
    var kind: ResourceKind
    /// For messages: `server 'web-1'`.
    var subject: String
    var token: ClientToken
    var fingerprint: String
    /// Resources carrying the token that are not being deleted.
    var lookup: @Sendable () async throws -> [ResourceSnapshot]
    /// Sends the create call.
    var create: @Sendable () async throws -> InitialResponse
    /// When the created resource is final.
    var judge: WatchJudge
    /// The value from the final observation.
    var extract: @Sendable (ResourceSnapshot) throws -> Value
    /// Deletes a broken resource (404 counts as deleted) and describes how to wait for it.
    var delete: @Sendable (String) async throws -> Void
    var deletedJudge: WatchJudge
    /// True when a deletion shows only as absence from a complete list (volumes, images).
    var deleteNeedsAbsence: Bool

    /// What a handle keeps while it waits when no further attempt can start (`attempts: 1`, or
    /// the last attempt): judging, extracting and deleting only. The create and lookup closures
    /// hold the whole tagged request — metadata, tags, fingerprint — which was the largest part
    /// of a pending handle's memory; they are replaced by closures that capture nothing (and so cost no allocation).
    func waitingOnly() -> CreateRecipe {
        var recipe = self
        recipe.lookup = { throw OperationError(code: .startFailed, message: "no further attempt was planned") }
        recipe.create = { throw OperationError(code: .startFailed, message: "no further attempt was planned") }
        recipe.fingerprint = ""
        return recipe
    }
}

/// Runs creates with client tokens and retry-with-cleanup (seed 000's `create_async_r`, seed 002's
/// tokens): start or adopt, wait through the monitor (``track(_:first:policy:record:name:)``), and
/// on failure delete, wait, create again.
struct AttemptEngine: Sendable {
    let client: OpenStackClient
    let monitor: OperationMonitor

    /// Starts attempt `number`: adopts a resource carrying the token when `lookupFirst`, else
    /// creates one. A create whose outcome is unknown is resolved by looking the token up (twice,
    /// `grace` apart) before creating anew — never replayed blindly.
    func start<Value>(_ recipe: CreateRecipe<Value>, number: Int, lookupFirst: Bool, policy: OperationPolicy,
                      record: OperationRecord) async throws -> (id: String, since: Date?) {
        if lookupFirst, let found = try await adopt(recipe) {
            record.startAttempt(OperationAttempt(number: number, resourceID: found.id, adopted: true))
            record.setInitial(InitialResponse(resourceID: found.id, adopted: true))
            return (found.id, nil)  // unknown history: the monitor starts with a complete list
        }
        for _ in 0..<policy.unknownOutcomeLimit {
            let since = Date()
            do {
                let initial = try await recipe.create()
                record.startAttempt(OperationAttempt(number: number, resourceID: initial.resourceID, requestID: initial.requestID))
                record.setInitial(initial)
                return (initial.resourceID, since)
            } catch let error as OpenStackError where error.code == .outcomeUnknown {
                monitor.logger.notice("create outcome unknown; looking up its client token", metadata: [
                    "kind": "\(recipe.kind)", "token": "\(recipe.token)", "request_id": "\(error.requestID ?? "-")",
                ])
                var found = try await adopt(recipe)
                if found == nil {
                    try await Task.sleep(for: policy.unknownOutcomeGrace)
                    found = try await adopt(recipe)
                }
                if let found {
                    record.startAttempt(OperationAttempt(number: number, resourceID: found.id, adopted: true,
                                                         requestID: error.requestID))
                    record.setInitial(InitialResponse(resourceID: found.id, requestID: error.requestID, adopted: true))
                    return (found.id, since)
                }
                // Not there after the grace period: the request never took effect. Create again.
            } catch let error as OpenStackError {
                record.startAttempt(OperationAttempt(number: number, requestID: error.requestID,
                                                     outcome: .startFailed(error.message)))
                throw OperationError(code: .startFailed, message: "creating \(recipe.subject) failed: \(error.message)",
                                     kind: recipe.kind, attempts: record.attempts, underlying: error)
            }
        }
        throw OperationError(code: .startFailed,
                             message: "creating \(recipe.subject) kept ending with an unknown outcome and nothing carries its token",
                             kind: recipe.kind, attempts: record.attempts)
    }

    /// The live resource carrying the token, if any; throws on a fingerprint mismatch.
    func adopt<Value>(_ recipe: CreateRecipe<Value>) async throws -> ResourceSnapshot? {
        let found = try await recipe.lookup()
        for snapshot in found {
            if let fingerprint = snapshot.labels[ClientToken.fingerprintKey], fingerprint != recipe.fingerprint {
                throw OperationError(
                    code: .tokenConflict,
                    message: "client token '\(recipe.token)' already belongs to \(recipe.kind) \(snapshot.id), created with different parameters",
                    kind: recipe.kind, resourceID: snapshot.id, lastStatus: snapshot.statusDescription)
            }
        }
        if found.count > 1 {
            monitor.logger.warning("more than one resource carries one client token", metadata: [
                "kind": "\(recipe.kind)", "token": "\(recipe.token)", "ids": "\(found.map(\.id))",
            ])
        }
        return found.first
    }

    func cleanUp<Value>(_ recipe: CreateRecipe<Value>, id: String, policy: OperationPolicy, record: OperationRecord) async throws {
        do {
            try await recipe.delete(id)
            _ = try await wait(recipe.kind, id: id, since: Date(), needsAbsence: recipe.deleteNeedsAbsence,
                               judge: recipe.deletedJudge, timeout: policy.cleanupTimeout, record: record,
                               subject: "deleting broken \(recipe.subject)")
        } catch let error as OperationError {
            throw OperationError(code: .cleanupFailed, message: "could not delete broken \(recipe.kind) \(id): \(error.message)",
                                 kind: recipe.kind, resourceID: id, lastStatus: error.lastStatus, attempts: record.attempts,
                                 underlying: error.underlying)
        } catch let error as OpenStackError {
            throw OperationError(code: .cleanupFailed, message: "could not delete broken \(recipe.kind) \(id): \(error.message)",
                                 kind: recipe.kind, resourceID: id, attempts: record.attempts, underlying: error)
        }
    }

    /// Waits for `judge` to call the resource final, at most `timeout`.
    func wait(_ kind: ResourceKind, id: String, since: Date?, needsAbsence: Bool = false, judge: @escaping WatchJudge,
              timeout: Duration, record: OperationRecord, subject: String) async throws -> ResourceSnapshot {
        let observed: WatchJudge = { observation, seen in
            record.setStatus(observation.statusDescription)
            return judge(observation, seen)
        }
        let outcome: Observation
        do {
            outcome = try await monitor.watch(kind, id: id, since: since, needsAbsence: needsAbsence, timeout: timeout, judge: observed)
        } catch let failure as OperationMonitor.WatchFailure {
            throw Self.operationError(failure, kind: kind, id: id, subject: subject, timeout: timeout, record: record)
        }
        return outcome.snapshot ?? ResourceSnapshot(kind: kind, id: id, status: "gone")
    }

    /// The operation error a watch failure means.
    static func operationError(_ failure: OperationMonitor.WatchFailure, kind: ResourceKind, id: String, subject: String,
                               timeout: Duration, record: OperationRecord) -> OperationError {
        let status = failure.observation.statusDescription
        switch failure.verdict {
        case .failed(let reason):
            return OperationError(code: .failed, message: "\(subject) failed: \(reason)", kind: kind, resourceID: id,
                                  lastStatus: status, attempts: record.attempts)
        case .timedOut:
            return OperationError(code: .timedOut, message: "\(subject) did not finish within \(timeout); stuck in \(status)",
                                  kind: kind, resourceID: id, lastStatus: status, attempts: record.attempts)
        default:
            return OperationError(code: .vanished, message: "\(subject): \(kind) \(id) disappeared", kind: kind,
                                  resourceID: id, lastStatus: status, attempts: record.attempts)
        }
    }

    static func outcome(of error: OperationError) -> OperationAttempt.Outcome {
        switch error.code {
        case .timedOut: return .timedOut(error.lastStatus ?? "?")
        case .vanished: return .vanished
        default: return .failed(error.message)
        }
    }
}
