import Foundation
import StratusJobs
import StratusService

/// `CreateImage` (a snapshot of an instance) and `DescribeImages`.
struct ImageActions {
    let gateway: Gateway

    struct CreateImage: Decodable { var InstanceId: String; var Name: String }
    struct DescribeImages: Decodable { var ImageIds: [String]?; var Status: [String]?; var Limit: Int?; var Offset: Int? }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("CreateImage") { (params: CreateImage, context: ActionContext) -> StartedResult in
            let projectID = try context.requireProject()
            try Check.text("Name", params.Name, max: 128)
            let instance = try await gateway.owned(ResourceKind.instance, params.InstanceId, projectID: projectID)
            guard instance.status == "active" else {
                throw APIError(.busyOrForbidden, "instance \(instance.id) is \(instance.status); it must be active")
            }
            let now = Date()
            let id = ResourceKind.id(ResourceKind.image, index: 0, context: context)
            let jobID = Gateway.jobID(ResourceKind.image, index: 0, context: context)
            let row = ResourceRow(
                id: id, projectID: projectID, kind: ResourceKind.image, status: "creating", name: params.Name,
                jobID: jobID.rawValue, attributes: try Attributes.encode(["instanceId": instance.id]), created: now, updated: now)
            try await gateway.insertOnce([row], context: context)
            let enqueued = try await gateway.enqueueWithID(
                jobID, ImageJobs.create, resourceID: id, params: ImageJobs.Params(resourceID: id, instanceID: instance.id),
                context: context)
            return StartedResult(Ids: [id], JobIds: [enqueued.rawValue])
        }
        router.register("DescribeImages") { (params: DescribeImages, context: ActionContext) -> DescribeResult in
            if let ids = params.ImageIds { _ = try Gateway.uniqueIDs("ImageIds", ids, max: 1000) }
            return try await gateway.describe(
                ResourceKind.image, ids: params.ImageIds, statuses: params.Status,
                paging: try Paging(limit: params.Limit, offset: params.Offset), context: context)
        }
    }
}
