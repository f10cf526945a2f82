import Foundation
import StratusJobs
import StratusService

/// `DescribeJobs`: the caller's jobs, newest first.
struct JobActions {
    let gateway: Gateway

    struct DescribeJobs: Decodable { var JobIds: [String]?; var Status: [String]?; var Limit: Int?; var Offset: Int? }

    struct JobView: Encodable {
        var JobId: String
        var Action: String
        var Status: String
        var Error: String?
        var Result: String?
        var Trys: Int
        var TryMax: Int
        var ContextId: String?
        var Created: Date
        var Updated: Date
    }
    struct Result: Encodable { var Jobs: [JobView]; var Total: Int }

    func register(in router: inout ActionRouter) {
        let jobs = gateway.jobs
        router.register("DescribeJobs") { (params: DescribeJobs, context: ActionContext) -> Result in
            let projectID = try context.requireProject()
            let paging = try Paging(limit: params.Limit, offset: params.Offset)
            var statuses: Set<JobStatus>?
            if let names = params.Status {
                statuses = Set(try names.map { name in
                    guard let status = JobStatus(rawValue: name) else {
                        throw APIError.invalid("Status", "each must be one of pending, running, finished, error; got \(name)")
                    }
                    return status
                })
            }
            if let ids = params.JobIds { _ = try Gateway.uniqueIDs("JobIds", ids, max: 1000) }
            let page = try await jobs.jobs(JobQuery(
                projectID: projectID, ids: params.JobIds?.map(JobID.init(rawValue:)), statuses: statuses,
                limit: paging.limit, offset: paging.offset))
            return Result(
                Jobs: page.jobs.map { job in
                    JobView(
                        JobId: job.id.rawValue, Action: job.action, Status: job.status.rawValue, Error: job.error,
                        Result: job.result.map { String(decoding: $0, as: UTF8.self) }, Trys: job.trys, TryMax: job.tryMax,
                        ContextId: job.contextID, Created: job.created, Updated: job.updated)
                },
                Total: page.total)
        }
    }
}

// DescribeJobs is the hottest read: write its answer without JSONEncoder (same bytes; the
// Encodable conformances above stay the specification, and a test compares the two).
extension JobActions.JobView: ActionJSONWritable {
    func write(to json: inout ActionJSONWriter) {
        json.object { json in
            json.field("Action", Action)
            json.field("ContextId", ContextId)
            json.field("Created", Created)
            json.field("Error", Error)
            json.field("JobId", JobId)
            json.field("Result", Result)
            json.field("Status", Status)
            json.field("TryMax", TryMax)
            json.field("Trys", Trys)
            json.field("Updated", Updated)
        }
    }
}

extension JobActions.Result: ActionJSONWritable {
    func write(to json: inout ActionJSONWriter) {
        json.object { json in
            json.key("Jobs")
            json.array(Jobs) { json, job in job.write(to: &json) }
            json.field("Total", Total)
        }
    }
}
