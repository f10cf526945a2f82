import Foundation
import StratusOpenStack

/// The kinds of resource the monitor watches, one list call per kind per tick.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Nova servers (`GET /servers/detail?changes-since=…`).
    case server
    /// Cinder volumes (`GET /volumes/detail?updated_at=gte:…`).
    case volume
    /// Glance images (`GET /v2/images?updated_at=gte:…`).
    case image
    /// Neutron floating IPs (`GET /v2.0/floatingips?id=…&id=…`), listed by the ids watched.
    case floatingIP = "floating_ip"
    /// Neutron ports (`GET /v2.0/ports?id=…&id=…`), listed by the ids watched.
    case port

    /// True for kinds the monitor lists by the ids it watches (``ListMode/ids(_:)``): Neutron has
    /// neither a changed-since filter nor a listing of deleted resources, so the monitor asks for
    /// exactly the watched ids — many per request — and an id missing from the answer is gone.
    public var isListedByID: Bool { self == .floatingIP || self == .port }

    public var description: String { rawValue }
}

/// What one list call said about one resource, in a form common to every kind.
public struct ResourceSnapshot: Sendable, Hashable {
    /// The kind.
    public var kind: ResourceKind
    /// The resource id.
    public var id: String
    /// The status as the service spells it (`ACTIVE`, `available`, `active`, …).
    public var status: String
    /// Nova's task state (`spawning`, `deleting`, …), nil when idle or not a server.
    public var taskState: String?
    /// The failure reason the service gives (an ERROR server's fault message).
    public var fault: String?
    /// Nova's obfuscated host id (changes when a server migrates).
    public var hostID: String?
    /// When the resource last changed, on the cloud's clock.
    public var updated: Date?
    /// For volumes, the servers it is attached to.
    public var attachedServerIDs: [String]
    /// Tags or metadata/properties that carry client tokens.
    public var labels: [String: String]
    /// The typed resource the list returned, so a finished operation needs no extra GET.
    public var resource: AnyResource?

    /// Creates a snapshot.
    public init(kind: ResourceKind, id: String, status: String, taskState: String? = nil, fault: String? = nil,
                hostID: String? = nil, updated: Date? = nil, attachedServerIDs: [String] = [], labels: [String: String] = [:]) {
        self.kind = kind
        self.id = id
        self.status = status
        self.taskState = taskState
        self.fault = fault
        self.hostID = hostID
        self.updated = updated
        self.attachedServerIDs = attachedServerIDs
        self.labels = labels
    }

    /// A Nova server.
    public init(_ server: Server) {
        self.init(kind: .server, id: server.id, status: server.status.rawValue, taskState: server.taskState,
                  fault: server.fault?.message, hostID: server.hostID, updated: server.updated,
                  labels: server.metadata)
        resource = .server(server)
    }

    /// A Cinder volume.
    public init(_ volume: Volume) {
        self.init(kind: .volume, id: volume.id, status: volume.status.rawValue, updated: volume.updatedAt,
                  attachedServerIDs: volume.attachments.compactMap(\.serverID), labels: volume.metadata)
        resource = .volume(volume)
    }

    /// A Glance image.
    public init(_ image: Image) {
        self.init(kind: .image, id: image.id, status: image.status.rawValue, updated: image.updatedAt,
                  labels: image.properties.compactMapValues(\.stringValue))
        resource = .image(image)
    }

    /// A short human description: `ACTIVE`, `BUILD/spawning`.
    public var statusDescription: String {
        taskState.map { "\(status)/\($0)" } ?? status
    }
}

/// A typed resource carried by a snapshot.
public enum AnyResource: Sendable, Hashable {
    /// A Nova server.
    case server(Server)
    /// A Cinder volume.
    case volume(Volume)
    /// A Glance image.
    case image(Image)
    /// A Neutron floating IP.
    case floatingIP(FloatingIP)
    /// A Neutron port.
    case port(StratusOpenStack.Port)
}

/// What the monitor learned about a watched resource on one poll.
public enum Observation: Sendable, Hashable {
    /// The resource was in the answer.
    case present(ResourceSnapshot)
    /// A complete list did not contain it: it does not exist (any more).
    case absent

    /// The snapshot, when present.
    public var snapshot: ResourceSnapshot? {
        if case .present(let snapshot) = self { return snapshot }
        return nil
    }

    /// `ACTIVE/spawning`, or `gone`.
    public var statusDescription: String { snapshot?.statusDescription ?? "gone" }
}

/// A watch's judgement of one observation.
public enum WatchVerdict: Sendable, Hashable {
    /// Not final yet.
    case pending
    /// The operation reached its goal.
    case done
    /// The operation failed, for this reason.
    case failed(String)
    /// The resource disappeared while it was expected to exist.
    case vanished
    /// The watch's deadline passed first (set by the monitor, never by a judge).
    case timedOut
}

/// Judges observations of a watched resource. It gets the statuses seen so far too, so it can
/// tell "back to ACTIVE after migrating" from "never started migrating".
public typealias WatchJudge = @Sendable (_ observation: Observation, _ seenStatuses: Set<String>) -> WatchVerdict
