/// A point-in-time copy of one simulated Cinder volume, for assertions in tests.
public struct SimulatedVolume: Sendable, Hashable {
    /// The volume id (a UUID).
    public var id: String
    /// The volume name (`nil` when created without one).
    public var name: String?
    /// The id of the owning project.
    public var projectID: String
    /// The Cinder status (`creating`, `available`, `attaching`, `in-use`, `detaching`, `deleting`,
    /// `error`; `deleted` once deleted).
    public var status: String
    /// The size in GiB.
    public var size: Int
    /// The volume metadata.
    public var metadata: [String: String]
    /// The ids of the servers the volume is attached to.
    public var attachedServerIDs: [String]
    /// Whether the volume has been deleted (deletion finished).
    public var deleted: Bool
}
