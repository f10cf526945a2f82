import Foundation

/// One resource on a progress display: what it is, where it stands, and how it ended.
public struct ProgressItem: Sendable, Hashable {
    /// How far the item has come.
    public enum Phase: Sendable, Hashable {
        /// Still in flight.
        case running
        /// Reached its goal.
        case succeeded
        /// Failed; the message is the cloud's reason (a Nova fault, a Cinder status).
        case failed(String)
        /// Did not finish in time; the message says where it was stuck.
        case timedOut(String)
        /// The person interrupted the command; the resource may still be changing in the cloud.
        case cancelled

        /// Whether the item has stopped changing on this display.
        public var isFinal: Bool { self != .running }
    }

    /// The name shown first (a server or volume name, or an id).
    public var label: String
    /// The cloud's id, once the starting call has answered.
    public var resourceID: String?
    /// The last status the monitor saw (`BUILD`, `BUILD/spawning`, `available`).
    public var status: String?
    /// The attempt number (retry with cleanup makes more than one).
    public var attempt: Int
    /// How many attempts the policy allows.
    public var maxAttempts: Int
    /// Time since the command started this item.
    public var elapsed: Duration
    public var phase: Phase

    public init(label: String, resourceID: String? = nil, status: String? = nil, attempt: Int = 1, maxAttempts: Int = 1,
                elapsed: Duration = .zero, phase: Phase = .running) {
        self.label = label
        self.resourceID = resourceID
        self.status = status
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.elapsed = elapsed
        self.phase = phase
    }

    /// The status word shown: the cloud's status while running, the outcome afterwards.
    public var statusText: String {
        switch phase {
        case .running: return status ?? "starting"
        case .succeeded: return status ?? "done"
        case .failed: return "FAILED"
        case .timedOut: return "TIMED OUT"
        case .cancelled: return "LEFT RUNNING"
        }
    }

    /// The failure or timeout message, if any.
    public var message: String? {
        switch phase {
        case .failed(let message), .timedOut(let message): return message
        case .cancelled: return "still \(status ?? "in progress") in the cloud"
        default: return nil
        }
    }
}

extension Duration {
    /// `4.2s`, `1m05s`: short enough for a progress line.
    public var shortText: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        return String(format: "%dm%02ds", whole / 60, whole % 60)
    }
}
