import Foundation

/// A state change that happens on its own after some time (the end of a build, of a delete, …).
enum SimulationEvent: Sendable {
    case serverBuilt(serverID: String, succeeded: Bool)
    case serverDeleted(serverID: String)
    case serverPowerSettled(serverID: String)
    case serverMigrated(serverID: String, toHost: String)
    case serverLiveMigrated(serverID: String, toHost: String)
    case serverResizeReverted(serverID: String)
    case imageSaving(imageID: String, serverID: String)
    case imageSaved(imageID: String, serverID: String, backupRotation: Int?)
    case volumeCreated(volumeID: String, succeeded: Bool)
    case volumeDeleted(volumeID: String)
    case volumeAttached(volumeID: String)
    case volumeDetached(volumeID: String, serverID: String)
    /// A bound port finishes activating (ignored when `token` is stale).
    case portActivated(portID: String, token: Int)
    /// A floating IP reaches `status` after an association change (ignored when `token` is stale).
    case floatingIPSettled(floatingIPID: String, token: Int, status: String)
    /// An interface detach finishes: Nova's own port is deleted, a user's port unbound.
    case interfaceDetached(serverID: String, portID: String)
}
