import Foundation
import StratusOpenStack

/// Handle-returning port operations, resolved by the shared monitor (ports are listed by the ids
/// being watched, up to 100 per request).
public struct PortOperations: Sendable {
    let engine: AttemptEngine
    var client: OpenStackClient { engine.client }

    /// Creates a port and tracks it until it is final: ACTIVE once bound — or DOWN for a port
    /// without `device_owner`: Neutron binds only ports something uses, so such a port stays DOWN
    /// and the handle resolves with it DOWN instead of waiting forever. A port with an owner waits
    /// for ACTIVE; ERROR ends the handle with the reason; a timeout names the stuck status.
    ///
    /// The client token (generated when nil) and a parameter fingerprint begin the port's
    /// `description`, exactly as for ``FloatingIPOperations/create(_:policy:token:)``: a lost answer is resolved
    /// by looking the token up, a caller's token already on a port adopts it, and the same token
    /// with other parameters throws ``OperationError/Code/tokenConflict``.
    ///
    /// `policy.attempts`: a port that goes to ERROR (or is not final within `policy.timeout`) is
    /// deleted, its deletion awaited, and the port created again — at most `attempts` creates.
    public func create(_ request: PortCreateRequest, policy: OperationPolicy = .default,
                       token: ClientToken? = nil) async throws -> CloudOperation<StratusOpenStack.Port> {
        let lookupFirst = token != nil
        let token = token ?? .generate()
        let recipe = recipe(for: request, token: token)
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: lookupFirst, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record,
                            name: "port.create \(request.name ?? "on \(request.networkID)")")
    }

    /// Deletes a port and tracks it until Neutron no longer lists it. A 404 means it is already
    /// gone: the handle is finished at once.
    ///
    /// `policy.attempts`: when it is still listed after `policy.timeout`, the DELETE — idempotent
    /// — is sent again, at most `attempts` times.
    public func delete(_ id: String, policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        let client = self.client
        return try await engine.reissuing(ReissuedAction(
            name: "port.delete \(id)", kind: .port, resourceID: id,
            call: { try await NetworkCalls.deleting { try await client.network.deletePort(id: id) } },
            judge: PortJudges.deleted,
            extract: { _ in () },
            alreadyDone: ()), policy: policy)
    }

    func recipe(for request: PortCreateRequest, token: ClientToken) -> CreateRecipe<StratusOpenStack.Port> {
        let client = self.client
        let fingerprint = Fingerprint.of([
            request.networkID, request.name ?? "",
            request.fixedIPs.map { "\($0.subnetID ?? "")/\($0.ipAddress ?? "")" }.joined(separator: ","),
            request.securityGroupIDs.map { $0.sorted().joined(separator: ",") } ?? "-", request.description ?? "",
            request.tags.sorted().joined(separator: ","), request.deviceID ?? "", request.deviceOwner ?? "",
        ])
        var marked = request
        marked.description = NeutronTokenMarks.description(token: token, fingerprint: fingerprint, callers: request.description)
        let markedRequest = marked
        let byDescription = marked.description
        return CreateRecipe(
            kind: .port, subject: "port '\(request.name ?? "")' on network \(request.networkID)", token: token,
            fingerprint: fingerprint,
            lookup: {
                // The same token and parameters: one exact `description=` list.
                let exact = try await client.network.ports(PortListQuery(description: byDescription))
                if !exact.isEmpty { return exact.map { ResourceSnapshot($0) } }
                // The same token with other parameters has another description: find it by its
                // token mark among the network's ports, so it is refused, not made twice.
                let mark = token.tag + " "
                return try await client.network.ports(PortListQuery(networkID: request.networkID))
                    .filter { $0.description.hasPrefix(mark) }.map { ResourceSnapshot($0) }
            },
            create: {
                let created = try await client.network.createPort(markedRequest)
                return InitialResponse(resourceID: created.id)
            },
            judge: PortJudges.created,
            extract: { try $0.port() },
            delete: { id in try await ServerJudges.ignoringNotFound { try await client.network.deletePort(id: id) } },
            deletedJudge: PortJudges.deleted,
            deleteNeedsAbsence: true)
    }
}
