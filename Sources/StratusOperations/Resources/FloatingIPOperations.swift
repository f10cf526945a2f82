import Foundation
import StratusOpenStack

/// Handle-returning floating IP operations, resolved by the shared monitor (floating IPs are
/// listed by the ids being watched: one `GET /v2.0/floatingips?id=…&id=…` per tick for up to
/// 100 of them, never one GET each).
///
/// ```swift
/// let ip = try await ops.servers.create(spec).then { server in
///     try await ops.floatingIPs.allocateAndAssociate(networkID: publicNet.id, to: server)
/// }.value
/// ```
public struct FloatingIPOperations: Sendable {
    let engine: AttemptEngine
    var client: OpenStackClient { engine.client }

    /// Allocates a floating IP and tracks it: without a port, until Neutron lists it (DOWN); with
    /// `request.portID`, until it is associated — `port_id` set and ACTIVE. ERROR ends the handle
    /// with the reason.
    ///
    /// A client token (generated when nil) and a fingerprint of the parameters travel at the start
    /// of the floating IP's `description` (before the caller's), which Neutron stores with the
    /// create itself on every cloud — one POST, nothing after it (``NeutronTokenMarks``). A lookup
    /// is one exact `description=` list; when that finds nothing, the floating IPs of the same
    /// external network are scanned for the token (a list of that network's floating IPs), so the
    /// same token with other parameters is refused. A POST whose answer is lost is
    /// never replayed: the token is looked up (twice, `policy.unknownOutcomeGrace` apart) and what
    /// carries it is adopted. A caller's token already on a floating IP adopts it; the same token
    /// with other parameters throws ``OperationError/Code/tokenConflict``.
    ///
    /// `policy.attempts`: a floating IP that goes to ERROR (or does not get there within
    /// `policy.timeout`) is deleted, its deletion awaited, and another one allocated — at most
    /// `attempts` allocations in all.
    public func create(_ request: FloatingIPCreateRequest, policy: OperationPolicy = .default,
                       token: ClientToken? = nil) async throws -> CloudOperation<FloatingIP> {
        let lookupFirst = token != nil  // a caller's token may already be on a floating IP; a fresh one cannot
        let token = token ?? .generate()
        let recipe = recipe(for: request, token: token)
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: lookupFirst, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record,
                            name: "floatingIP.create \(request.portID.map { "→ port \($0)" } ?? "on \(request.floatingNetworkID)")")
    }

    /// Allocates a floating IP on the external network `networkID` already associated with the
    /// server's port (one POST with `port_id`) and tracks it to ACTIVE. The port is the server's
    /// first port with a fixed IPv4 address (one `GET /v2.0/ports?device_id=…`); pass `portID` to
    /// choose. `policy.attempts` and `token` mean what they mean for ``create(_:policy:token:)``.
    public func allocateAndAssociate(networkID: String, to server: Server, portID: String? = nil,
                                     policy: OperationPolicy = .default,
                                     token: ClientToken? = nil) async throws -> CloudOperation<FloatingIP> {
        var port = portID
        if port == nil { port = try await self.port(of: server) }
        return try await create(FloatingIPCreateRequest(floatingNetworkID: networkID, portID: port), policy: policy, token: token)
    }

    /// Associates the floating IP with the server's port (its first port with a fixed IPv4
    /// address) and tracks it to ACTIVE; see ``associate(_:portID:fixedIPAddress:policy:)``.
    public func associate(_ floatingIPID: String, to server: Server,
                          policy: OperationPolicy = .default) async throws -> CloudOperation<FloatingIP> {
        try await associate(floatingIPID, portID: try await port(of: server), policy: policy)
    }

    /// Associates the floating IP with a port (`PUT port_id`) and tracks it until `port_id` is the
    /// port and the status ACTIVE. ERROR fails the handle with the reason; a timeout names the
    /// status it was stuck in (DOWN: no L3 agent set it up).
    ///
    /// `policy.attempts`: when the floating IP goes to ERROR or does not become ACTIVE in time,
    /// the PUT — idempotent — is sent again and waited for again, at most `attempts` times.
    public func associate(_ floatingIPID: String, portID: String, fixedIPAddress: String? = nil,
                          policy: OperationPolicy = .default) async throws -> CloudOperation<FloatingIP> {
        let client = self.client
        return try await engine.reissuing(ReissuedAction(
            name: "floatingIP.associate \(floatingIPID) → port \(portID)", kind: .floatingIP, resourceID: floatingIPID,
            call: {
                _ = try await client.network.associateFloatingIP(id: floatingIPID, portID: portID, fixedIPAddress: fixedIPAddress)
                return true
            },
            judge: FloatingIPJudges.associated(with: portID),
            extract: { try $0.floatingIP() }), policy: policy)
    }

    /// Disassociates the floating IP (`PUT port_id: null`) and tracks it until `port_id` is empty
    /// and the status DOWN. ERROR fails the handle; a timeout names the stuck status.
    ///
    /// `policy.attempts`: on ERROR or timeout the PUT — idempotent — is sent again and waited for
    /// again, at most `attempts` times.
    public func disassociate(_ id: String, policy: OperationPolicy = .default) async throws -> CloudOperation<FloatingIP> {
        let client = self.client
        return try await engine.reissuing(ReissuedAction(
            name: "floatingIP.disassociate \(id)", kind: .floatingIP, resourceID: id,
            call: {
                _ = try await client.network.disassociateFloatingIP(id: id)
                return true
            },
            judge: FloatingIPJudges.disassociated,
            extract: { try $0.floatingIP() }), policy: policy)
    }

    /// Releases the floating IP (`DELETE`) and tracks it until Neutron no longer lists it. A 404
    /// means it is already gone: the handle is finished at once.
    ///
    /// `policy.attempts`: when it is still listed after `policy.timeout`, the DELETE — idempotent
    /// — is sent again (a 404 then ends the handle successfully), at most `attempts` times.
    public func delete(_ id: String, policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        let client = self.client
        return try await engine.reissuing(ReissuedAction(
            name: "floatingIP.delete \(id)", kind: .floatingIP, resourceID: id,
            call: { try await NetworkCalls.deleting { try await client.network.deleteFloatingIP(id: id) } },
            judge: FloatingIPJudges.deleted,
            extract: { _ in () },
            alreadyDone: ()), policy: policy)
    }

    /// The port a floating IP for `server` goes to: its first port with a fixed IPv4 address.
    func port(of server: Server) async throws -> String {
        let ports: [StratusOpenStack.Port]
        do {
            ports = try await client.network.ports(PortListQuery(deviceID: server.id))
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "finding the ports of server \(server.id) failed: \(error.message)",
                                 kind: .port, underlying: error)
        }
        let withAddress = ports.filter { !$0.fixedIPs.isEmpty }.sorted(by: Self.olderFirst)
        let ipv4 = withAddress.first { port in port.fixedIPs.contains { $0.ipAddress?.contains(".") == true } }
        guard let port = ipv4 ?? withAddress.first else {
            throw OperationError(code: .startFailed,
                                 message: "server '\(server.name)' (\(server.id)) has no port with a fixed IP to associate a floating IP with",
                                 kind: .port)
        }
        return port.id
    }

    private static func olderFirst(_ a: StratusOpenStack.Port, _ b: StratusOpenStack.Port) -> Bool {
        let (dateA, dateB) = (a.createdAt ?? .distantPast, b.createdAt ?? .distantPast)
        return dateA != dateB ? dateA < dateB : a.id < b.id
    }

    func recipe(for request: FloatingIPCreateRequest, token: ClientToken) -> CreateRecipe<FloatingIP> {
        let client = self.client
        let fingerprint = Fingerprint.of([
            request.floatingNetworkID, request.portID ?? "", request.fixedIPAddress ?? "", request.floatingIPAddress ?? "",
            request.description ?? "", request.tags.sorted().joined(separator: ","),
        ])
        var marked = request
        marked.description = NeutronTokenMarks.description(token: token, fingerprint: fingerprint, callers: request.description)
        let markedRequest = marked
        let byDescription = marked.description
        let judge = request.portID.map(FloatingIPJudges.associated(with:)) ?? FloatingIPJudges.allocated
        return CreateRecipe(
            kind: .floatingIP, subject: "floating IP on network \(request.floatingNetworkID)", token: token,
            fingerprint: fingerprint,
            lookup: {
                // The same token and parameters: one exact `description=` list.
                let exact = try await client.network.floatingIPs(FloatingIPListQuery(description: byDescription))
                if !exact.isEmpty { return exact.map { ResourceSnapshot($0) } }
                // The same token with other parameters has another description: find it by its
                // token mark among the network's floating IPs, so it is refused, not made twice.
                let mark = token.tag + " "
                return try await client.network.floatingIPs(FloatingIPListQuery(floatingNetworkID: request.floatingNetworkID))
                    .filter { $0.description.hasPrefix(mark) }.map { ResourceSnapshot($0) }
            },
            create: {
                let created = try await client.network.createFloatingIP(markedRequest)
                return InitialResponse(resourceID: created.id)
            },
            judge: judge,
            extract: { try $0.floatingIP() },
            delete: { id in try await ServerJudges.ignoringNotFound { try await client.network.deleteFloatingIP(id: id) } },
            deletedJudge: FloatingIPJudges.deleted,
            deleteNeedsAbsence: true)
    }
}

/// Small helpers shared by the Neutron operations.
enum NetworkCalls {
    /// Runs a DELETE; false when it answered 404 (already gone).
    static func deleting(_ body: () async throws -> Void) async throws -> Bool {
        do {
            try await body()
            return true
        } catch let error as OpenStackError where error.isNotFound {
            return false
        }
    }

    /// Runs a preparatory call; a client error becomes ``OperationError/Code/startFailed``.
    static func start<T>(_ what: String, kind: ResourceKind, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "\(what) failed: \(error.message)", kind: kind, underlying: error)
        }
    }
}
