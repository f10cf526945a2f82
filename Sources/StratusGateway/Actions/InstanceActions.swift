import Foundation
import StratusJobs
import StratusService

/// `RunInstances`, `DescribeInstances`, `TerminateInstances`.
struct InstanceActions {
    let gateway: Gateway

    struct RunInstances: Decodable {
        var ImageId: String
        var FlavorId: String
        var Count: Int?
        var Name: String?
        var NetworkIds: [String]?
    }
    struct DescribeInstances: Decodable {
        var InstanceIds: [String]?
        var Status: [String]?
        var Limit: Int?
        var Offset: Int?
    }
    struct TerminateInstances: Decodable { var InstanceIds: [String] }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("RunInstances") { (params: RunInstances, context: ActionContext) -> StartedResult in
            try await run(params, context: context)
        }
        router.register("DescribeInstances") { (params: DescribeInstances, context: ActionContext) -> DescribeResult in
            if let ids = params.InstanceIds { _ = try Gateway.uniqueIDs("InstanceIds", ids, max: 1000) }
            return try await gateway.describe(
                ResourceKind.instance, ids: params.InstanceIds, statuses: params.Status,
                paging: try Paging(limit: params.Limit, offset: params.Offset), context: context)
        }
        router.register("TerminateInstances") { (params: TerminateInstances, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let ids = try Gateway.uniqueIDs("InstanceIds", params.InstanceIds)
            return try await gateway.batch(ids) { id in
                let row = try await gateway.owned(ResourceKind.instance, id, projectID: projectID)
                guard !row.isBusy else { throw APIError.busy("instance", id, status: row.status) }
                try await gateway.refuseIfVolumesAttached(to: id, projectID: projectID)
                let jobID = JobID.random()
                guard try await gateway.store.updateResource(
                    id, from: ["active", "error"], status: "terminating", providerID: nil, jobID: jobID.rawValue,
                    attributes: nil, now: Date()) != nil
                else { throw APIError.busy("instance", id, status: row.status) }
                return try await gateway.enqueueWithID(
                    jobID, InstanceJobs.delete, resourceID: id, params: InstanceJobs.Params(resourceID: id), context: context)
            }
        }
    }

    private func run(_ params: RunInstances, context: ActionContext) async throws -> StartedResult {
        let projectID = try context.requireProject()
        let count = params.Count ?? 1
        try Check.range("Count", count, 1...100)
        try Check.text("ImageId", params.ImageId, max: 64)
        try Check.text("FlavorId", params.FlavorId, max: 64)
        if let name = params.Name { try Check.text("Name", name, max: 128) }
        if let networks = params.NetworkIds { for id in networks { try Check.text("NetworkIds item", id, max: 64) } }
        let now = Date()
        var attributes = ["imageId": params.ImageId, "flavorId": params.FlavorId]
        if let networks = params.NetworkIds { attributes["networkIds"] = networks.joined(separator: ",") }
        let encoded = try Attributes.encode(attributes)
        let planned = (0..<count).map { index -> (ResourceRow, JobID) in
            let id = ResourceKind.newID(ResourceKind.instance)
            let jobID = JobID.random()
            let name = params.Name.map { count > 1 ? "\($0)-\(index + 1)" : $0 } ?? id
            return (ResourceRow(
                id: id, projectID: projectID, kind: ResourceKind.instance, status: "creating", name: name,
                jobID: jobID.rawValue, attributes: encoded, created: now, updated: now), jobID)
        }
        // Rows and quota in one transaction; then the jobs, keyed by the request's idempotency key.
        try await gateway.store.insertResources(planned.map(\.0), enforcing: true)
        var jobIDs: [String] = []
        for (row, jobID) in planned {
            jobIDs.append(try await gateway.enqueueWithID(
                jobID, InstanceJobs.create, resourceID: row.id, params: InstanceJobs.Params(resourceID: row.id),
                context: context).rawValue)
        }
        return StartedResult(Ids: planned.map(\.0.id), JobIds: jobIDs)
    }
}

extension Gateway {
    /// 4105 if a volume is attached to (or attaching to, or detaching from) the instance.
    func refuseIfVolumesAttached(to instanceID: String, projectID: String) async throws {
        let (volumes, _) = try await store.resources(ResourceQuery(
            projectID: projectID, kind: ResourceKind.volume, statuses: ["in-use", "attaching", "detaching"], limit: 1000))
        let attached = volumes.filter { Attributes.value($0.attributes, "attachedTo") == instanceID }.map(\.id)
        guard attached.isEmpty else {
            throw APIError(.busyOrForbidden, "instance \(instanceID) has volumes attached (\(attached.joined(separator: ", "))); detach them first")
        }
    }

    /// Enqueues with a chosen job id (the row already names it).
    func enqueueWithID(_ id: JobID, _ action: String, resourceID: String, params: some Encodable, context: ActionContext)
        async throws -> JobID
    {
        let key = context.idempotencyKey.map { "\($0)/\(action)/\(resourceID)" }
        let job = try NewJob(
            id: id, projectID: try context.requireProject(), action: action, encoding: params, idempotencyKey: key,
            contextID: context.contextID, tryPeriod: configuration.jobTryPeriod, tryMax: configuration.jobTryMax)
        return try await jobs.enqueue([job], now: Date()).first!.job.id
    }
}
