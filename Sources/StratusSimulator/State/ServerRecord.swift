import Foundation

/// One Nova server and everything the simulator tracks about it.
struct ServerRecord: Sendable {
    /// A fault recorded on a server in `ERROR`.
    struct Fault: Sendable {
        var code: Int
        var message: String
        var details: String
        var created: Date
    }

    /// A volume attached (or being attached) to the server.
    struct Attachment: Sendable {
        var volumeID: String
        var attachmentID: String
        var bdmID: String
        var device: String
        var tag: String?
        var deleteOnTermination: Bool
    }

    var id: String
    var name: String
    var projectID: String
    var userID: String
    var imageID: String
    var flavor: Flavor
    var metadata: [String: String]
    var tags: [String]
    var status: String
    var vmState: String
    var taskState: String?
    var powerState: Int
    var host: String?
    var previousHost: String?
    var previousFlavor: Flavor?
    var createdAt: Date
    var updatedAt: Date
    var launchedAt: Date?
    var terminatedAt: Date?
    var fault: Fault?
    var deleted = false
    var availabilityZone: String
    var keyName: String?
    var description: String?
    var adminPass: String
    var locked = false
    var lockedReason: String?
    var configDrive: Bool
    var attachments: [Attachment] = []
    var networkRequested: Bool
    /// The server's Neutron ports, in attach order.
    var portIDs: [String] = []
    /// The names of the security groups asked for at create (`default` when none were).
    var securityGroupNames: [String] = []
    /// The base64 `user_data` given at create.
    var userData: String?
    /// Creation order, to break ties between servers created in the same instant.
    var sequence: Int
    /// The number of the server, for the admin-only `instance-0000000N` name.
    var instanceNumber: Int

    /// Moves the server to a new state and stamps `updated`.
    mutating func transition(status: String, vmState: String, taskState: String?, powerState: Int, at date: Date) {
        self.status = status
        self.vmState = vmState
        self.taskState = taskState
        self.powerState = powerState
        self.updatedAt = date
    }

    /// Sets only the task state and stamps `updated` (Nova bumps `updated_at` on every save).
    mutating func setTask(_ taskState: String?, at date: Date) {
        self.taskState = taskState
        self.updatedAt = date
    }

    /// A snapshot for tests.
    var snapshot: SimulatedServer {
        SimulatedServer(
            id: id, name: name, projectID: projectID, status: deleted ? "DELETED" : status,
            tags: tags, metadata: metadata, host: host, faultMessage: fault?.message, deleted: deleted
        )
    }
}
