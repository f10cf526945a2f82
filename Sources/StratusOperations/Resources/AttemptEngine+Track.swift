import Foundation
import StratusOpenStack

extension AttemptEngine {
    /// A create handle that costs no task while it waits: the monitor completes it. Only a failed
    /// attempt that is to be cleaned up and retried starts a task, for that work alone.
    func track<Value>(_ recipe: CreateRecipe<Value>, first: (id: String, since: Date?), policy: OperationPolicy,
                      record: OperationRecord, name: String) -> CloudOperation<Value> {
        let promise = Promise<Value>()
        let recipe = policy.attempts > 1 ? recipe : recipe.waitingOnly()
        watchAttempt(recipe, current: first, policy: policy, record: record, promise: promise)
        return CloudOperation(name: name, record: record, promise: promise)
    }

    private func finish<Value>(_ promise: Promise<Value>, record: OperationRecord, _ result: Result<Value, any Error>) {
        record.finish()
        promise.complete(result)
    }

    private func watchAttempt<Value>(_ recipe: CreateRecipe<Value>, current: (id: String, since: Date?), policy: OperationPolicy,
                                     record: OperationRecord, promise: Promise<Value>) {
        // The callbacks below share one object instead of each copying the recipe and the
        // policy into its own closure context (a few hundred bytes per pending handle).
        let attempt = WatchedAttempt(recipe: recipe, id: current.id, since: current.since, policy: policy, record: record,
                                     promise: promise)
        let judge = recipe.judge
        let observed: WatchJudge = { observation, seen in
            record.setStatus(observation.statusDescription)
            return judge(observation, seen)
        }
        let watchID = monitor.register(recipe.kind, id: current.id, since: current.since, timeout: policy.timeout,
                                       judge: observed) { result in
            let recipe = attempt.recipe, record = attempt.record, promise = attempt.promise
            switch result {
            case .success(let observation):
                record.updateAttempt { $0.outcome = .succeeded }
                let snapshot = observation.snapshot ?? ResourceSnapshot(kind: recipe.kind, id: attempt.id, status: "gone")
                finish(promise, record: record, Result { try recipe.extract(snapshot) })
            case .failure(let failure as OperationMonitor.WatchFailure):
                let error = Self.operationError(failure, kind: recipe.kind, id: attempt.id, subject: recipe.subject,
                                                timeout: attempt.policy.timeout, record: record)
                afterFailure(recipe, error: error, current: (attempt.id, attempt.since), policy: attempt.policy, record: record,
                             promise: promise)
            case .failure(let error):
                finish(promise, record: record, .failure(error))
            }
        }
        let monitor = self.monitor
        promise.setOnCancel {
            let recipe = attempt.recipe, record = attempt.record
            monitor.cancelWatch(watchID, with: OperationError(
                code: .cancelled, message: "\(recipe.subject): cancelled", kind: recipe.kind, resourceID: attempt.id,
                lastStatus: record.lastStatus, attempts: record.attempts))
            if attempt.policy.cleanupOnCancel {
                Task { try? await recipe.delete(attempt.id) }
            }
        }
    }

    /// Records the failed attempt; then, in a task of its own, cleans up and starts the next one —
    /// or reports the failure when no attempts remain.
    private func afterFailure<Value>(_ recipe: CreateRecipe<Value>, error: OperationError, current: (id: String, since: Date?),
                                     policy: OperationPolicy, record: OperationRecord, promise: Promise<Value>) {
        record.updateAttempt { $0.outcome = Self.outcome(of: error) }
        let number = record.attempts.count
        let last = number >= policy.attempts
        let cleanUpNow = (policy.cleanup == .always || (!last && policy.cleanup == .beforeRetry)) && error.code != .vanished
        let giveUp: @Sendable () -> Void = {
            var final = error
            final.attempts = record.attempts
            if policy.attempts > 1 { final.message += " (after \(number) attempts)" }
            finish(promise, record: record, .failure(final))
        }
        if last && !cleanUpNow {
            giveUp()
            return
        }
        let retry = Task {
            do {
                if cleanUpNow {
                    try await cleanUp(recipe, id: current.id, policy: policy, record: record)
                    record.updateAttempt { $0.cleanedUp = true }
                }
                if last {
                    giveUp()
                    return
                }
                try await Task.sleep(for: policy.backoff * Double(1 << min(number - 1, 10)))
                let next = try await start(recipe, number: number + 1, lookupFirst: false, policy: policy, record: record)
                watchAttempt(recipe, current: next, policy: policy, record: record, promise: promise)
            } catch is CancellationError {
                finish(promise, record: record, .failure(OperationError(
                    code: .cancelled, message: "\(recipe.subject): cancelled", kind: recipe.kind, resourceID: current.id,
                    lastStatus: record.lastStatus, attempts: record.attempts)))
            } catch {
                finish(promise, record: record, .failure(error))
            }
        }
        promise.setOnCancel { retry.cancel() }
    }
}

/// One waiting attempt of a create, shared by the monitor's completion and the cancel handler.
private final class WatchedAttempt<Value: Sendable>: Sendable {
    let recipe: CreateRecipe<Value>
    let id: String
    let since: Date?
    let policy: OperationPolicy
    let record: OperationRecord
    let promise: Promise<Value>

    init(recipe: CreateRecipe<Value>, id: String, since: Date?, policy: OperationPolicy, record: OperationRecord,
         promise: Promise<Value>) {
        self.recipe = recipe
        self.id = id
        self.since = since
        self.policy = policy
        self.record = record
        self.promise = promise
    }
}
