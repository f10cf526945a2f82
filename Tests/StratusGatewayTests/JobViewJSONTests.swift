import Foundation
@testable import StratusGateway
import StratusService
import Testing

/// DescribeJobs writes its answer with `ActionJSONWriter`; the `Encodable` conformance is the
/// specification. A job with every field, one with none of the optional ones, and awkward text.
@Suite("DescribeJobs JSON")
struct JobViewJSONTests {
    static func views() -> [JobActions.JobView] {
        [
            JobActions.JobView(
                JobId: "job-1", Action: "RunInstances", Status: "finished", Error: nil, Result: #"{"Ids":["i-1"]}"#,
                Trys: 1, TryMax: 3, ContextId: "ctx-00000000000000ff",
                Created: Date(timeIntervalSince1970: 1_795_000_000.25), Updated: Date(timeIntervalSince1970: 1_795_000_009.75)),
            JobActions.JobView(
                JobId: "job-2", Action: "TerminateInstances", Status: "error", Error: "nova said:\n\t\"No valid host\" \\ 500 ✗",
                Result: nil, Trys: 3, TryMax: 3, ContextId: nil,
                Created: Date(timeIntervalSince1970: 0), Updated: Date(timeIntervalSince1970: 1)),
        ]
    }

    @Test("the written answer is byte for byte JSONEncoder's")
    func sameBytes() throws {
        for jobs in [[], Array(Self.views().prefix(1)), Self.views()] {
            let result = JobActions.Result(Jobs: jobs, Total: jobs.count * 7)
            var writer = ActionJSONWriter()
            result.write(to: &writer)
            #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: try ActionJSON.encode(result), as: UTF8.self))
        }
    }
}
