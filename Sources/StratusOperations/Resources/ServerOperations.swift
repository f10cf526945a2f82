import Foundation
import StratusOpenStack

/// Handle-returning server operations. Each call returns once the starting request has answered;
/// the handle resolves when the server reaches its final state.
public struct ServerOperations: Sendable {
    let engine: AttemptEngine
    var client: OpenStackClient { engine.client }

    /// Creates a server and tracks it to ACTIVE. ERROR ends the handle at once with Nova's fault;
    /// `policy.attempts` > 1 deletes a broken server, waits until it is gone and creates again.
    ///
    /// The `token` (generated when nil) is tagged on the server (`stratus-token-…`) and stored in
    /// its metadata with a fingerprint of the parameters. Pass your own token to make the call
    /// idempotent across process restarts: a server already carrying it is adopted, not duplicated;
    /// the same token with different parameters throws ``OperationError/Code/tokenConflict``.
    public func create(_ request: ServerCreateRequest, policy: OperationPolicy = .default,
                       token: ClientToken? = nil) async throws -> CloudOperation<Server> {
        let lookupFirst = token != nil  // a caller's token may already be on a resource; a fresh one cannot
        let token = token ?? .generate()
        let recipe = try await recipe(for: request, token: token)
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: lookupFirst, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record, name: "server.create \(request.name)")
    }

    func recipe(for request: ServerCreateRequest, token: ClientToken) async throws -> CreateRecipe<Server> {
        let client = self.client
        let fingerprint = Fingerprint.of([
            request.name, request.imageID ?? "", request.flavorID, "\(request.networks)",
            Fingerprint.canonical(request.metadata), request.tags.sorted().joined(separator: ","),
            request.availabilityZone ?? "", request.keyName ?? "",
        ])
        var taggedRequest = request
        taggedRequest.tags.append(token.tag)
        taggedRequest.metadata[ClientToken.metadataKey] = token.value
        taggedRequest.metadata[ClientToken.fingerprintKey] = fingerprint
        let tagged = taggedRequest
        let useTags = try await client.compute.microversion() >= .computeTags
        return CreateRecipe(
            kind: .server, subject: "server '\(request.name)'", token: token, fingerprint: fingerprint,
            lookup: {
                let servers = useTags
                    ? try await client.compute.servers(ServerListQuery(tags: [token.tag]))
                    : try await client.compute.servers().filter { $0.metadata[ClientToken.metadataKey] == token.value }
                return servers.filter { $0.status != .deleted && $0.taskState != "deleting" }.map(ResourceSnapshot.init)
            },
            create: {
                let created = try await client.compute.createServer(tagged)
                return InitialResponse(resourceID: created.id, requestID: created.requestID, serverCreated: created)
            },
            judge: ServerJudges.active,
            extract: { snapshot in try snapshot.server() },
            delete: { id in try await ServerJudges.ignoringNotFound { try await client.compute.deleteServer(id: id) } },
            deletedJudge: ServerJudges.deleted,
            deleteNeedsAbsence: false)
    }

    /// Deletes a server and tracks it until Nova reports it DELETED (or it is gone).
    public func delete(id: String, policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        let since = Date()
        let record = OperationRecord()
        do {
            try await client.compute.deleteServer(id: id)
        } catch let error as OpenStackError where error.isNotFound {
            return .finished((), name: "server.delete \(id) (already gone)")
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "deleting server \(id) failed: \(error.message)",
                                 kind: .server, resourceID: id, underlying: error)
        }
        record.startAttempt(OperationAttempt(number: 1, resourceID: id))
        record.setInitial(InitialResponse(resourceID: id))
        let engine = self.engine
        return CloudOperation(name: "server.delete \(id)", record: record) { record in
            _ = try await engine.wait(.server, id: id, since: since, judge: ServerJudges.deleted, timeout: policy.timeout,
                                      record: record, subject: "deleting server \(id)")
            record.updateAttempt { $0.outcome = .succeeded }
        }
    }

    /// Snapshots a server (`createImage`) and tracks the Glance image to `active`.
    public func createImage(serverID: String, name: String, metadata: [String: String] = [:],
                            policy: OperationPolicy = .default) async throws -> CloudOperation<Image> {
        try await imageOperation(kind: "createImage", serverID: serverID, name: name, policy: policy) { token in
            try await client.compute.createImage(serverID: serverID, name: name,
                                                 metadata: metadata.merging([ClientToken.metadataKey: token]) { $1 })
        }
    }

    /// Backs a server up (`createBackup`, kept in a rotation) and tracks the image to `active`.
    public func backup(serverID: String, name: String, type: String = "daily", rotation: Int = 1,
                       policy: OperationPolicy = .default) async throws -> CloudOperation<Image> {
        try await imageOperation(kind: "createBackup", serverID: serverID, name: name, policy: policy) { token in
            try await client.compute.createBackup(serverID: serverID, name: name, type: type, rotation: rotation,
                                                  metadata: [ClientToken.metadataKey: token])
        }
    }

    private func imageOperation(kind: String, serverID: String, name: String, policy: OperationPolicy,
                                start: @Sendable (String) async throws -> String) async throws -> CloudOperation<Image> {
        let token = ClientToken.generate()
        let since = Date()
        let imageID: String
        do {
            imageID = try await start(token.value)
        } catch let error as OpenStackError where error.code == .outcomeUnknown {
            // Look the snapshot up by the token it carries instead of snapshotting twice.
            guard let found = try await client.images.images(ImageListQuery(properties: [ClientToken.metadataKey: token.value])).first
            else {
                throw OperationError(code: .startFailed, message: "\(kind) of server \(serverID): outcome unknown and no image carries its token",
                                     kind: .image, underlying: error)
            }
            imageID = found.id
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "\(kind) of server \(serverID) failed: \(error.message)",
                                 kind: .image, underlying: error)
        }
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: imageID))
        record.setInitial(InitialResponse(resourceID: imageID))
        let engine = self.engine
        return CloudOperation(name: "server.\(kind) \(name)", record: record) { record in
            let final = try await engine.wait(.image, id: imageID, since: since, judge: ImageJudges.active,
                                              timeout: policy.timeout, record: record, subject: "image '\(name)' of server \(serverID)")
            record.updateAttempt { $0.outcome = .succeeded }
            return try final.image()
        }
    }

    /// Migrates a server — cold (`migrate`, then `confirmResize` once it is VERIFY_RESIZE) or live
    /// (`os-migrateLive`) — and tracks it to ACTIVE on another host. A migration Nova gives up on
    /// (back to ACTIVE on the same host) fails the handle instead of looking like success.
    public func migrate(serverID: String, live: Bool = false, host: String? = nil,
                        policy: OperationPolicy = .default) async throws -> CloudOperation<Server> {
        let client = self.client
        let before: Server
        do {
            before = try await client.compute.server(id: serverID)
            if live {
                try await client.compute.liveMigrate(serverID: serverID, host: host)
            } else {
                try await client.compute.migrate(serverID: serverID, host: host)
            }
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "migrating server \(serverID) failed: \(error.message)",
                                 kind: .server, resourceID: serverID, underlying: error)
        }
        let since = Date()
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: serverID))
        record.setInitial(InitialResponse(resourceID: serverID))
        let engine = self.engine
        let originalHost = before.hostID
        return CloudOperation(name: "server.\(live ? "live-migrate" : "migrate") \(serverID)", record: record) { record in
            let subject = "migrating server \(serverID)"
            var final = try await engine.wait(.server, id: serverID, since: since, judge: ServerJudges.migrated(from: originalHost),
                                              timeout: policy.timeout, record: record, subject: subject)
            if final.status == ServerStatus.verifyResize.rawValue {
                try await client.compute.confirmResize(serverID: serverID)
                final = try await engine.wait(.server, id: serverID, since: Date(), judge: ServerJudges.active,
                                              timeout: policy.timeout, record: record, subject: "confirming the migration of \(serverID)")
            }
            record.updateAttempt { $0.outcome = .succeeded }
            return try final.server()
        }
    }
}
