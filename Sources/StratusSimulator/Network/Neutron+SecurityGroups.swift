import Foundation

extension CloudState {
    /// The id of `projectID`'s `default` security group, made (with Neutron's four default rules)
    /// the first time it is needed, as Neutron does.
    mutating func ensureDefaultSecurityGroup(projectID: String, now: Date) -> String {
        if let id = neutron.defaultGroups[projectID], neutron.securityGroups[id] != nil { return id }
        let id = Self.uuid()
        var group = SecurityGroupRecord(
            standard: NeutronStandard(
                id: id, projectID: projectID, description: "Default security group", createdAt: now, updatedAt: now,
                revision: 1, sequence: nextSequence()),
            name: "default")
        for (direction, ethertype, remote) in [
            ("egress", "IPv4", nil), ("egress", "IPv6", nil), ("ingress", "IPv4", id), ("ingress", "IPv6", id),
        ] as [(String, String, String?)] {
            group.rules.append(
                SecurityGroupRuleRecord(
                    standard: NeutronStandard(id: Self.uuid(), projectID: projectID, createdAt: now, updatedAt: now, sequence: nextSequence()),
                    groupID: id, direction: direction, ethertype: ethertype, remoteGroupID: remote, belongsToDefault: true))
        }
        neutron.securityGroups[id] = group
        neutron.defaultGroups[projectID] = id
        return id
    }

    /// The security group `id` as `principal` sees it.
    func visibleSecurityGroup(_ id: String, for principal: Principal) -> SecurityGroupRecord? {
        guard let group = neutron.securityGroups[id], neutronOwns(group.standard, principal) else { return nil }
        return group
    }

    /// Neutron's 404 for a security group.
    func securityGroupNotFound(_ id: String) -> SimulatorReply {
        neutronError(404, "SecurityGroupNotFound", "Security group \(id) does not exist")
    }

    /// `GET /v2.0/security-groups` (makes the caller's `default` group first).
    mutating func listSecurityGroups(_ call: ServiceCall) -> SimulatorReply {
        _ = ensureDefaultSecurityGroup(projectID: call.principal.projectID, now: call.now)
        let items = listed(neutron.securityGroups, call) { neutronOwns($0.standard, call.principal) }.map(securityGroupView)
        return neutronList(call, collection: "security_groups", path: "security-groups", items: items)
    }

    /// `GET /v2.0/security-groups/{id}`.
    func showSecurityGroup(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let group = visibleSecurityGroup(id, for: call.principal) else { return securityGroupNotFound(id) }
        return .json(200, ["security_group": .object(securityGroupView(group))])
    }

    /// `POST /v2.0/security-groups`: 201 with the two egress rules Neutron adds to every new group.
    mutating func createSecurityGroup(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON], tags: [String]
        switch neutronCreateBody(call, "security_group", allowed: ["stateful", "shared"]) {
        case .success(let parsed): (body, tags) = parsed
        case .failure(let error): return error.reply
        }
        let projectID = owningProject(body, call)
        _ = ensureDefaultSecurityGroup(projectID: projectID, now: call.now)
        let name = body["name"]?.stringValue ?? ""
        if name == "default" {
            return neutronError(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.")
        }
        if let refusal = overQuota("security_group", projectID: projectID) { return refusal }
        var standard = newStandard(body, call, tags: tags)
        standard.projectID = projectID
        standard.revision = 1
        var group = SecurityGroupRecord(standard: standard, name: name)
        group.stateful = body["stateful"]?.boolValue ?? true
        for ethertype in ["IPv4", "IPv6"] {
            group.rules.append(
                SecurityGroupRuleRecord(
                    standard: NeutronStandard(id: Self.uuid(), projectID: projectID, createdAt: call.now, updatedAt: call.now, sequence: nextSequence()),
                    groupID: group.id, direction: "egress", ethertype: ethertype, belongsToDefault: false))
        }
        neutron.securityGroups[group.id] = group
        return .json(201, ["security_group": .object(securityGroupView(group))])
    }

