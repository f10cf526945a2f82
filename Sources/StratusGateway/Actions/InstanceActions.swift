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
        _ = try context.requireProject()
        let count = params.Count ?? 1
        try Check.range("Count", count, 1...100)
        try Check.text("ImageId", params.ImageId, max: 64)
        try Check.text("FlavorId", params.FlavorId, max: 64)
        if let name = params.Name { try Check.text("Name", name, max: 128) }
        if let networks = params.NetworkIds { for id in networks { try Check.text("NetworkIds item", id, max: 64) } }
        var attributes = ["imageId": params.ImageId, "flavorId": params.FlavorId]
        if let networks = params.NetworkIds { attributes["networkIds"] = networks.joined(separator: ",") }
        return try await gateway.create(
            ResourceKind.instance, count: count, name: params.Name, attributes: try Attributes.encode(attributes),
            job: InstanceJobs.create, context: context)
    }
}

extension Gateway {
    /// Creates `count` rows of `kind` in status `creating` — quota checked in the same transaction —
    /// then one job per row (keyed by the request's idempotency key), and answers with both ids.
    ///
    /// With an `Idempotency-Key`, row and job ids are derived from the request, so a rerun after a
    /// first run that failed part-way (say the database restarted after the rows but before the
    /// last job) finds the rows and jobs already written and adds only what is missing — the same
    /// answer, nothing twice. Found by the reliability suite's PostgreSQL restart: 55 rows for 50.
    func create(
        _ kind: String, count: Int, name: String?, size: Int = 0, attributes: [UInt8] = Array("{}".utf8), job action: String,
        context: ActionContext
    ) async throws -> StartedResult {
        let projectID = try context.requireProject()
        let now = Date()
        let planned = (0..<count).map { index -> (ResourceRow, JobID) in
            let id = ResourceKind.id(kind, index: index, context: context)
            let jobID = Self.jobID(kind, index: index, context: context)
            let rowName = name.map { count > 1 ? "\($0)-\(index + 1)" : $0 } ?? id
            return (ResourceRow(
                id: id, projectID: projectID, kind: kind, status: "creating", name: rowName, size: size,
                jobID: jobID.rawValue, attributes: attributes, created: now, updated: now), jobID)
        }
        try await insertOnce(planned.map(\.0), context: context)
        var jobIDs: [String] = []
        for (row, jobID) in planned {
            jobIDs.append(try await enqueueWithID(
                jobID, action, resourceID: row.id, params: ResourceJobParams(resourceID: row.id), context: context).rawValue)
        }
        return StartedResult(Ids: planned.map(\.0.id), JobIds: jobIDs)
    }

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
    /// The job id for the `index`-th resource of `kind` a request creates: stable across reruns
    /// of a request with an `Idempotency-Key`, like ``ResourceKind/id(_:index:context:)``.
    static func jobID(_ kind: String, index: Int, context: ActionContext) -> JobID {
        context.stableDigits("job/\(kind)#\(index)", count: 24).map { JobID(rawValue: "job-" + $0) } ?? JobID.random()
    }

    /// Inserts `rows` — one transaction, quota enforced — unless a rerun of this request finds
    /// them already written (they went in together, so the first one tells).
    func insertOnce(_ rows: [ResourceRow], context: ActionContext) async throws {
        if context.idempotencyKey != nil, let first = rows.first, let existing = try await store.resource(first.id) {
            guard existing.projectID == first.projectID, existing.kind == first.kind else {
                throw APIError(.internalError, "resource id \(first.id) is taken by another resource")
            }
            return
        }
        try await store.insertResources(rows, enforcing: true)
    }

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
