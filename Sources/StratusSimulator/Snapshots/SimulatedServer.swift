/// A point-in-time copy of one simulated Nova server, for assertions in tests.
public struct SimulatedServer: Sendable, Hashable {
    /// The server id (a UUID).
    public var id: String
    /// The server name.
    public var name: String
    /// The id of the owning project.
    public var projectID: String
    /// The Nova status (`BUILD`, `ACTIVE`, `ERROR`, `SHUTOFF`, `RESIZE`, `VERIFY_RESIZE`,
    /// `MIGRATING`, `REBOOT`, …; `DELETED` once deleted).
    public var status: String
    /// The server tags, in the order they were added.
    public var tags: [String]
    /// The server metadata.
    public var metadata: [String: String]
    /// The compute host the server runs on (`nil` when never scheduled).
    public var host: String?
    /// The fault message when the server is in `ERROR`.
    public var faultMessage: String?
    /// Whether the server has been deleted (deletion finished).
    public var deleted: Bool
}
