import Foundation

extension CloudState {
    /// The subnet `id` as `principal` sees it: its own, and those of networks it may see.
    func visibleSubnet(_ id: String, for principal: Principal) -> SubnetRecord? {
        guard let subnet = neutron.subnets[id] else { return nil }
        if neutronOwns(subnet.standard, principal) { return subnet }
        return visibleNetwork(subnet.networkID, for: principal) != nil ? subnet : nil
    }

    /// Neutron's 404 for a subnet.
    func subnetNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "SubnetNotFound", "Subnet \(id) could not be found.")
    }

    /// `GET /v2.0/subnets`.
    func listSubnets(_ call: ServiceCall) -> SimulatorReply {
        let items = listed(neutron.subnets, call) { visibleSubnet($0.id, for: call.principal) != nil }.map(subnetView)
        return neutronList(call, collection: "subnets", path: "subnets", items: items)
    }

    /// `GET /v2.0/subnets/{id}`.
    func showSubnet(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let subnet = visibleSubnet(id, for: call.principal) else { return subnetNotFound(id) }
        return .json(200, ["subnet": .object(subnetView(subnet))])
    }

    /// `POST /v2.0/subnets`: IPv4 only; the gateway defaults to the first host and the allocation
    /// pool to the rest of the CIDR.
    mutating func createSubnet(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "subnet", allowed: ["network_id", "cidr", "ip_version", "gateway_ip", "enable_dhcp", "allocation_pools", "dns_nameservers", "host_routes", "subnetpool_id", "prefixlen", "ipv6_ra_mode", "ipv6_address_mode", "service_types", "segment_id", "dns_publish_fixed_ip"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        guard let networkID = body["network_id"]?.stringValue else {
            return neutronBadRequest("Failed to parse request. Required attribute 'network_id' not specified")
        }
        guard let network = visibleNetwork(networkID, for: call.principal) else { return networkNotFound(networkID) }
        guard neutronOwns(network.standard, call.principal) else {
            return neutronError(403, "PolicyNotAuthorized", "(rule:create_subnet and rule:create_subnet:network_id) is disallowed by policy")
        }
        guard let version = body["ip_version"]?.intValue else {
            return neutronBadRequest("Failed to parse request. Required attribute 'ip_version' not specified")
        }
        guard version == 4 else {
            return neutronBadRequest("Invalid input for ip_version. Reason: the Stratus simulator serves IPv4 subnets only.")
        }
        guard let cidrText = body["cidr"]?.stringValue, let block = IPv4Block(cidrText), block.prefix <= 30 else {
            let given = body["cidr"]?.stringValue ?? "None"
            return neutronBadRequest("Invalid input for cidr. Reason: '\(given)' is not a valid IP subnet.")
        }
        for other in network.subnetIDs.compactMap({ neutron.subnets[$0] }) where other.block.overlaps(block) {
            return neutronBadRequest(
                "Invalid input for operation: Requested subnet with cidr: \(block.text) for network: \(networkID) overlaps with another subnet.")
        }
        var gateway: UInt32? = block.firstHost
        if let given = body["gateway_ip"] {
            if given.isNull {
                gateway = nil
            } else if let text = given.stringValue, let address = IPv4Block.address(text), block.contains(address) {
                gateway = address
            } else {
                return neutronBadRequest("Invalid input for gateway_ip. Reason: '\(given.stringValue ?? given.serialized())' is not a valid IP address.")
            }
        }
        var pools: [SubnetRecord.Pool] = []
        if let given = body["allocation_pools"]?.arrayValue {
            for entry in given {
                guard let start = entry["start"]?.stringValue.flatMap(IPv4Block.address),
                    let end = entry["end"]?.stringValue.flatMap(IPv4Block.address), start <= end,
                    block.contains(start), block.contains(end)
                else {
                    return neutronBadRequest("The allocation pool \(entry.serialized()) spans beyond the subnet cidr \(block.text).")
                }
                pools.append(SubnetRecord.Pool(start: start, end: end))
            }
        } else {
            let start = block.firstHost
            pools = [SubnetRecord.Pool(start: gateway == start ? start + 1 : start, end: block.lastHost)]
        }
        let standard = newStandard(body, call, tags: tags)
        if let refusal = overQuota("subnet", projectID: standard.projectID) { return refusal }
        let subnet = SubnetRecord(
            standard: standard, name: body["name"]?.stringValue ?? "", networkID: networkID, block: block,
            gatewayIP: gateway, enableDHCP: body["enable_dhcp"]?.boolValue ?? true, pools: pools,
            dnsNameservers: body["dns_nameservers"]?.stringArray ?? [])
        neutron.subnets[subnet.id] = subnet
        neutron.networks[networkID]?.subnetIDs.append(subnet.id)
        neutron.networks[networkID]?.standard.touch(call.now)
        return .json(201, ["subnet": .object(subnetView(subnet))])
    }

    /// `PUT /v2.0/subnets/{id}`: name, description, enable_dhcp, dns_nameservers, gateway_ip.
    mutating func updateSubnet(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var subnet = visibleSubnet(id, for: call.principal) else { return subnetNotFound(id) }
        guard neutronOwns(subnet.standard, call.principal) else {
            return neutronError(403, "PolicyNotAuthorized", "(rule:update_subnet) is disallowed by policy")
        }
        let body: [String: JSON]
        switch neutronBody(call, "subnet", allowed: ["enable_dhcp", "dns_nameservers", "gateway_ip", "host_routes", "allocation_pools", "service_types", "segment_id", "dns_publish_fixed_ip"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let name = body["name"]?.stringValue { subnet.name = name }
        if let description = body["description"]?.stringValue { subnet.standard.description = description }
        if let dhcp = body["enable_dhcp"]?.boolValue { subnet.enableDHCP = dhcp }
        if let servers = body["dns_nameservers"]?.stringArray { subnet.dnsNameservers = servers }
        if let gateway = body["gateway_ip"] {
            subnet.gatewayIP = gateway.stringValue.flatMap(IPv4Block.address).flatMap { subnet.block.contains($0) ? $0 : nil }
        }
        subnet.standard.touch(call.now)
        neutron.subnets[id] = subnet
        return .json(200, ["subnet": .object(subnetView(subnet))])
    }

    /// `DELETE /v2.0/subnets/{id}`: 204; 409 `SubnetInUse` while a port has an address from it.
    mutating func deleteSubnet(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let subnet = visibleSubnet(id, for: call.principal) else { return subnetNotFound(id) }
        guard neutronOwns(subnet.standard, call.principal) else {
            return neutronError(403, "PolicyNotAuthorized", "(rule:delete_subnet) is disallowed by policy")
        }
        let inUse = neutron.livePorts.contains { port in port.fixedIPs.contains { $0.subnetID == id } }
            || neutron.liveFloatingIPs.contains { $0.subnetID == id }
            || neutron.routers.values.contains { router in router.externalFixedIPs.contains { $0.subnetID == id } }
        if inUse {
            return neutronError(
                409, "SubnetInUse",
                "Unable to complete operation on subnet \(id): One or more ports have an IP allocation from this subnet.")
        }
        neutron.subnets[id] = nil
        neutron.networks[subnet.networkID]?.subnetIDs.removeAll { $0 == id }
        neutron.networks[subnet.networkID]?.standard.touch(call.now)
        return .empty(204)
    }
}
