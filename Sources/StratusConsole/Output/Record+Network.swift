import Foundation
import StratusOpenStack

extension Record {
    /// A Neutron network's fields.
    public static func network(_ network: Network) -> Record {
        Record([
            ("name", .string(network.name)), ("id", .string(network.id)), ("status", .string(network.status.rawValue)),
            ("external", .bool(network.isExternal)), ("shared", .bool(network.isShared)), ("subnets", .list(network.subnetIDs)),
            ("project", .optional(network.projectID)), ("tags", .list(network.tags)),
        ])
    }

    /// A subnet's fields.
    public static func subnet(_ subnet: Subnet) -> Record {
        Record([
            ("name", .string(subnet.name)), ("id", .string(subnet.id)), ("network_id", .string(subnet.networkID)),
            ("cidr", .string(subnet.cidr)), ("ip_version", .int(subnet.ipVersion)), ("gateway_ip", .optional(subnet.gatewayIP)),
            ("dhcp", .bool(subnet.enableDHCP)),
        ])
    }

    /// A port's fields; `fixed_ips` lists its addresses.
    public static func port(_ port: StratusOpenStack.Port) -> Record {
        Record([
            ("name", .string(port.name)), ("id", .string(port.id)), ("status", .string(port.status.rawValue)),
            ("network_id", .string(port.networkID)), ("fixed_ips", .list(port.fixedIPs.compactMap(\.ipAddress))),
            ("mac_address", .optional(port.macAddress)), ("device_id", .optional(port.deviceID.isEmpty ? nil : port.deviceID)),
            ("device_owner", .optional(port.deviceOwner.isEmpty ? nil : port.deviceOwner)),
            ("security_groups", .list(port.securityGroupIDs)),
        ])
    }

    /// A router's fields.
    public static func router(_ router: Router) -> Record {
        Record([
            ("name", .string(router.name)), ("id", .string(router.id)), ("status", .string(router.status.rawValue)),
            ("external_network_id", .optional(router.externalGateway?.networkID)),
            ("external_ips", .list(router.externalGateway?.externalFixedIPs.compactMap(\.ipAddress) ?? [])),
        ])
    }

    /// A floating IP's fields.
    public static func floatingIP(_ ip: FloatingIP) -> Record {
        Record([
            ("address", .string(ip.floatingIPAddress)), ("id", .string(ip.id)), ("status", .string(ip.status.rawValue)),
            ("network_id", .string(ip.floatingNetworkID)), ("port_id", .optional(ip.portID)),
            ("fixed_ip", .optional(ip.fixedIPAddress)), ("router_id", .optional(ip.routerID)),
        ])
    }

    /// A security group's fields; `rules` has one line per rule (``securityGroupRuleSummary(_:)``).
    public static func securityGroup(_ group: SecurityGroup) -> Record {
        Record([
            ("name", .string(group.name)), ("id", .string(group.id)), ("description", .string(group.description)),
            ("rules", .list(group.rules.map(securityGroupRuleSummary))),
        ])
    }

    /// A security group rule's fields.
    public static func securityGroupRule(_ rule: SecurityGroupRule) -> Record {
        Record([
            ("id", .string(rule.id)), ("security_group_id", .string(rule.securityGroupID)),
            ("direction", .string(rule.direction.rawValue)), ("ethertype", .string(rule.ethertype)),
            ("protocol", .optional(rule.protocol)), ("port_range_min", rule.portRangeMin.map(Value.int) ?? .null),
            ("port_range_max", rule.portRangeMax.map(Value.int) ?? .null), ("remote_ip_prefix", .optional(rule.remoteIPPrefix)),
            ("remote_group_id", .optional(rule.remoteGroupID)),
        ])
    }

    /// One rule as a short line: `ingress tcp 22 from 0.0.0.0/0 (id)`.
    public static func securityGroupRuleSummary(_ rule: SecurityGroupRule) -> String {
        var text = "\(rule.direction.rawValue) \(rule.ethertype) \(rule.protocol ?? "any")"
        switch (rule.portRangeMin, rule.portRangeMax) {
        case let (min?, max?) where min == max: text += " \(min)"
        case let (min?, max?): text += " \(min):\(max)"
        default: break
        }
        if let prefix = rule.remoteIPPrefix { text += " \(rule.direction.rawValue == "egress" ? "to" : "from") \(prefix)" }
        if let group = rule.remoteGroupID { text += " group \(group)" }
        return text + " (\(rule.id))"
    }

    /// A key pair's fields. The private key is never among them: `private_key_file` says where
    /// the command wrote it (nil when the cloud generated none, e.g. an imported public key).
    public static func keyPair(_ pair: KeyPair, privateKeyFile: String? = nil) -> Record {
        Record([
            ("name", .string(pair.name)), ("fingerprint", .optional(pair.fingerprint)), ("type", .string(pair.type)),
            ("private_key_file", .optional(privateKeyFile)),
        ])
    }

    /// A server record with its floating IP appended (`floating_ip`, `floating_ip_id`, `floating_ip_status`).
    public static func server(_ server: Server, floatingIP: FloatingIP?) -> Record {
        var record = Record.server(server)
        record.fields += [
            (name: "floating_ip", value: .optional(floatingIP?.floatingIPAddress)),
            (name: "floating_ip_id", value: .optional(floatingIP?.id)),
            (name: "floating_ip_status", value: .optional(floatingIP?.status.rawValue)),
        ]
        return record
    }
}
