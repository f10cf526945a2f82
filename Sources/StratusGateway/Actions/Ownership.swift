import Foundation
import StratusJobs
import StratusService

extension Gateway {
    /// The row `id` of `kind` if it belongs to `projectID`: 4104 if there is none, 4103 if it is
    /// another project's (saying nothing more about it).
    func owned(_ kind: String, _ id: String, projectID: String) async throws -> ResourceRow {
        guard let row = try await store.resource(id), row.kind == kind, !row.isDeleted else {
            throw APIError.notFound(kind, id)
        }
        guard row.projectID == projectID else {
            throw APIError(.notYourProject, "\(kind) \(id) does not belong to your project")
        }
        return row
    }

    /// Runs `body` for each id, collecting per-item outcomes: all succeeded → the outcomes; one
    /// item that failed → its error; otherwise 5002 with every item's outcome.
    func batch(_ ids: [String], _ body: (String) async throws -> JobID) async throws -> [APIError.ItemOutcome] {
        var outcomes: [APIError.ItemOutcome] = []
        var failures: [APIError] = []
        for id in ids {
            do {
                outcomes.append(.success(id, jobID: try await body(id).rawValue))
            } catch let error as APIError {
                failures.append(error)
                outcomes.append(.failure(id, error))
            }
        }
        if failures.isEmpty { return outcomes }
        if ids.count == 1 { throw failures[0] }
        let succeeded = ids.count - failures.count
        throw APIError(.partialSuccess, "\(succeeded) of \(ids.count) succeeded", items: outcomes)
    }

    static func uniqueIDs(_ field: String, _ ids: [String], max: Int = 100) throws -> [String] {
        try Check.list(field, ids, max: max)
        var seen = Set<String>()
        for id in ids {
            try Check.text("\(field) item", id, max: 64)
            guard seen.insert(id).inserted else { throw APIError.invalid(field, "lists \(id) twice") }
        }
        return ids
    }
}

/// Paging parameters shared by the Describe actions.
struct Paging {
    var limit: Int
    var offset: Int

    init(limit: Int?, offset: Int?) throws {
        self.limit = limit ?? 100
        self.offset = offset ?? 0
        try Check.range("Limit", self.limit, 1...1000)
        try Check.range("Offset", self.offset, 0...10_000_000)
    }
}
