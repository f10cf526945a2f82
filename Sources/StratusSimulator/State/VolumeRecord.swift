import Foundation

/// One Cinder volume.
struct VolumeRecord: Sendable {
    /// An attachment as Cinder reports it.
    struct Attachment: Sendable {
        var serverID: String
        var attachmentID: String
        var device: String
        var host: String?
        var attachedAt: Date
    }

    var id: String
    var name: String?
    var description: String?
    var projectID: String
    var userID: String
    var size: Int
    var status: String
    var metadata: [String: String]
    var volumeType: String
    var availabilityZone: String
    var bootable: Bool
    var multiattach: Bool
    var imageID: String?
    var createdAt: Date
    var updatedAt: Date?
    var attachments: [Attachment] = []
    /// The attachment being made while the volume is `attaching`.
    var pendingAttachment: Attachment?
    var deleted = false
    var sequence: Int

    /// Moves the volume to `status` and stamps `updated_at`.
    mutating func transition(to status: String, at date: Date) {
        self.status = status
        self.updatedAt = date
    }

    /// A snapshot for tests.
    var snapshot: SimulatedVolume {
        SimulatedVolume(
            id: id, name: name, projectID: projectID, status: deleted ? "deleted" : status, size: size,
            metadata: metadata, attachedServerIDs: attachments.map(\.serverID), deleted: deleted
        )
    }
}
