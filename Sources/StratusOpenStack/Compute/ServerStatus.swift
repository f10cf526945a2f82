/// A Nova server status (`status` field). Unknown values decode as they are.
public struct ServerStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active: ServerStatus = "ACTIVE"
    public static let build: ServerStatus = "BUILD"
    public static let deleted: ServerStatus = "DELETED"
    public static let error: ServerStatus = "ERROR"
    public static let hardReboot: ServerStatus = "HARD_REBOOT"
    public static let migrating: ServerStatus = "MIGRATING"
    public static let paused: ServerStatus = "PAUSED"
    public static let reboot: ServerStatus = "REBOOT"
    public static let rebuild: ServerStatus = "REBUILD"
    public static let rescue: ServerStatus = "RESCUE"
    public static let resize: ServerStatus = "RESIZE"
    public static let revertResize: ServerStatus = "REVERT_RESIZE"
    public static let shelved: ServerStatus = "SHELVED"
    public static let shelvedOffloaded: ServerStatus = "SHELVED_OFFLOADED"
    public static let shutoff: ServerStatus = "SHUTOFF"
    public static let softDeleted: ServerStatus = "SOFT_DELETED"
    public static let suspended: ServerStatus = "SUSPENDED"
    public static let unknown: ServerStatus = "UNKNOWN"
    public static let verifyResize: ServerStatus = "VERIFY_RESIZE"
}
