import Foundation
import StratusCloudJobs
import StratusJobs
import StratusOperations
import StratusService

/// The job behind `CreateImage`: snapshots the instance's server, tracks the image to active.
struct ImageJobs {
    static let create = "gateway.CreateImage"

    struct Params: Codable, Sendable { var resourceID: String; var instanceID: String }

    let gateway: Gateway

    func register(in handlers: inout JobHandlers) {
        let gateway = self.gateway
        handlers.register(Self.create) { (params: Params, context: JobContext) in
            let row = try await gateway.row(params.resourceID, expecting: "creating")
            do {
                guard let serverID = try await gateway.store.resource(params.instanceID)?.providerID else {
                    throw NonRetryableJobError("instance \(params.instanceID) has no server")
                }
                let operation = try await gateway.operations.servers.createImage(
                    serverID: serverID, name: row.name, metadata: ["stratus_image": row.id],
                    policy: gateway.configuration.operationPolicy)
                let image = try await CloudJobWait.value(of: operation)
                _ = try await gateway.store.updateResource(
                    row.id, from: ["creating"], status: "active", providerID: image.id, jobID: nil, attributes: nil, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
    }
}
