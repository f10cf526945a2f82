import Foundation
import StratusCloudJobs
import StratusJobs
import StratusOpenStack
import StratusOperations
import StratusService

/// The jobs behind instance actions: they drive Nova through the operations layer and keep the
/// instance row in step (`creating` → `active` | `error`, `terminating` → `deleted`).
struct InstanceJobs {
    static let create = "gateway.CreateInstance"
    static let delete = "gateway.DeleteInstance"

    typealias Params = ResourceJobParams
    /// What a create job needs beyond its row: the user data, kept out of the row (it can be
    /// 64 KiB and Describe shows the row's attributes).
    struct CreateParams: Codable, Sendable { var resourceID: String; var userData: String? }

    let gateway: Gateway

    func register(in handlers: inout JobHandlers) {
        let gateway = self.gateway
        handlers.register(Self.create) { (params: CreateParams, context: JobContext) -> CreateServerJob.Result in
            guard let row = try await gateway.store.resource(params.resourceID), row.status == "creating" else {
                throw NonRetryableJobError("instance \(params.resourceID) is no longer being created")
            }
            let server = CreateServerJob.Params(
                name: row.name, imageID: Attributes.value(row.attributes, "imageId"),
                flavorID: Attributes.value(row.attributes, "flavorId") ?? "",
                networkIDs: Attributes.value(row.attributes, "networkIds").map { $0.split(separator: ",").map(String.init) } ?? [],
                metadata: ["stratus_instance": row.id, "stratus_project": row.projectID],
                keyName: Attributes.value(row.attributes, "keyName").map { KeyPairNames.cloudName($0, projectID: row.projectID) },
                userData: params.userData,
                securityGroups: Attributes.value(row.attributes, "securityGroupCloudIds").map {
                    $0.split(separator: ",").map(String.init)
                })
            do {
                let result = try await CreateServerJob.run(
                    server, context: context, operations: gateway.operations, policy: gateway.configuration.operationPolicy,
                    serverStarted: { serverID in
                        _ = try await gateway.store.updateResource(
                            row.id, from: ["creating"], status: "creating", providerID: serverID, jobID: nil, attributes: nil,
                            now: Date())
                    })
                _ = try await gateway.store.updateResource(
                    row.id, from: ["creating"], status: "active", providerID: result.serverID, jobID: nil, attributes: nil,
                    now: Date())
                return result
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
        handlers.register(Self.delete) { (params: Params, context: JobContext) in
            guard let row = try await gateway.store.resource(params.resourceID), row.status == "terminating" else {
                throw NonRetryableJobError("instance \(params.resourceID) is not being terminated")
            }
            do {
                if let serverID = row.providerID {
                    let operation = try await gateway.operations.servers.delete(id: serverID, policy: gateway.configuration.operationPolicy)
                    try await CloudJobWait.value(of: operation)
                }
                _ = try await gateway.store.updateResource(
                    row.id, from: ["terminating"], status: "deleted", providerID: nil, jobID: nil, attributes: nil, now: Date())
            } catch {
                try await gateway.settleFailure(row, error, context: context)
                throw error
            }
        }
    }
}

extension Gateway {
    /// On the last try, a failure moves the row to `error` with the reason.
    func settleFailure(_ row: ResourceRow, _ error: any Error, context: JobContext) async throws {
        guard context.isLastTry || error is NonRetryableJobError else { return }
        let attributes = try Attributes.merging(row.attributes, ["error": String(describing: error)])
        _ = try await store.updateResource(
            row.id, from: [row.status], status: "error", providerID: nil, jobID: nil, attributes: attributes, now: Date())
    }
}

/// The parameters of a job that works on one resource row.
struct ResourceJobParams: Codable, Sendable { var resourceID: String }
