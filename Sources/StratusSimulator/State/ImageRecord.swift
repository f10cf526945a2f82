import Foundation

/// One Glance image.
struct ImageRecord: Sendable {
    var id: String
    var name: String?
    var status: String
    var visibility: String
    var ownerID: String
    var tags: [String]
    /// Extra properties, shown as top-level keys (Glance allows string values only).
    var properties: [String: String]
    var containerFormat: String?
    var diskFormat: String?
    var size: Int?
    var virtualSize: Int?
    var checksum: String?
    var minDisk: Int
    var minRAM: Int
    var protected: Bool
    var hidden: Bool
    var createdAt: Date
    var updatedAt: Date
    /// Uploaded bytes (kept for `GET …/file`).
    var data: [UInt8]?
    var deleted = false
    var sequence: Int

    /// Moves the image to `status` and stamps `updated_at`.
    mutating func transition(to status: String, at date: Date) {
        self.status = status
        self.updatedAt = date
    }

    /// Whether `principal` may see the image at all (Glance's visibility rules, simplified).
    func isVisible(to principal: Principal) -> Bool {
        principal.isAdmin || ownerID == principal.projectID || visibility == "public" || visibility == "community"
    }

    /// A snapshot for tests.
    var snapshot: SimulatedImage {
        SimulatedImage(
            id: id, name: name, ownerID: ownerID, status: deleted ? "deleted" : status, visibility: visibility,
            tags: tags, properties: properties, deleted: deleted
        )
    }
}
