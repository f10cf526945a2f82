import Foundation

/// Neutron, the Networking API v2.0 (`/network/v2.0`). No microversions; errors are
/// `{"NeutronError": {"type", "message", "detail"}}`.
enum NeutronService: AuthenticatedService {
    /// The only version.
    static let version = APIVersion(2, 0)

    static let routes: [Route<ServiceHandler>] = [
        Route("GET", "extensions", { state, call in state.listNeutronExtensions(call) }),
        Route("GET", "extensions/{alias}", { state, call in state.showNeutronExtension(call) }),
        Route("GET", "networks", { state, call in state.listNetworks(call) }),
        Route("POST", "networks", create: .always, { state, call in state.createNetwork(call) }),
        Route("GET", "networks/{id}", { state, call in state.showNetwork(call) }),
        Route("PUT", "networks/{id}", { state, call in state.updateNetwork(call) }),
        Route("DELETE", "networks/{id}", { state, call in state.deleteNetwork(call) }),
        Route("GET", "subnets", { state, call in state.listSubnets(call) }),
        Route("POST", "subnets", create: .always, { state, call in state.createSubnet(call) }),
        Route("GET", "subnets/{id}", { state, call in state.showSubnet(call) }),
        Route("PUT", "subnets/{id}", { state, call in state.updateSubnet(call) }),
        Route("DELETE", "subnets/{id}", { state, call in state.deleteSubnet(call) }),
        Route("GET", "ports", { state, call in state.listPorts(call) }),
        Route("POST", "ports", create: .always, { state, call in state.createPort(call) }),
        Route("GET", "ports/{id}", { state, call in state.showPort(call) }),
        Route("PUT", "ports/{id}", { state, call in state.updatePort(call) }),
        Route("DELETE", "ports/{id}", { state, call in state.deletePort(call) }),
        Route("GET", "routers", { state, call in state.listRouters(call) }),
        Route("POST", "routers", create: .always, { state, call in state.createRouter(call) }),
        Route("GET", "routers/{id}", { state, call in state.showRouter(call) }),
        Route("PUT", "routers/{id}", { state, call in state.updateRouter(call) }),
        Route("DELETE", "routers/{id}", { state, call in state.deleteRouter(call) }),
        Route("PUT", "routers/{id}/add_router_interface", { state, call in state.addRouterInterface(call) }),
        Route("PUT", "routers/{id}/remove_router_interface", { state, call in state.removeRouterInterface(call) }),
        Route("GET", "floatingips", { state, call in state.listFloatingIPs(call) }),
        Route("POST", "floatingips", create: .always, { state, call in state.createFloatingIP(call) }),
        Route("GET", "floatingips/{id}", { state, call in state.showFloatingIP(call) }),
        Route("PUT", "floatingips/{id}", { state, call in state.updateFloatingIP(call) }),
        Route("DELETE", "floatingips/{id}", { state, call in state.deleteFloatingIP(call) }),
        Route("GET", "security-groups", { state, call in state.listSecurityGroups(call) }),
        Route("POST", "security-groups", create: .always, { state, call in state.createSecurityGroup(call) }),
        Route("GET", "security-groups/{id}", { state, call in state.showSecurityGroup(call) }),
        Route("PUT", "security-groups/{id}", { state, call in state.updateSecurityGroup(call) }),
        Route("DELETE", "security-groups/{id}", { state, call in state.deleteSecurityGroup(call) }),
        Route("GET", "security-group-rules", { state, call in state.listSecurityGroupRules(call) }),
        Route("POST", "security-group-rules", { state, call in state.createSecurityGroupRule(call) }),
        Route("GET", "security-group-rules/{id}", { state, call in state.showSecurityGroupRule(call) }),
        Route("DELETE", "security-group-rules/{id}", { state, call in state.deleteSecurityGroupRule(call) }),
        Route("GET", "quotas/{project_id}", { state, call in state.showNetworkQuota(call, details: false) }),
        Route("GET", "quotas/{project_id}/details", { state, call in state.showNetworkQuota(call, details: true) }),
        Route("GET", "{collection}/{id}/tags", { state, call in state.listNeutronTags(call) }),
        Route("PUT", "{collection}/{id}/tags", { state, call in state.replaceNeutronTags(call) }),
        Route("DELETE", "{collection}/{id}/tags", { state, call in state.deleteAllNeutronTags(call) }),
        Route("GET", "{collection}/{id}/tags/{tag}", { state, call in state.checkNeutronTag(call) }),
        Route("PUT", "{collection}/{id}/tags/{tag}", { state, call in state.addNeutronTag(call) }),
        Route("DELETE", "{collection}/{id}/tags/{tag}", { state, call in state.deleteNeutronTag(call) }),
    ]

    static var errorStyle: ErrorStyle { .neutron }

