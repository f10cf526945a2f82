import Foundation
import StratusJobs
import StratusService

/// `AllocateEips`, `DescribeEips`, `AssociateEip`, `DissociateEips`, `ReleaseEips`: elastic IPs,
/// each a Neutron floating IP on the configured external network.
///
/// Statuses: `allocating` → `available` ⇄ (`associating` → `associated`, `dissociating` →
/// `available`), `releasing` → `deleted`; a failed allocation ends in `error`. Every `-ing`
/// status is busy. The row's attributes hold `address` and, while associated, `instanceId`.
struct EipActions {
    let gateway: Gateway

    struct AllocateEips: Decodable { var Count: Int?; var Name: String? }
    struct DescribeEips: Decodable { var EipIds: [String]?; var Status: [String]?; var Limit: Int?; var Offset: Int? }
    struct AssociateEip: Decodable { var EipId: String; var InstanceId: String }
    struct EipIds: Decodable { var EipIds: [String] }

    /// An EIP as `DescribeEips` shows it.
    struct EipView: Encodable {
        var Id: String
        var Name: String
        var Status: String
        var Address: String?
        var InstanceId: String?
        var ProviderId: String?
        var JobId: String?
        var Error: String?
        var Created: Date
        var Updated: Date

        init(_ row: ResourceRow) {
            Id = row.id
            Name = row.name
            Status = row.status
            Address = Attributes.value(row.attributes, "address").flatMap { $0.isEmpty ? nil : $0 }
            InstanceId = Attributes.value(row.attributes, "instanceId").flatMap { $0.isEmpty ? nil : $0 }
            ProviderId = row.providerID
            JobId = row.jobID
            Error = Attributes.value(row.attributes, "error") ?? Attributes.value(row.attributes, "lastError")
            Created = row.created
            Updated = row.updated
        }
    }
    struct DescribeEipsResult: Encodable { var Items: [EipView]; var Total: Int }
    struct JobResult: Encodable { var JobId: String }

    func register(in router: inout ActionRouter) {
        let gateway = self.gateway
        router.register("AllocateEips") { (params: AllocateEips, context: ActionContext) -> StartedResult in
            let count = params.Count ?? 1
            try Check.range("Count", count, 1...100)
            if let name = params.Name { try Check.name("Name", name) }
            return try await gateway.create(
                ResourceKind.eip, count: count, name: params.Name, status: "allocating", job: EipJobs.allocate,
                context: context)
        }
        router.register("DescribeEips") { (params: DescribeEips, context: ActionContext) -> DescribeEipsResult in
            if let ids = params.EipIds { _ = try Gateway.uniqueIDs("EipIds", ids, max: 1000) }
            let (rows, total) = try await gateway.describeRows(
                ResourceKind.eip, ids: params.EipIds, statuses: params.Status,
                paging: try Paging(limit: params.Limit, offset: params.Offset), context: context)
            return DescribeEipsResult(Items: rows.map(EipView.init), Total: total)
        }
        router.register("AssociateEip") { (params: AssociateEip, context: ActionContext) -> JobResult in
            let projectID = try context.requireProject()
            try Check.text("EipId", params.EipId, max: 64)
            try Check.text("InstanceId", params.InstanceId, max: 64)
            let eip = try await gateway.owned(ResourceKind.eip, params.EipId, projectID: projectID)
            let instance = try await gateway.owned(ResourceKind.instance, params.InstanceId, projectID: projectID)
            guard !eip.isBusy else { throw APIError.busy("eip", eip.id, status: eip.status) }
            guard instance.status == "active" else {
                throw APIError(.busyOrForbidden, "instance \(instance.id) is \(instance.status); it must be active")
            }
            guard eip.status == "available" else {
                throw APIError(.busyOrForbidden, "eip \(eip.id) is \(eip.status); it must be available (dissociate it first)")
            }
            let jobID = try await gateway.transition(
                eip, from: ["available"], to: "associating", job: EipJobs.associate,
                params: EipJobs.AssociateParams(resourceID: eip.id, instanceID: instance.id),
                attributes: try Attributes.merging(eip.attributes, ["instanceId": instance.id]), context: context)
            return JobResult(JobId: jobID.rawValue)
        }
        router.register("DissociateEips") { (params: EipIds, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let ids = try Gateway.uniqueIDs("EipIds", params.EipIds)
            return try await gateway.batch(ids) { id in
                let row = try await gateway.owned(ResourceKind.eip, id, projectID: projectID)
                guard !row.isBusy else { throw APIError.busy("eip", id, status: row.status) }
                guard row.status == "associated" else {
                    throw APIError(.busyOrForbidden, "eip \(id) is \(row.status); only an associated eip can be dissociated")
                }
                return try await gateway.transition(
                    row, from: ["associated"], to: "dissociating", job: EipJobs.dissociate,
                    params: ResourceJobParams(resourceID: id), context: context)
            }
        }
        router.register("ReleaseEips") { (params: EipIds, context: ActionContext) -> [APIError.ItemOutcome] in
            let projectID = try context.requireProject()
            let ids = try Gateway.uniqueIDs("EipIds", params.EipIds)
            return try await gateway.batch(ids) { id in
                let row = try await gateway.owned(ResourceKind.eip, id, projectID: projectID)
                guard !row.isBusy else { throw APIError.busy("eip", id, status: row.status) }
                guard row.status != "associated" else {
                    let instance = Attributes.value(row.attributes, "instanceId") ?? "an instance"
                    throw APIError(.busyOrForbidden, "eip \(id) is associated with \(instance); dissociate it before releasing it")
                }
                return try await gateway.transition(
                    row, from: ["available", "error"], to: "releasing", job: EipJobs.release,
                    params: ResourceJobParams(resourceID: id), context: context)
            }
        }
    }
}

extension Gateway {
    /// 4105 if an EIP is associated with (or being associated with, or dissociated from) the
    /// instance: the server's delete would take the association away behind the EIP's back.
    func refuseIfEipsAssociated(to instanceID: String, projectID: String) async throws {
        let (eips, _) = try await store.resources(ResourceQuery(
            projectID: projectID, kind: ResourceKind.eip, statuses: ["associated", "associating", "dissociating"], limit: 1000))
        let associated = eips.filter { Attributes.value($0.attributes, "instanceId") == instanceID }.map(\.id)
        guard associated.isEmpty else {
            throw APIError(
                .busyOrForbidden,
                "instance \(instanceID) has eips associated (\(associated.joined(separator: ", "))); dissociate them first")
        }
    }
}
