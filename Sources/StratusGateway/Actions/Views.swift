import Foundation
import StratusJobs
import StratusService

/// A resource as the Describe actions show it.
struct ResourceView: Encodable {
    var Id: String
    var Name: String
    var Status: String
    var ProviderId: String?
    var JobId: String?
    var Size: Int?
    var Attributes: [String: String]
    var Created: Date
    var Updated: Date

    init(_ row: ResourceRow) {
        Id = row.id
        Name = row.name
        Status = row.status
        ProviderId = row.providerID
        JobId = row.jobID
        Size = row.kind == ResourceKind.volume ? row.size : nil
        Attributes = (try? JSONDecoder().decode([String: String].self, from: Data(row.attributes))) ?? [:]
        Created = row.created
        Updated = row.updated
    }
}

struct DescribeResult: Encodable {
    var Items: [ResourceView]
    var Total: Int
}

struct StartedResult: Encodable {
    var Ids: [String]
    var JobIds: [String]
}

extension Gateway {
    /// Lists rows of `kind` for the caller, first settling rows whose job ended in error without
    /// its handler getting the chance to say so (e.g. a run that kept crashing its worker).
    func describe(_ kind: String, ids: [String]?, statuses: [String]?, paging: Paging, context: ActionContext)
        async throws -> DescribeResult
    {
        let (rows, total) = try await describeRows(kind, ids: ids, statuses: statuses, paging: paging, context: context)
        return DescribeResult(Items: rows.map(ResourceView.init), Total: total)
    }

    /// The rows ``describe(_:ids:statuses:paging:context:)`` shows, for actions with their own view.
    func describeRows(_ kind: String, ids: [String]?, statuses: [String]?, paging: Paging, context: ActionContext)
        async throws -> (rows: [ResourceRow], total: Int)
    {
        let projectID = try context.requireProject()
        let query = ResourceQuery(
            projectID: projectID, kind: kind, ids: ids, statuses: statuses, includeDeleted: ids != nil,
            limit: paging.limit, offset: paging.offset)
        var (rows, total) = try await store.resources(query)
        for (index, row) in rows.enumerated() where row.isBusy {
            guard let jobID = row.jobID, let job = try await jobs.job(JobID(rawValue: jobID)), job.status == .error else { continue }
            let attributes = try Attributes.merging(row.attributes, ["error": job.error ?? "job failed"])
            if let settled = try await store.updateResource(
                row.id, from: [row.status], status: "error", providerID: nil, jobID: nil, attributes: attributes, now: Date())
            {
                rows[index] = settled
            }
        }
        return (rows, total)
    }
}

/// Small helpers for the JSON attributes of rows.
enum Attributes {
    static func encode(_ values: [String: String]) throws -> [UInt8] { try JobJSON.encode(values) }

    static func merging(_ bytes: [UInt8], _ values: [String: String]) throws -> [UInt8] {
        var current = (try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:]
        current.merge(values) { $1 }
        return try JobJSON.encode(current)
    }

    static func value(_ bytes: [UInt8], _ key: String) -> String? {
        ((try? JSONDecoder().decode([String: String].self, from: Data(bytes))) ?? [:])[key]
    }
}
