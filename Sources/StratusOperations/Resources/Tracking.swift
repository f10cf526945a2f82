import Foundation
import StratusOpenStack

/// The final state ``ServerOperations/track(id:until:timeout:)`` and
/// ``VolumeOperations/track(id:until:timeout:)`` wait for.
public enum TrackTarget: String, Sendable, Hashable, CaseIterable {
    /// Usable: a server ACTIVE with no task running; a volume `available` or `in-use`.
    case ready
    /// Gone: deleted, or no longer listed.
    case deleted
}

extension ServerOperations {
    /// Tracks a server something else started (another process, an earlier `stratus server
    /// create` without `--wait`, a console click) until it reaches `target`, through the same
    /// monitor — no extra request per server.
    ///
    /// Resolves with the server (nil when tracking to `.deleted`); ERROR fails the handle at once
    /// with Nova's fault message, and a server deleted underneath a `.ready` wait fails it as
    /// vanished.
    public func track(id: String, until target: TrackTarget, timeout: Duration = .seconds(600)) -> CloudOperation<Server?> {
        let engine = self.engine
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: id))
        record.setInitial(InitialResponse(resourceID: id))
        let judge = target == .ready ? ServerJudges.active : ServerJudges.deleted
        return CloudOperation(name: "server.track \(id) → \(target.rawValue)", record: record) { record in
            let final = try await engine.wait(.server, id: id, since: nil, judge: judge, timeout: timeout, record: record,
                                              subject: "server \(id)")
            record.updateAttempt { $0.outcome = .succeeded }
            return target == .ready ? try final.server() : nil
        }
    }
}

extension VolumeOperations {
    /// Tracks a volume something else started until it reaches `target` (`available` or
    /// `in-use` for `.ready`), through the monitor. Resolves with the volume (nil for `.deleted`).
    public func track(id: String, until target: TrackTarget, timeout: Duration = .seconds(600)) -> CloudOperation<Volume?> {
        let engine = self.engine
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: id))
        record.setInitial(InitialResponse(resourceID: id))
        let judge = target == .ready ? VolumeJudges.usable : VolumeJudges.deleted
        return CloudOperation(name: "volume.track \(id) → \(target.rawValue)", record: record) { record in
            let final = try await engine.wait(.volume, id: id, since: nil, needsAbsence: target == .deleted, judge: judge,
                                              timeout: timeout, record: record, subject: "volume \(id)")
            record.updateAttempt { $0.outcome = .succeeded }
            return target == .ready ? try final.volume() : nil
        }
    }
}

extension VolumeJudges {
    /// A volume nobody is changing: `available` or `in-use`.
    static let usable: WatchJudge = { observation, _ in
        guard let volume = observation.snapshot else { return .vanished }
        switch VolumeStatus(rawValue: volume.status) {
        case .available, .inUse: return .done
        case .error, .errorDeleting, .errorAttaching, .errorDetaching:
            return .failed("the volume is \(volume.status) (Cinder's /messages has the reason)")
        default: return .pending
        }
    }
}
