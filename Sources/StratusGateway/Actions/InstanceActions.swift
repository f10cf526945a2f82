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
        /// Network ids or names; an empty list means no network, absent means Nova's choice.
        var NetworkIds: [String]?
        /// A subnet id or name: the instance's first network is the subnet's.
        var SubnetId: String?
        /// One of the project's key pairs, by the project's name for it.
        var KeyName: String?
        /// Base64 text handed to the instance (cloud-init), at most 65,535 bytes.
        var UserData: String?
        /// The project's security groups (`sg-…`); absent means the cloud's default group.
        var SecurityGroupIds: [String]?
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
                try await gateway.refuseIfEipsAssociated(to: id, projectID: projectID)
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
        if let networks = params.NetworkIds {
            try Check.range("NetworkIds count", networks.count, 0...16)
            for id in networks { try Check.text("NetworkIds item", id, max: 64) }
        }
        if let subnet = params.SubnetId { try Check.text("SubnetId", subnet, max: 64) }
        if let keyName = params.KeyName { try Check.keyPairName("KeyName", keyName) }
        if let userData = params.UserData { try Self.checkUserData(userData) }
        let groupIDs = try params.SecurityGroupIds.map { try Gateway.uniqueIDs("SecurityGroupIds", $0, max: 16) }
        var attributes = ["imageId": params.ImageId, "flavorId": params.FlavorId]
        // Names are resolved now, so a wrong or ambiguous one is refused before anything is written.
        if params.NetworkIds != nil || params.SubnetId != nil {
            var networkIDs: [String] = []
            if let subnet = params.SubnetId { networkIDs.append(try await gateway.networkID(ofSubnet: subnet)) }
            for network in params.NetworkIds ?? [] { networkIDs.append(try await gateway.networkID(network)) }
            attributes["networkIds"] = networkIDs.joined(separator: ",")
        }
        if let keyName = params.KeyName {
            _ = try await gateway.callCloud("KeyName \(keyName)") {
                try await gateway.cloud.compute.keyPair(name: KeyPairNames.cloudName(keyName, projectID: projectID))
            }
            attributes["keyName"] = keyName
        }
        if let groupIDs {
            var cloudIDs: [String] = []
            for id in groupIDs {
                let group = try await gateway.owned(ResourceKind.securityGroup, id, projectID: projectID)
                guard group.status == "available", let cloudID = group.providerID else {
                    throw APIError(.busyOrForbidden, "security group \(id) is \(group.status); it must be available")
                }
                cloudIDs.append(cloudID)
            }
            attributes["securityGroupIds"] = groupIDs.joined(separator: ",")
            attributes["securityGroupCloudIds"] = cloudIDs.joined(separator: ",")
        }
        let userData = params.UserData
        return try await gateway.create(
            ResourceKind.instance, count: count, name: params.Name, attributes: try Attributes.encode(attributes),
            job: InstanceJobs.create, jobParams: { InstanceJobs.CreateParams(resourceID: $0, userData: userData) },
            context: context)
    }

    /// Nova's limit on user data: 65,535 bytes of base64 text.
    static let userDataLimit = 65_535

    static func checkUserData(_ text: String) throws(APIError) {
        guard !text.isEmpty, text.utf8.count <= userDataLimit else {
            throw APIError.invalid("UserData", "must be 1 to \(userDataLimit) bytes of base64 text")
        }
        guard text.utf8.count % 4 == 0, Data(base64Encoded: text) != nil else {
            throw APIError.invalid("UserData", "must be base64 text (A-Z, a-z, 0-9, '+', '/', '=' padding to a multiple of 4)")
        }
    }
}

extension Gateway {
    /// Creates `count` rows of `kind` in `status` (`creating` unless said) — quota checked in the same transaction —
    /// then one job per row (keyed by the request's idempotency key), and answers with both ids.
    ///
    /// With an `Idempotency-Key`, row and job ids are derived from the request, so a rerun after a
    /// first run that failed part-way (say the database restarted after the rows but before the
    /// last job) finds the rows and jobs already written and adds only what is missing — the same
    /// answer, nothing twice. Found by the reliability suite's PostgreSQL restart: 55 rows for 50.
    func create(
        _ kind: String, count: Int, name: String?, size: Int = 0, attributes: [UInt8] = Array("{}".utf8),
        status: String = "creating", job action: String, context: ActionContext
    ) async throws -> StartedResult {
        try await create(
            kind, count: count, name: name, size: size, attributes: attributes, status: status, job: action,
            jobParams: { ResourceJobParams(resourceID: $0) }, context: context)
    }

    /// As above, with the job's parameters made from each row id.
    func create<P: Encodable>(
        _ kind: String, count: Int, name: String?, size: Int = 0, attributes: [UInt8] = Array("{}".utf8),
        status: String = "creating", job action: String, jobParams: (String) -> P, context: ActionContext
    ) async throws -> StartedResult {
        let projectID = try context.requireProject()
        let now = Date()
        let planned = (0..<count).map { index -> (ResourceRow, JobID) in
            let id = ResourceKind.id(kind, index: index, context: context)
            let jobID = Self.jobID(kind, index: index, context: context)
            let rowName = name.map { count > 1 ? "\($0)-\(index + 1)" : $0 } ?? id
            return (ResourceRow(
                id: id, projectID: projectID, kind: kind, status: status, name: rowName, size: size,
                jobID: jobID.rawValue, attributes: attributes, created: now, updated: now), jobID)
        }
        try await insertOnce(planned.map(\.0), context: context)
        var jobIDs: [String] = []
        for (row, jobID) in planned {
            jobIDs.append(try await enqueueWithID(
                jobID, action, resourceID: row.id, params: jobParams(row.id), context: context).rawValue)
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
