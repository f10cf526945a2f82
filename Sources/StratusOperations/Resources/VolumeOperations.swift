import Foundation
import StratusOpenStack

/// Handle-returning volume operations.
public struct VolumeOperations: Sendable {
    let engine: AttemptEngine
    var client: OpenStackClient { engine.client }

    /// Creates a volume and tracks it to `available`; `error` ends the handle at once. The client
    /// token and a parameter fingerprint go into the volume's metadata (see
    /// ``ServerOperations/create(_:policy:token:)`` for the token rules).
    public func create(_ request: VolumeCreateRequest, policy: OperationPolicy = .default,
                       token: ClientToken? = nil) async throws -> CloudOperation<Volume> {
        let lookupFirst = token != nil  // a caller's token may already be on a resource; a fresh one cannot
        let token = token ?? .generate()
        let client = self.client
        let fingerprint = Fingerprint.of([
            String(request.size), request.name ?? "", request.description ?? "", Fingerprint.canonical(request.metadata),
            request.volumeType ?? "", request.availabilityZone ?? "", request.imageID ?? "",
        ])
        var taggedRequest = request
        taggedRequest.metadata[ClientToken.metadataKey] = token.value
        taggedRequest.metadata[ClientToken.fingerprintKey] = fingerprint
        let tagged = taggedRequest
        let recipe = CreateRecipe<Volume>(
            kind: .volume, subject: "volume '\(request.name ?? "\(request.size) GiB")'", token: token, fingerprint: fingerprint,
            lookup: {
                try await client.blockStorage.volumes(VolumeListQuery(metadata: [ClientToken.metadataKey: token.value]))
                    .filter { ![.deleting, .errorDeleting].contains($0.status) }.map(ResourceSnapshot.init)
            },
            create: {
                let volume = try await client.blockStorage.createVolume(tagged)
                return InitialResponse(resourceID: volume.id)
            },
            judge: VolumeJudges.available,
            extract: { try $0.volume() },
            delete: { id in try await ServerJudges.ignoringNotFound { try await client.blockStorage.deleteVolume(id: id) } },
            deletedJudge: VolumeJudges.deleted,
            deleteNeedsAbsence: true)
        let record = OperationRecord()
        let first = try await engine.start(recipe, number: 1, lookupFirst: lookupFirst, policy: policy, record: record)
        return engine.track(recipe, first: first, policy: policy, record: record, name: "volume.create \(request.name ?? "")")
    }

    /// Deletes a volume and tracks it until it is gone.
    public func delete(id: String, policy: OperationPolicy = .default) async throws -> CloudOperation<Void> {
        do {
            return try await start("volume.delete \(id)", volumeID: id, judge: VolumeJudges.deleted, needsAbsence: true,
                                   policy: policy) {
                try await client.blockStorage.deleteVolume(id: id)
            }.map { _ in () }
        } catch let error as OperationError where error.underlying?.isNotFound == true {
            return .finished((), name: "volume.delete \(id) (already gone)")
        }
    }

    /// Attaches a volume to a server through Nova and tracks the volume to `in-use`.
    public func attach(volumeID: String, to serverID: String, device: String? = nil,
                       policy: OperationPolicy = .default) async throws -> CloudOperation<Volume> {
        let client = self.client
        return try await start("volume.attach \(volumeID) → \(serverID)", volumeID: volumeID,
                               judge: VolumeJudges.attached(to: serverID), needsAbsence: false, policy: policy) {
            do {
                _ = try await client.compute.attachVolume(serverID: serverID, volumeID: volumeID, device: device)
            } catch let error as OpenStackError where error.code == .outcomeUnknown {
                // Resolve by asking Nova whether the attachment exists; attach once more only if not.
                let attached = try await client.compute.volumeAttachments(serverID: serverID).contains { $0.volumeID == volumeID }
                if !attached {
                    _ = try await client.compute.attachVolume(serverID: serverID, volumeID: volumeID, device: device)
                }
            }
        }
    }

    /// Detaches a volume from a server and tracks it to `available`.
    public func detach(volumeID: String, from serverID: String, policy: OperationPolicy = .default) async throws -> CloudOperation<Volume> {
        let client = self.client
        return try await start("volume.detach \(volumeID) ← \(serverID)", volumeID: volumeID,
                               judge: VolumeJudges.detached(from: serverID), needsAbsence: false, policy: policy) {
            try await client.compute.detachVolume(serverID: serverID, volumeID: volumeID)
        }
    }

    private func start(_ name: String, volumeID: String, judge: @escaping WatchJudge, needsAbsence: Bool, policy: OperationPolicy,
                       call: () async throws -> Void) async throws -> CloudOperation<Volume> {
        let since = Date()
        do {
            try await call()
        } catch let error as OpenStackError {
            throw OperationError(code: .startFailed, message: "\(name) failed: \(error.message)", kind: .volume,
                                 resourceID: volumeID, underlying: error)
        }
        let record = OperationRecord()
        record.startAttempt(OperationAttempt(number: 1, resourceID: volumeID))
        record.setInitial(InitialResponse(resourceID: volumeID))
        let engine = self.engine
        return CloudOperation(name: name, record: record) { record in
            let final = try await engine.wait(.volume, id: volumeID, since: since, needsAbsence: needsAbsence, judge: judge,
                                              timeout: policy.timeout, record: record, subject: name)
            record.updateAttempt { $0.outcome = .succeeded }
            return final.resource == nil ? try Self.placeholder(volumeID) : try final.volume()
        }
    }

    private static func placeholder(_ id: String) throws -> Volume {
        try JSONDecoder().decode(Volume.self, from: Data(#"{"id": "\#(id)", "status": "deleted", "size": 0}"#.utf8))
    }
}
