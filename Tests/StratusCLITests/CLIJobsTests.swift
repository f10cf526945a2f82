import Foundation
import StratusJobs
import Testing

/// `stratus jobs` against a job store file, as an operator steers a queue `serve` filled.
@Suite("stratus jobs", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct CLIJobsTests {
    @Test("list, show, cancel a pending job, retry it; errors name the job and exit 1; a missing file is a usage error")
    func listShowCancelRetry() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-cli-jobs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("stratus.sqlite").path
        let store = try SQLiteJobStore(path: path)
        try await store.migrate()
        let jobs = [
            NewJob(projectID: "demo", action: "gateway.CreateInstance", params: Array(#"{"name":"web"}"#.utf8)),
            NewJob(projectID: "other", action: "gateway.DeleteInstance", params: Array("{}".utf8)),
        ]
        _ = try await store.enqueue(jobs, now: Date())
        let database = ["--database", path]

        let listed = try await StratusBinary.run(["jobs", "list", "--project", "demo", "--format", "json"] + database)
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["id"] as? String == jobs[0].id.rawValue)
        #expect(rows.first?["status"] as? String == "pending")

        let shown = try await StratusBinary.run(["jobs", "show", jobs[0].id.rawValue, "--format", "json"] + database)
        #expect(shown.status == 0)
        let job = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(job["params"] as? String == #"{"name":"web"}"#)

        let cancelled = try await StratusBinary.run(["jobs", "cancel", jobs[0].id.rawValue, "--reason", "not today"] + database)
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        let stored = try await store.job(jobs[0].id)
        #expect(stored?.status == .error)
        #expect(stored?.error == "not today")

        let twice = try await StratusBinary.run(["jobs", "cancel", jobs[0].id.rawValue] + database)
        #expect(twice.status == 1)
        #expect(twice.stderr.hasPrefix("error: job store:") && twice.stderr.contains("only a pending job"), "\(twice.stderr)")

        let retried = try await StratusBinary.run(["jobs", "retry", jobs[0].id.rawValue, "--format", "yaml"] + database)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout.contains("status: \"pending\""))

        let errors = try await StratusBinary.run(["jobs", "list", "--status", "error", "--format", "json"] + database)
        #expect(errors.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")

        let missing = try await StratusBinary.run(["jobs", "list", "--database", directory.appendingPathComponent("nope.sqlite").path])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no job store at"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nope.sqlite").path))

        let badStatus = try await StratusBinary.run(["jobs", "list", "--status", "done"] + database)
        #expect(badStatus.status == 64)
    }
}
