/// A point-in-time copy of one simulated Glance image, for assertions in tests.
public struct SimulatedImage: Sendable, Hashable {
    /// The image id (a UUID).
    public var id: String
    /// The image name.
    public var name: String?
    /// The id of the owning project.
    public var ownerID: String
    /// The Glance status (`queued`, `saving`, `active`, …; `deleted` once deleted).
    public var status: String
    /// The visibility (`public`, `private`, `shared`, `community`).
    public var visibility: String
    /// The image tags.
    public var tags: [String]
    /// The extra (non-core) properties, e.g. `instance_uuid` and `image_type` of a snapshot.
    public var properties: [String: String]
    /// Whether the image has been deleted.
    public var deleted: Bool
}
