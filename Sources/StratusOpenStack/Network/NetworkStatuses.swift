/// A Neutron network's status (`ACTIVE`, `DOWN`, `BUILD`, `ERROR`). Unknown values decode as they are.
public struct NetworkStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active: NetworkStatus = "ACTIVE"
    public static let down: NetworkStatus = "DOWN"
    public static let build: NetworkStatus = "BUILD"
    public static let error: NetworkStatus = "ERROR"
}

/// A Neutron port's status. A port is `DOWN` until an agent binds it (`ACTIVE`); an unbound port
/// (no `device_owner`) stays `DOWN`. Unknown values decode as they are.
public struct PortStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active: PortStatus = "ACTIVE"
    public static let down: PortStatus = "DOWN"
    public static let build: PortStatus = "BUILD"
    public static let error: PortStatus = "ERROR"
}

/// A Neutron router's status. Unknown values decode as they are.
public struct RouterStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active: RouterStatus = "ACTIVE"
    public static let down: RouterStatus = "DOWN"
    public static let build: RouterStatus = "BUILD"
    public static let error: RouterStatus = "ERROR"
}

/// A floating IP's status: `DOWN` when created or disassociated, `ACTIVE` once the L3 agent has
/// set up an association. Unknown values decode as they are.
public struct FloatingIPStatus: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let active: FloatingIPStatus = "ACTIVE"
    public static let down: FloatingIPStatus = "DOWN"
    public static let error: FloatingIPStatus = "ERROR"
}

/// The direction of a security group rule.
public struct SecurityGroupRuleDirection: StatusValue {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Traffic into the port.
    public static let ingress: SecurityGroupRuleDirection = "ingress"
    /// Traffic out of the port.
    public static let egress: SecurityGroupRuleDirection = "egress"
}
