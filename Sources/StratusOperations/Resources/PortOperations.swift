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
    /// The client token (generated when nil) is the tag `stratus-token-…` with a fingerprint tag,
    /// exactly as for ``FloatingIPOperations/create(_:policy:token:)``: a lost answer is resolved
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
        var tagged = request
        tagged.tags += [token.tag, NeutronTokenMarks.fingerprintTag(fingerprint)]
        tagged.description = NeutronTokenMarks.description(token: token, fingerprint: fingerprint, callers: request.description)
        let taggedRequest = tagged
        let byDescription = tagged.description
        return CreateRecipe(
            kind: .port, subject: "port '\(request.name ?? "")' on network \(request.networkID)", token: token,
            fingerprint: fingerprint,
            lookup: {
                var found = try await client.network.ports(PortListQuery(tags: [token.tag]))
                let described = try await client.network.ports(PortListQuery(description: byDescription))
                found += described.filter { port in !found.contains { $0.id == port.id } }
                return found.map { ResourceSnapshot($0) }
            },
            create: {
                let created = try await client.network.createPort(taggedRequest)
                if !created.tags.contains(token.tag) {
                    // Some clouds take tags in the POST body and drop them (Neutron 29 does for
                    // ports): set them, so lookups by tag work. The description has the marks anyway.
                    try? await client.network.replaceTags(.port, id: created.id, tags: taggedRequest.tags)
                }
                return InitialResponse(resourceID: created.id)
            },
            judge: PortJudges.created,
            extract: { try $0.port() },
            delete: { id in try await ServerJudges.ignoringNotFound { try await client.network.deletePort(id: id) } },
            deletedJudge: PortJudges.deleted,
            deleteNeedsAbsence: true)
    }
}
