import Foundation

/// How Neutron renders its resources.
extension CloudState {
    /// The standard attributes every resource shows.
    static func standardView(_ standard: NeutronStandard) -> [String: JSON] {
        [
            "id": .string(standard.id),
            "tenant_id": .string(standard.projectID),
            "project_id": .string(standard.projectID),
            "description": .string(standard.description),
            "tags": JSON(standard.tags.sorted()),
            "created_at": .string(Timestamp.seconds(standard.createdAt)),
            "updated_at": .string(Timestamp.seconds(standard.updatedAt)),
            "revision_number": .int(standard.revision),
        ]
    }

    /// A network.
    func networkView(_ network: NetworkRecord) -> [String: JSON] {
        var body = Self.standardView(network.standard)
        body["name"] = .string(network.name)
        body["admin_state_up"] = .bool(network.adminStateUp)
        body["mtu"] = .int(network.mtu)
        body["status"] = "ACTIVE"
        body["subnets"] = JSON(network.subnetIDs)
        body["shared"] = .bool(network.shared)
        body["router:external"] = .bool(network.external)
        body["availability_zone_hints"] = []
        body["availability_zones"] = []
        body["ipv4_address_scope"] = nil
        body["ipv6_address_scope"] = nil
        body["port_security_enabled"] = true
        if network.external { body["is_default"] = false }
        return body
    }

    /// A subnet.
    func subnetView(_ subnet: SubnetRecord) -> [String: JSON] {
        var body = Self.standardView(subnet.standard)
        body["name"] = .string(subnet.name)
        body["network_id"] = .string(subnet.networkID)
        body["ip_version"] = 4
        body["subnetpool_id"] = nil
        body["enable_dhcp"] = .bool(subnet.enableDHCP)
        body["ipv6_ra_mode"] = nil
        body["ipv6_address_mode"] = nil
        body["gateway_ip"] = JSON(subnet.gatewayIP.map(IPv4Block.text))
        body["cidr"] = .string(subnet.block.text)
        body["allocation_pools"] = .array(
            subnet.pools.map { ["start": .string(IPv4Block.text($0.start)), "end": .string(IPv4Block.text($0.end))] })
        body["host_routes"] = []
        body["dns_nameservers"] = JSON(subnet.dnsNameservers)
        body["service_types"] = []
        body["router:external"] = .bool(neutron.networks[subnet.networkID]?.external ?? false)
        return body
    }

    /// A port; admins also see the binding attributes.
    func portView(_ port: PortRecord, admin: Bool) -> [String: JSON] {
        var body = Self.standardView(port.standard)
        body["name"] = .string(port.name)
        body["network_id"] = .string(port.networkID)
        body["mac_address"] = .string(port.macAddress)
        body["admin_state_up"] = .bool(port.adminStateUp)
        body["status"] = .string(port.status)
        body["device_id"] = .string(port.deviceID)
        body["device_owner"] = .string(port.deviceOwner)
        body["fixed_ips"] = .array(
            port.fixedIPs.map { ["subnet_id": .string($0.subnetID), "ip_address": .string(IPv4Block.text($0.address))] })
        body["security_groups"] = JSON(port.securityGroupIDs)
        body["port_security_enabled"] = true
        body["binding:vnic_type"] = "normal"
        body["allowed_address_pairs"] = []
        body["extra_dhcp_opts"] = []
        if admin {
            body["binding:host_id"] = .string(port.bindingHost ?? "")
            body["binding:profile"] = [:]
            body["binding:vif_details"] = [:]
            body["binding:vif_type"] = port.bindingHost == nil ? "unbound" : "ovs"
        }
        return body
    }

    /// A router; admins also see `distributed` and `ha`.
    func routerView(_ router: RouterRecord, admin: Bool) -> [String: JSON] {
        var body = Self.standardView(router.standard)
        body["name"] = .string(router.name)
        body["admin_state_up"] = .bool(router.adminStateUp)
        body["status"] = "ACTIVE"
        if let network = router.externalNetworkID {
            body["external_gateway_info"] = [
                "network_id": .string(network),
                "enable_snat": .bool(router.enableSNAT),
                "external_fixed_ips": .array(
                    router.externalFixedIPs.map {
                        ["subnet_id": .string($0.subnetID), "ip_address": .string(IPv4Block.text($0.address))]
                    }),
            ]
        } else {
            body["external_gateway_info"] = nil
        }
        body["routes"] = []
        body["availability_zone_hints"] = []
        body["availability_zones"] = []
        body["flavor_id"] = nil
        if admin {
            body["distributed"] = false
            body["ha"] = false
        }
        return body
    }

    /// A floating IP, with `port_details` of its port.
    func floatingIPView(_ floatingIP: FloatingIPRecord) -> [String: JSON] {
        var body = Self.standardView(floatingIP.standard)
        body["floating_ip_address"] = .string(IPv4Block.text(floatingIP.address))
        body["floating_network_id"] = .string(floatingIP.floatingNetworkID)
        body["router_id"] = JSON(floatingIP.routerID)
        body["port_id"] = JSON(floatingIP.portID)
        body["fixed_ip_address"] = JSON(floatingIP.fixedAddress.map(IPv4Block.text))
        body["status"] = .string(floatingIP.status)
        if let portID = floatingIP.portID, let port = neutron.ports[portID], !port.deleted {
            body["port_details"] = [
                "name": .string(port.name), "network_id": .string(port.networkID),
                "mac_address": .string(port.macAddress), "admin_state_up": .bool(port.adminStateUp),
                "status": .string(port.status), "device_id": .string(port.deviceID),
                "device_owner": .string(port.deviceOwner),
            ]
        } else {
            body["port_details"] = nil
        }
        return body
    }

    /// A security group with its rules.
    func securityGroupView(_ group: SecurityGroupRecord) -> [String: JSON] {
        var body = Self.standardView(group.standard)
        body["name"] = .string(group.name)
        body["stateful"] = .bool(group.stateful)
        body["shared"] = false
        body["security_group_rules"] = .array(group.rules.map { .object(securityGroupRuleView($0)) })
        return body
    }

    /// A security group rule.
    func securityGroupRuleView(_ rule: SecurityGroupRuleRecord) -> [String: JSON] {
        var body = Self.standardView(rule.standard)
        body["security_group_id"] = .string(rule.groupID)
        body["direction"] = .string(rule.direction)
        body["ethertype"] = .string(rule.ethertype)
        body["protocol"] = JSON(rule.ipProtocol)
        body["port_range_min"] = JSON(rule.portRangeMin)
        body["port_range_max"] = JSON(rule.portRangeMax)
        body["remote_ip_prefix"] = JSON(rule.remoteIPPrefix)
        body["normalized_cidr"] = JSON(rule.remoteIPPrefix)
        body["remote_group_id"] = JSON(rule.remoteGroupID)
        body["remote_address_group_id"] = nil
        body["belongs_to_default_sg"] = .bool(rule.belongsToDefault)
        return body
    }
}
