import Foundation
import StratusCloudJobs
import StratusJobs
import StratusOpenStack
import StratusOperations
import StratusService

/// The jobs behind volume actions: create (with a checkpointed client token), delete, attach,
/// detach — each moving the volume row to its next status.
struct VolumeJobs {
    static let create = "gateway.CreateVolume"
    static let delete = "gateway.DeleteVolume"
    static let attach = "gateway.AttachVolume"
    static let detach = "gateway.DetachVolume"

    typealias Params = ResourceJobParams
    struct AttachParams: Codable, Sendable { var resourceID: String; var instanceID: String }
    struct Checkpoint: Codable, Sendable { var token: String; var volumeID: String? }

    let gateway: Gateway

    func register(in handlers: inout JobHandlers) {
        let gateway = self.gateway
        let policy = gateway.configuration.operationPolicy
        handlers.register(Self.create) { (params: Params, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "creating")
            do {
                var checkpoint = try context.checkpoint(as: Checkpoint.self) ?? Checkpoint(token: ClientToken.generate().value)
                if context.job.checkpoint == nil { try await context.saveCheckpoint(checkpoint) }
                let request = VolumeCreateRequest(
                    size: row.size, name: row.name, metadata: ["stratus_volume": row.id, "stratus_project": row.projectID])
                let operation = try await gateway.operations.volumes.create(request, policy: policy, token: try ClientToken(checkpoint.token))
                if let id = operation.initial?.resourceID, checkpoint.volumeID != id {
                    checkpoint.volumeID = id
                    try await context.saveCheckpoint(checkpoint)
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["creating"], status: "creating", providerID: id, jobID: nil, attributes: nil, now: Date())
                }
                let volume = try await CloudJobWait.value(of: operation)
                _ = try await gateway.store.updateResource(
                    row.id, from: ["creating"], status: "available", providerID: volume.id, jobID: nil, attributes: nil, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
        handlers.register(Self.delete) { (params: Params, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "deleting")
            do {
                if let volumeID = row.providerID {
                    try await CloudJobWait.value(of: try await gateway.operations.volumes.delete(id: volumeID, policy: policy))
                }
                _ = try await gateway.store.updateResource(
                    row.id, from: ["deleting"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
        handlers.register(Self.attach) { (params: AttachParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "attaching")
            do {
                guard let volumeID = row.providerID,
                      let serverID = try await gateway.store.resource(params.instanceID)?.providerID
                else { throw NonRetryableJobError("volume or instance has no cloud resource") }
                let operation = try await gateway.operations.volumes.attach(volumeID: volumeID, to: serverID, policy: policy)
                _ = try await CloudJobWait.value(of: operation)
                let attributes = try Attributes.merging(row.attributes, ["attachedTo": params.instanceID])
                _ = try await gateway.store.updateResource(
                    row.id, from: ["attaching"], status: "in-use", providerID: nil, jobID: nil, attributes: attributes, now: Date())
            } catch {
                // A failed attach leaves the volume as it was: available.
                if context.isLastTry || error is NonRetryableJobError {
                    let attributes = try Attributes.merging(row.attributes, ["lastError": String(describing: error)])
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["attaching"], status: "available", providerID: nil, jobID: nil, attributes: attributes, now: Date())
                }
                throw error
            }
        }
        handlers.register(Self.detach) { (params: AttachParams, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "detaching")
            do {
                guard let volumeID = row.providerID,
                      let serverID = try await gateway.store.resource(params.instanceID)?.providerID
                else { throw NonRetryableJobError("volume or instance has no cloud resource") }
                let operation = try await gateway.operations.volumes.detach(volumeID: volumeID, from: serverID, policy: policy)
                _ = try await CloudJobWait.value(of: operation)
                let attributes = try Attributes.merging(row.attributes, ["attachedTo": ""])
                _ = try await gateway.store.updateResource(
                    row.id, from: ["detaching"], status: "available", providerID: nil, jobID: nil, attributes: attributes, now: Date())
            } catch {
                if context.isLastTry || error is NonRetryableJobError {
                    let attributes = try Attributes.merging(row.attributes, ["lastError": String(describing: error)])
                    _ = try await gateway.store.updateResource(
                        row.id, from: ["detaching"], status: "in-use", providerID: nil, jobID: nil, attributes: attributes, now: Date())
                }
                throw error
            }
        }
    }
}

extension Gateway {
    /// The row a job works on, which must still be in the status its action set.
    func row(_ id: String, expecting status: String) async throws -> ResourceRow {
        guard let row = try await store.resource(id) else { throw NonRetryableJobError("resource \(id) is gone") }
        guard row.status == status else {
            throw NonRetryableJobError("resource \(id) is \(row.status), expected \(status)")
        }
        return row
    }
}
