import Foundation

/// Neutron's tag API: `/v2.0/{collection}/{id}/tags[/{tag}]` for networks, subnets, ports,
/// routers, floating IPs and security groups.
extension CloudState {
    /// The most tags a resource may carry.
    static let maximumNeutronTags = 50

    /// The problem with a list of tags, or nil (1–60 characters, no commas, at most 50).
    static func tagProblem(_ tags: [String]) -> String? {
        if tags.count > maximumNeutronTags {
            return "Invalid input for tags. Reason: The number of tags exceeds the limit of \(maximumNeutronTags)."
        }
        for tag in tags where tag.isEmpty || tag.count > 60 || tag.contains(",") {
            return "Invalid input for tags. Reason: '\(tag)' is not a valid tag."
        }
        return nil
    }

    /// The standard attributes of the resource `collection/id` the caller may see; nil with the
    /// reply when it is unknown.
    private func taggable(_ call: ServiceCall) -> Result<NeutronStandard, NeutronBodyError> {
        let id = call.parameter("id")
        let principal = call.principal
        let found: NeutronStandard?
        let missing: SimulatorReply
        switch call.parameter("collection") {
        case "networks":
            found = visibleNetwork(id, for: principal)?.standard
            missing = networkNotFound(id)
        case "subnets":
            found = visibleSubnet(id, for: principal)?.standard
            missing = subnetNotFound(id)
        case "ports":
            found = visiblePort(id, for: principal)?.standard
            missing = portNotFound(id)
        case "routers":
            found = visibleRouter(id, for: principal)?.standard
            missing = routerNotFound(id)
        case "floatingips":
            found = visibleFloatingIP(id, for: principal)?.standard
            missing = floatingIPNotFound(id)
        case "security-groups":
            found = visibleSecurityGroup(id, for: principal)?.standard
            missing = securityGroupNotFound(id)
        default:
            return .failure(NeutronBodyError(reply: neutronError(404, "HTTPNotFound", "The resource could not be found.")))
        }
        guard let found else { return .failure(NeutronBodyError(reply: missing)) }
        return .success(found)
    }

    /// Replaces the tags of the resource named by the call's path.
    private mutating func setTags(_ call: ServiceCall, _ tags: [String]) {
        let id = call.parameter("id")
        func change(_ standard: inout NeutronStandard) {
            standard.tags = tags
            standard.touch(call.now)
        }
        switch call.parameter("collection") {
        case "networks": if neutron.networks[id] != nil { change(&neutron.networks[id]!.standard) }
        case "subnets": if neutron.subnets[id] != nil { change(&neutron.subnets[id]!.standard) }
        case "ports": if neutron.ports[id] != nil { change(&neutron.ports[id]!.standard) }
        case "routers": if neutron.routers[id] != nil { change(&neutron.routers[id]!.standard) }
        case "floatingips": if neutron.floatingIPs[id] != nil { change(&neutron.floatingIPs[id]!.standard) }
        case "security-groups": if neutron.securityGroups[id] != nil { change(&neutron.securityGroups[id]!.standard) }
        default: break
        }
    }

    /// `GET …/tags`.
    func listNeutronTags(_ call: ServiceCall) -> SimulatorReply {
        switch taggable(call) {
        case .success(let standard): return .json(200, ["tags": JSON(standard.tags.sorted())])
        case .failure(let error): return error.reply
        }
    }

    /// `PUT …/tags` with `{"tags": [...]}`: replaces them all; answers the new tags.
    mutating func replaceNeutronTags(_ call: ServiceCall) -> SimulatorReply {
        if case .failure(let error) = taggable(call) { return error.reply }
        guard let tags = call.request.json?["tags"]?.stringArray else {
            return neutronBadRequest("Invalid input for tags. Reason: 'tags' must be a list of strings.")
        }
        if let problem = Self.tagProblem(tags) { return neutronBadRequest(problem) }
        var unique: [String] = []
        for tag in tags where !unique.contains(tag) { unique.append(tag) }
        setTags(call, unique)
        return .json(200, ["tags": JSON(unique.sorted())])
    }

    /// `DELETE …/tags`: 204.
    mutating func deleteAllNeutronTags(_ call: ServiceCall) -> SimulatorReply {
        if case .failure(let error) = taggable(call) { return error.reply }
        setTags(call, [])
        return .empty(204)
    }

    /// `GET …/tags/{tag}`: 204 when present, 404 `TagNotFound` otherwise.
    func checkNeutronTag(_ call: ServiceCall) -> SimulatorReply {
        switch taggable(call) {
        case .success(let standard):
            let tag = call.parameter("tag")
            return standard.tags.contains(tag) ? .empty(204) : tagNotFound(call)
        case .failure(let error):
            return error.reply
        }
    }

    /// `PUT …/tags/{tag}`: 201 (also when already present).
    mutating func addNeutronTag(_ call: ServiceCall) -> SimulatorReply {
        let standard: NeutronStandard
        switch taggable(call) {
        case .success(let found): standard = found
        case .failure(let error): return error.reply
        }
        let tag = call.parameter("tag")
        if !standard.tags.contains(tag) {
            let tags = standard.tags + [tag]
            if let problem = Self.tagProblem(tags) { return neutronBadRequest(problem) }
            setTags(call, tags)
        }
        return .empty(201)
    }

    /// `DELETE …/tags/{tag}`: 204, or 404 `TagNotFound`.
    mutating func deleteNeutronTag(_ call: ServiceCall) -> SimulatorReply {
        let standard: NeutronStandard
        switch taggable(call) {
        case .success(let found): standard = found
        case .failure(let error): return error.reply
        }
        let tag = call.parameter("tag")
        guard standard.tags.contains(tag) else { return tagNotFound(call) }
        setTags(call, standard.tags.filter { $0 != tag })
        return .empty(204)
    }

    private func tagNotFound(_ call: ServiceCall) -> SimulatorReply {
        let kind = String(call.parameter("collection").dropLast())
        return neutronError(
            404, "TagNotFound", "Tag \(call.parameter("tag")) could not be found for \(kind) \(call.parameter("id")).")
    }
}
