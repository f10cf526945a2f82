import Foundation

extension NetworkClient {
    // MARK: Networks

    /// Every page of `GET /v2.0/networks` for `query`.
    public func networks(_ query: NetworkListQuery = .init()) async throws -> [Network] {
        try await all(Network.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/networks` (set `limit` for paging).
    public func networksPage(_ query: NetworkListQuery = .init()) async throws -> Page<Network> {
        try await page(Network.self, query: query.queryItems)
    }

    /// `GET /v2.0/networks/{id}`.
    public func network(id: String) async throws -> Network {
        try await get(Network.self, id: id)
    }

    /// The network whose id or unique name is `nameOrID`.
    public func findNetwork(_ nameOrID: String) async throws -> Network {
        try await find(Network.self, nameOrID, kind: "network", name: \.name)
    }

    /// `POST /v2.0/networks` (never replayed once it may have reached Neutron).
    public func createNetwork(_ request: NetworkCreateRequest) async throws -> Network {
        try await create(Network.self, fields: request.fields, tags: request.tags, kind: .network)
    }

    /// `DELETE /v2.0/networks/{id}`.
    public func deleteNetwork(id: String) async throws {
        try await delete(Network.self, id: id)
    }

    // MARK: Subnets

    /// Every page of `GET /v2.0/subnets` for `query`.
    public func subnets(_ query: SubnetListQuery = .init()) async throws -> [Subnet] {
        try await all(Subnet.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/subnets`.
    public func subnetsPage(_ query: SubnetListQuery = .init()) async throws -> Page<Subnet> {
        try await page(Subnet.self, query: query.queryItems)
    }

    /// `GET /v2.0/subnets/{id}`.
    public func subnet(id: String) async throws -> Subnet {
        try await get(Subnet.self, id: id)
    }

    /// The subnet whose id or unique name is `nameOrID`.
    public func findSubnet(_ nameOrID: String) async throws -> Subnet {
        try await find(Subnet.self, nameOrID, kind: "subnet", name: \.name)
    }

    /// `POST /v2.0/subnets` (never replayed once it may have reached Neutron).
    public func createSubnet(_ request: SubnetCreateRequest) async throws -> Subnet {
        try await create(Subnet.self, fields: request.fields, tags: request.tags, kind: .subnet)
    }

    /// `DELETE /v2.0/subnets/{id}`.
    public func deleteSubnet(id: String) async throws {
        try await delete(Subnet.self, id: id)
    }

    // MARK: Ports

    /// Every page of `GET /v2.0/ports` for `query`.
    public func ports(_ query: PortListQuery = .init()) async throws -> [Port] {
        try await all(Port.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/ports`.
    public func portsPage(_ query: PortListQuery = .init()) async throws -> Page<Port> {
        try await page(Port.self, query: query.queryItems)
    }

    /// `GET /v2.0/ports/{id}`.
    public func port(id: String) async throws -> Port {
        try await get(Port.self, id: id)
    }

    /// `POST /v2.0/ports` (never replayed once it may have reached Neutron).
    public func createPort(_ request: PortCreateRequest) async throws -> Port {
        try await create(Port.self, fields: request.fields, tags: request.tags, kind: .port)
    }

    /// `PUT /v2.0/ports/{id}` with the fields `update` sets.
    public func updatePort(id: String, _ update: PortUpdateRequest) async throws -> Port {
        try await self.update(Port.self, id: id, fields: update.fields)
    }

    /// `DELETE /v2.0/ports/{id}`.
    public func deletePort(id: String) async throws {
        try await delete(Port.self, id: id)
    }

    // MARK: Floating IPs

    /// Every page of `GET /v2.0/floatingips` for `query`.
    public func floatingIPs(_ query: FloatingIPListQuery = .init()) async throws -> [FloatingIP] {
        try await all(FloatingIP.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/floatingips`.
    public func floatingIPsPage(_ query: FloatingIPListQuery = .init()) async throws -> Page<FloatingIP> {
        try await page(FloatingIP.self, query: query.queryItems)
    }

    /// `GET /v2.0/floatingips/{id}`.
    public func floatingIP(id: String) async throws -> FloatingIP {
        try await get(FloatingIP.self, id: id)
    }

    /// `POST /v2.0/floatingips`: allocates an address (status DOWN until associated and set up).
    /// Never replayed once it may have reached Neutron.
    public func createFloatingIP(_ request: FloatingIPCreateRequest) async throws -> FloatingIP {
        try await create(FloatingIP.self, fields: request.fields, tags: request.tags, kind: .floatingIP)
    }

    /// `PUT /v2.0/floatingips/{id}` with `port_id`: maps the address to the port (ACTIVE once the
    /// L3 agent has set it up). `fixedIPAddress` picks one of the port's addresses when it has several.
    public func associateFloatingIP(id: String, portID: String, fixedIPAddress: String? = nil) async throws -> FloatingIP {
        var fields: [String: JSONValue] = ["port_id": .string(portID)]
        if let fixedIPAddress { fields["fixed_ip_address"] = .string(fixedIPAddress) }
        return try await update(FloatingIP.self, id: id, fields: fields)
    }

    /// `PUT /v2.0/floatingips/{id}` with `"port_id": null`: unmaps the address (DOWN afterwards).
    public func disassociateFloatingIP(id: String) async throws -> FloatingIP {
        try await update(FloatingIP.self, id: id, fields: ["port_id": .null])
    }

    /// `DELETE /v2.0/floatingips/{id}`: releases the address.
    public func deleteFloatingIP(id: String) async throws {
        try await delete(FloatingIP.self, id: id)
    }

    // MARK: Security groups

    /// Every page of `GET /v2.0/security-groups` for `query`.
    public func securityGroups(_ query: SecurityGroupListQuery = .init()) async throws -> [SecurityGroup] {
        try await all(SecurityGroup.self, query: query.queryItems)
    }

    /// One page of `GET /v2.0/security-groups`.
    public func securityGroupsPage(_ query: SecurityGroupListQuery = .init()) async throws -> Page<SecurityGroup> {
        try await page(SecurityGroup.self, query: query.queryItems)
    }

    /// `GET /v2.0/security-groups/{id}` (with its rules).
    public func securityGroup(id: String) async throws -> SecurityGroup {
        try await get(SecurityGroup.self, id: id)
    }

    /// The security group whose id or unique name is `nameOrID`.
    public func findSecurityGroup(_ nameOrID: String) async throws -> SecurityGroup {
        try await find(SecurityGroup.self, nameOrID, kind: "security group", name: \.name)
    }

    /// `POST /v2.0/security-groups` (Neutron adds its default egress rules, if its template has any). Never replayed once it may have reached Neutron.
    public func createSecurityGroup(_ request: SecurityGroupCreateRequest) async throws -> SecurityGroup {
        try await create(SecurityGroup.self, fields: request.fields, tags: request.tags, kind: .securityGroup)
    }

    /// `DELETE /v2.0/security-groups/{id}` (409 while a port uses it).
    public func deleteSecurityGroup(id: String) async throws {
        try await delete(SecurityGroup.self, id: id)
    }

    /// `POST /v2.0/security-group-rules` (409 for a duplicate rule). Never replayed once it may have reached Neutron.
    public func createSecurityGroupRule(_ request: SecurityGroupRuleCreateRequest) async throws -> SecurityGroupRule {
        try await create(SecurityGroupRule.self, fields: request.fields, tags: [], kind: nil)
    }

    /// `DELETE /v2.0/security-group-rules/{id}`.
    public func deleteSecurityGroupRule(id: String) async throws {
        try await delete(SecurityGroupRule.self, id: id)
    }
}
