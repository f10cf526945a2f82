/// Neutron's per-project quota limits; -1 means unlimited.
public struct NetworkQuotaLimits: Sendable, Hashable, Codable {
    /// Floating IPs (`floatingip`). Default: -1.
    public var floatingIPs: Int
    /// Networks (`network`). Default: -1.
    public var networks: Int
    /// Subnets (`subnet`). Default: -1.
    public var subnets: Int
    /// Ports (`port`). Default: -1.
    public var ports: Int
    /// Routers (`router`). Default: -1.
    public var routers: Int
    /// Security groups (`security_group`), the `default` group included. Default: -1.
    public var securityGroups: Int
    /// Security group rules (`security_group_rule`). Default: -1.
    public var securityGroupRules: Int

    /// Creates limits; every parameter defaults to unlimited (-1).
    public init(
        floatingIPs: Int = -1, networks: Int = -1, subnets: Int = -1, ports: Int = -1, routers: Int = -1,
        securityGroups: Int = -1, securityGroupRules: Int = -1
    ) {
        self.floatingIPs = floatingIPs
        self.networks = networks
        self.subnets = subnets
        self.ports = ports
        self.routers = routers
        self.securityGroups = securityGroups
        self.securityGroupRules = securityGroupRules
    }
}
