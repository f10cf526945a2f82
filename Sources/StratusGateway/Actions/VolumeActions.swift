import Foundation
import StratusJobs
import StratusService

/// `CreateVolumes`, `DescribeVolumes`, `DeleteVolumes`, `AttachVolume`, `DetachVolume`.
struct VolumeActions {
    let gateway: Gateway

    struct CreateVolumes: Decodable { var Size: Int; var Count: Int?; var Name: String? }
    struct DescribeVolumes: Decodable { var VolumeIds: [String]?; var Status: [String]?; var Limit: Int?; var Offset: Int? }
    struct DeleteVolumes: Decodable { var VolumeIds: [String] }
    struct AttachVolume: Decodable { var VolumeId: String; var InstanceId: String }
    struct DetachVolume: Decodable { var VolumeId: String }
    struct JobResult: Encodable { var JobId: String }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("CreateVolumes") { (params: CreateVolumes, context: ActionContext) -> StartedResult in
            let count = params.Count ?? 1
            try Check.range("Count", count, 1...100)
            try Check.range("Size", params.Size, 1...16_384)
            if let name = params.Name { try Check.text("Name", name, max: 128) }
            return try await gateway.create(
                ResourceKind.volume, count: count, name: params.Name, size: params.Size, job: VolumeJobs.create, context: context)
        }
        router.register("DescribeVolumes") { (params: DescribeVolumes, context: ActionContext) -> DescribeResult in
            if let ids = params.VolumeIds { _ = try Gateway.uniqueIDs("VolumeIds", ids, max: 1000) }
            return try await gateway.describe(
                ResourceKind.volume, ids: params.VolumeIds, statuses: params.Status,
                paging: try Paging(limit: params.Limit, offset: params.Offset), context: context)
        }
        router.register("DeleteVolumes") { (params: DeleteVolumes, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let ids = try Gateway.uniqueIDs("VolumeIds", params.VolumeIds)
            return try await gateway.batch(ids) { id in
                let row = try await gateway.owned(ResourceKind.volume, id, projectID: projectID)
                guard !row.isBusy else { throw APIError.busy("volume", id, status: row.status) }
                guard row.status != "in-use" else {
                    throw APIError(.busyOrForbidden, "volume \(id) is attached; detach it first")
                }
                return try await gateway.transition(
                    row, from: ["available", "error"], to: "deleting", job: VolumeJobs.delete,
                    params: VolumeJobs.Params(resourceID: id), context: context)
            }
        }
        router.register("AttachVolume") { (params: AttachVolume, context: ActionContext) -> JobResult in
            let projectID = try context.requireProject()
            let volume = try await gateway.owned(ResourceKind.volume, params.VolumeId, projectID: projectID)
            let instance = try await gateway.owned(ResourceKind.instance, params.InstanceId, projectID: projectID)
            guard instance.status == "active" else {
                throw APIError(.busyOrForbidden, "instance \(instance.id) is \(instance.status); it must be active")
            }
            guard volume.status == "available" else {
                throw APIError(.busyOrForbidden, "volume \(volume.id) is \(volume.status); it must be available")
            }
            let jobID = try await gateway.transition(
                volume, from: ["available"], to: "attaching", job: VolumeJobs.attach,
                params: VolumeJobs.AttachParams(resourceID: volume.id, instanceID: instance.id), context: context)
            return JobResult(JobId: jobID.rawValue)
        }
        router.register("DetachVolume") { (params: DetachVolume, context: ActionContext) -> JobResult in
            let projectID = try context.requireProject()
            let volume = try await gateway.owned(ResourceKind.volume, params.VolumeId, projectID: projectID)
            guard volume.status == "in-use", let instanceID = Attributes.value(volume.attributes, "attachedTo"), !instanceID.isEmpty else {
                throw APIError(.busyOrForbidden, "volume \(volume.id) is \(volume.status); it must be in-use")
            }
            let jobID = try await gateway.transition(
                volume, from: ["in-use"], to: "detaching", job: VolumeJobs.detach,
                params: VolumeJobs.AttachParams(resourceID: volume.id, instanceID: instanceID), context: context)
            return JobResult(JobId: jobID.rawValue)
        }
    }
}

extension Gateway {
    /// Moves a row to a busy status (if it is still in one of `from`) and enqueues the job that
    /// finishes the transition (`attributes`, when given, replace the row's). A concurrent request
    /// that moved it first gets 4105.
    func transition(
        _ row: ResourceRow, from: Set<String>, to status: String, job action: String, params: some Encodable,
        attributes: [UInt8]? = nil, context: ActionContext
    ) async throws -> JobID {
        let jobID = JobID.random()
        guard try await store.updateResource(
            row.id, from: from, status: status, providerID: nil, jobID: jobID.rawValue, attributes: attributes, now: Date()) != nil
        else { throw APIError.busy(row.kind, row.id, status: row.status) }
        return try await enqueueWithID(jobID, action, resourceID: row.id, params: params, context: context)
    }
}
