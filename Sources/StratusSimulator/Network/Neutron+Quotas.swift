import Foundation

extension CloudState {
    /// The quota resources Neutron knows, with their limit and how many the project holds.
    func networkQuotaUsage(_ projectID: String) -> [(name: String, limit: Int, used: Int)] {
        let limits = configuration.networkQuotas
        let owned = { (standard: NeutronStandard) in standard.projectID == projectID }
        let groups = neutron.securityGroups.values.filter { owned($0.standard) }
        return [
            ("network", limits.networks, neutron.networks.values.filter { owned($0.standard) }.count),
            ("subnet", limits.subnets, neutron.subnets.values.filter { owned($0.standard) }.count),
            ("port", limits.ports, neutron.livePorts.filter { owned($0.standard) }.count),
            ("router", limits.routers, neutron.routers.values.filter { owned($0.standard) }.count),
            ("floatingip", limits.floatingIPs, neutron.liveFloatingIPs.filter { owned($0.standard) }.count),
            ("security_group", limits.securityGroups, groups.count),
            ("security_group_rule", limits.securityGroupRules, groups.reduce(0) { $0 + $1.rules.count }),
        ]
    }

    /// Neutron's 409 `OverQuota` when `projectID` may not hold `adding` more of `resource`.
    func overQuota(_ resource: String, projectID: String, adding: Int = 1) -> SimulatorReply? {
        let limits = configuration.networkQuotas
        let limit: Int
        switch resource {
        case "network": limit = limits.networks
        case "subnet": limit = limits.subnets
        case "port": limit = limits.ports
        case "router": limit = limits.routers
        case "floatingip": limit = limits.floatingIPs
        case "security_group": limit = limits.securityGroups
        default: limit = limits.securityGroupRules
        }
        guard limit >= 0 else { return nil }
        guard let usage = networkQuotaUsage(projectID).first(where: { $0.name == resource }), usage.limit >= 0,
            usage.used + adding > usage.limit
        else { return nil }
        return neutronError(409, "OverQuota", "Quota exceeded for resources: ['\(resource)'].")
    }

    /// `GET /v2.0/quotas/{project_id}` (and `/details` with `used`, `limit`, `reserved`).
    func showNetworkQuota(_ call: ServiceCall, details: Bool) -> SimulatorReply {
        let projectID = call.parameter("project_id")
        guard call.principal.isAdmin || call.principal.owns(projectID) else {
            return neutronError(403, "HTTPForbidden", "Non-admin is not authorized to access quotas for another project")
        }
        var quota: [String: JSON] = ["subnetpool": -1, "rbac_policy": 10, "router_route": 30]
        for usage in networkQuotaUsage(projectID) {
            quota[usage.name] = details ? ["limit": .int(usage.limit), "used": .int(usage.used), "reserved": 0] : .int(usage.limit)
        }
        if details {
            quota["subnetpool"] = ["limit": -1, "used": 0, "reserved": 0]
            quota["rbac_policy"] = ["limit": 10, "used": 0, "reserved": 0]
            quota["router_route"] = ["limit": 30, "used": 0, "reserved": 0]
        }
        return .json(200, ["quota": .object(quota)])
    }
}