    /// `PUT /v2.0/security-groups/{id}`: name and description.
    mutating func updateSecurityGroup(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard var group = visibleSecurityGroup(id, for: call.principal) else { return securityGroupNotFound(id) }
        let body: [String: JSON]
        switch neutronBody(call, "security_group", allowed: ["stateful"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        if let name = body["name"]?.stringValue {
            if group.name == "default" && name != "default" {
                return neutronError(409, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.")
            }
            group.name = name
        }
        if let description = body["description"]?.stringValue { group.standard.description = description }
        group.standard.touch(call.now)
        neutron.securityGroups[id] = group
        return .json(200, ["security_group": .object(securityGroupView(group))])
    }

    /// `DELETE /v2.0/security-groups/{id}`: 204; 409 while a port uses it, and for the `default`
    /// group of a non-admin.
    mutating func deleteSecurityGroup(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let group = visibleSecurityGroup(id, for: call.principal) else { return securityGroupNotFound(id) }
        if group.name == "default" && !call.principal.isAdmin {
            return neutronError(409, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.")
        }
        if neutron.livePorts.contains(where: { $0.securityGroupIDs.contains(id) }) {
            return neutronError(409, "SecurityGroupInUse", "Security Group \(id) in use.")
        }
        neutron.securityGroups[id] = nil
        if neutron.defaultGroups[group.standard.projectID] == id { neutron.defaultGroups[group.standard.projectID] = nil }
        return .empty(204)
    }

    /// Every rule the caller may see.
    private func visibleRules(_ principal: Principal) -> [SecurityGroupRuleRecord] {
        neutron.securityGroups.values.filter { neutronOwns($0.standard, principal) }
            .flatMap(\.rules).sorted { $0.standard.sequence < $1.standard.sequence }
    }

    /// `GET /v2.0/security-group-rules`.
    func listSecurityGroupRules(_ call: ServiceCall) -> SimulatorReply {
        let items = visibleRules(call.principal).map(securityGroupRuleView)
        return neutronList(call, collection: "security_group_rules", path: "security-group-rules", items: items)
    }

    /// `GET /v2.0/security-group-rules/{id}`.
    func showSecurityGroupRule(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let rule = visibleRules(call.principal).first(where: { $0.id == id }) else {
            return neutronError(404, "SecurityGroupRuleNotFound", "Security group rule \(id) does not exist")
        }
        return .json(200, ["security_group_rule": .object(securityGroupRuleView(rule))])
    }

    /// `POST /v2.0/security-group-rules`: 201; 409 `SecurityGroupRuleExists` for a duplicate.
    mutating func createSecurityGroupRule(_ call: ServiceCall) -> SimulatorReply {
        let body: [String: JSON]
        switch neutronBody(call, "security_group_rule", allowed: ["security_group_id", "direction", "ethertype", "protocol", "port_range_min", "port_range_max", "remote_ip_prefix", "remote_group_id", "remote_address_group_id"]) {
        case .success(let object): body = object
        case .failure(let error): return error.reply
        }
        guard let groupID = body["security_group_id"]?.stringValue else {
            return neutronBadRequest("Failed to parse request. Required attribute 'security_group_id' not specified")
        }
        guard let group = visibleSecurityGroup(groupID, for: call.principal) else { return securityGroupNotFound(groupID) }
        guard let direction = body["direction"]?.stringValue, ["ingress", "egress"].contains(direction) else {
            let given = body["direction"]?.stringValue ?? "None"
            return neutronBadRequest("Invalid input for direction. Reason: \(given) is not in valid_values.")
        }
        let ethertype = body["ethertype"]?.stringValue ?? "IPv4"
        guard ["IPv4", "IPv6"].contains(ethertype) else {
            return neutronBadRequest("Invalid input for ethertype. Reason: \(ethertype) is not in valid_values.")
        }
        let ipProtocol = body["protocol"]?.stringValue ?? body["protocol"]?.intValue.map(String.init)
        let minimum = body["port_range_min"]?.intValue
        let maximum = body["port_range_max"]?.intValue
        if let minimum, let maximum, minimum > maximum {
            return neutronBadRequest("For TCP/UDP protocols, port_range_min must be <= port_range_max")
        }
        if (minimum != nil || maximum != nil) && ipProtocol == nil {
            return neutronBadRequest("Must also specify protocol if port range is given.")
        }
        let remotePrefix = body["remote_ip_prefix"]?.stringValue.map { IPv4Block($0)?.text ?? $0 }
        let remoteGroup = body["remote_group_id"]?.stringValue
        if remotePrefix != nil && remoteGroup != nil {
            return neutronBadRequest("Only remote_ip_prefix or remote_group_id may be provided.")
        }
        if let remoteGroup, neutron.securityGroups[remoteGroup] == nil { return securityGroupNotFound(remoteGroup) }
        if let existing = group.rules.first(where: {
            $0.direction == direction && $0.ethertype == ethertype && $0.ipProtocol == ipProtocol
                && $0.portRangeMin == minimum && $0.portRangeMax == maximum && $0.remoteIPPrefix == remotePrefix
                && $0.remoteGroupID == remoteGroup
        }) {
            return neutronError(409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is \(existing.id).")
        }
        if let refusal = overQuota("security_group_rule", projectID: group.standard.projectID) { return refusal }
        var standard = newStandard(body, call, tags: [])
        standard.projectID = group.standard.projectID
        let rule = SecurityGroupRuleRecord(
            standard: standard, groupID: groupID, direction: direction, ethertype: ethertype, ipProtocol: ipProtocol,
            portRangeMin: minimum, portRangeMax: maximum, remoteIPPrefix: remotePrefix, remoteGroupID: remoteGroup,
            belongsToDefault: group.name == "default")
        neutron.securityGroups[groupID]?.rules.append(rule)
        neutron.securityGroups[groupID]?.standard.touch(call.now)
        return .json(201, ["security_group_rule": .object(securityGroupRuleView(rule))])
    }

    /// `DELETE /v2.0/security-group-rules/{id}`: 204.
    mutating func deleteSecurityGroupRule(_ call: ServiceCall) -> SimulatorReply {
        let id = call.parameter("id")
        guard let rule = visibleRules(call.principal).first(where: { $0.id == id }) else {
            return neutronError(404, "SecurityGroupRuleNotFound", "Security group rule \(id) does not exist")
        }
        neutron.securityGroups[rule.groupID]?.rules.removeAll { $0.id == id }
        neutron.securityGroups[rule.groupID]?.standard.touch(call.now)
        return .empty(204)
    }
}