    static func negotiate(_ request: APIRequest, state: CloudState) -> NegotiatedVersion {
        .version(version)
    }

    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply {
        reply
    }

    /// The extensions `GET /v2.0/extensions` lists: (alias, name, description).
    static let extensions: [(alias: String, name: String, description: String)] = [
        ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
        ("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."),
        ("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"),
        ("security-group", "security-group", "The security groups extension."),
        ("quotas", "Quota management support", "Expose functions for quotas management per project"),
        ("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"),
        ("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "Enables to set tag on resources with standard attribute."),
        ("tag-creation", "Tag creation extension", "Allow to set tags on resource creation."),
        ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
        ("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
        ("sorting", "Sorting support", "Extension that indicates that sorting is enabled."),
        ("filter-validation", "Filter parameters validation", "Provides validation on filter parameters."),
        ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
        ("port-security", "Port Security", "Provides port security"),
        ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        ("fip-port-details", "Floating IP Port Details Extension", "Add port_details attribute to Floating IP resource"),
        ("stateful-security-group", "Stateful security group", "Indicates if the security group is stateful or not"),
        ("security-groups-rules-belongs-to-default-sg", "Security group rule belongs to the project's default security group", "Flag to determine if the security group rule belongs to the project's default security group"),
    ]
}

extension CloudState {
    /// A Neutron error of exception `type`.
    func neutronError(_ status: Int, _ type: String, _ message: String) -> SimulatorReply {
        ErrorStyle.neutron(status, type: type, message)
    }

    /// Neutron's 400 for a malformed request.
    func neutronBadRequest(_ message: String) -> SimulatorReply {
        neutronError(400, message.hasPrefix("Bad ") ? "BadRequest" : "HTTPBadRequest", message)
    }

    /// Whether `text` is shaped like a UUID (Neutron validates ids in request bodies).
    static func isUUID(_ text: String) -> Bool {
        UUID(uuidString: text) != nil
    }

    /// The `{"resource": {...}}` body of a create or update, or Neutron's 400.
    func neutronBody(_ call: ServiceCall, _ resource: String, allowed: Set<String>) -> Result<[String: JSON], NeutronBodyError> {
        guard let object = call.request.json?.objectValue else {
            return .failure(NeutronBodyError(reply: neutronBadRequest("Resource body required")))
        }
        guard let body = object[resource]?.objectValue else {
            return .failure(NeutronBodyError(reply: neutronBadRequest("Unable to find '\(resource)' in request body")))
        }
        let common: Set<String> = ["name", "description", "tags", "tenant_id", "project_id"]
        let unknown = body.keys.filter { !allowed.contains($0) && !common.contains($0) }.sorted()
        if !unknown.isEmpty {
            let list = unknown.map { "'\($0)'" }.joined(separator: ", ")
            return .failure(NeutronBodyError(reply: neutronBadRequest("Unrecognized attribute(s) \(list)")))
        }
        return .success(body)
    }

    /// The project a new resource belongs to: the caller's, or (for an admin) the one in the body.
    func owningProject(_ body: [String: JSON], _ call: ServiceCall) -> String {
        if call.principal.isAdmin, let project = body["project_id"]?.stringValue ?? body["tenant_id"]?.stringValue {
            return project
        }
        return call.principal.projectID
    }

    /// Fresh standard attributes for a resource created by `call`.
    mutating func newStandard(_ body: [String: JSON], _ call: ServiceCall, tags: [String]) -> NeutronStandard {
        NeutronStandard(
            id: Self.uuid(), projectID: owningProject(body, call), description: body["description"]?.stringValue ?? "",
            tags: tags, createdAt: call.now, updatedAt: call.now, revision: 0, sequence: nextSequence())
    }

    /// `GET /v2.0/extensions`.
    func listNeutronExtensions(_ call: ServiceCall) -> SimulatorReply {
        .json(200, ["extensions": .array(NeutronService.extensions.map(Self.extensionView))])
    }

    /// `GET /v2.0/extensions/{alias}`.
    func showNeutronExtension(_ call: ServiceCall) -> SimulatorReply {
        let alias = call.parameter("alias")
        guard let found = NeutronService.extensions.first(where: { $0.alias == alias }) else {
            return neutronError(404, "HTTPNotFound", "Extension with alias \(alias) does not exist")
        }
        return .json(200, ["extension": Self.extensionView(found)])
    }

    private static func extensionView(_ item: (alias: String, name: String, description: String)) -> JSON {
        [
            "alias": .string(item.alias), "name": .string(item.name), "description": .string(item.description),
            "updated": "2025-01-01T00:00:00-00:00", "links": [],
        ]
    }
}

/// A request body Neutron refuses, with the reply to send.
struct NeutronBodyError: Error {
    var reply: SimulatorReply
}
