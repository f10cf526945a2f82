import Foundation
import StratusJobs
import StratusTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 a worker process with jobs running: every job still ends finished, nothing is lost,
/// and no job's handler completes twice — except the ones whose completion the crash itself
/// swallowed (the handler returned, the worker died before writing it), which is exactly the
/// at-least-once window, and which the test identifies and checks separately.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static var fixturePath: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("stratus-jobs-fixture").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    @Test("a worker killed with SIGKILL loses no job and finishes none twice", arguments: StoreKind.configured)
    func killMinusNine(kind: StoreKind) async throws {
        guard let fixture = Self.fixturePath else {
            Issue.record("stratus-jobs-fixture not built next to the test bundle (swift build --build-tests builds it)")
            return
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let effectsPath = directory.path + "/effects.log"
        try await withFreshStore(kind, storeArguments: ["--sqlite", directory.path + "/jobs.sqlite"]) { store, storeArguments in
            let jobs = try (0..<40).map { _ in
                try NewJob(projectID: "p", action: "Effect", encoding: EffectParams(milliseconds: 300),
                           tryPeriod: .milliseconds(50), tryMax: 3)
            }
            _ = try await store.enqueue(jobs, now: Date())

            let victim = Process()
            victim.executableURL = URL(fileURLWithPath: fixture)
            victim.arguments = storeArguments + ["--effects", effectsPath, "--owner", "victim", "--exec", "8", "--lease-ms", "1000"]
            victim.standardOutput = FileHandle.nullDevice
            victim.standardError = FileHandle.nullDevice
            try victim.run()
            // Let it finish some jobs and be in the middle of others.
            _ = try await eventually(timeout: .seconds(30), "the victim to be mid-run") { () -> Bool? in
                let lines = EffectLines(path: effectsPath)
                return lines.ends.count >= 8 && lines.starts.count >= lines.ends.count + 4 ? true : nil
            }
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            #expect(victim.terminationReason == .uncaughtSignal)

            // What the crash left: jobs the victim ran to the end but could not record.
            let atCrash = EffectLines(path: effectsPath)
            let snapshot = try await store.jobs(JobQuery(ids: jobs.map(\.id), limit: 1000)).jobs
            let finishedAtCrash = Set(snapshot.filter { $0.status == .finished }.map(\.id.rawValue))
            let swallowed = Set(atCrash.ends.map(\.job)).subtracting(finishedAtCrash)
            let runningAtCrash = snapshot.filter { $0.status == .running }.count
            #expect(runningAtCrash > 0, "the kill hit running jobs")

            // A survivor in this process takes over once the victim's leases lapse.
            var handlers = JobHandlers()
            let log = EffectAppender(path: effectsPath)
            handlers.register("Effect") { (params: EffectParams, context: JobContext) in
                log.append("start \(context.job.id) survivor \(context.attempt)")
                try await Task.sleep(for: .milliseconds(params.milliseconds))
                log.append("end \(context.job.id) survivor \(context.attempt)")
            }
            let survivor = JobWorker(store: store, handlers: handlers, configuration: quickConfiguration {
                $0.owner = "survivor"
                $0.execSize = 8
                $0.pickSize = 8
                $0.lease = .seconds(4)  // its own leases must outlast a starved renewal on a busy machine
                $0.pollInterval = .milliseconds(100)
            })
            let done = try await withRunningWorker(survivor) { _ in
                try await waitUntilFinal(store, jobs.map(\.id), timeout: .seconds(60))
            }

            #expect(done.count == 40)
            #expect(done.allSatisfy { $0.status == .finished }, "every job finished")
            let after = EffectLines(path: effectsPath)
            for job in done {
                let ends = after.ends.filter { $0.job == job.id.rawValue }
                if swallowed.contains(job.id.rawValue) {
                    #expect(ends.count == 2, "\(job.id): ran to the end before the crash, and once after")
                } else {
                    #expect(ends.count == 1, "\(job.id) completed \(ends.count) times")
                }
                if finishedAtCrash.contains(job.id.rawValue) {
                    #expect(ends.allSatisfy { $0.owner == "victim" }, "finished jobs are never run again")
                }
            }
            #expect(after.ends.contains { $0.owner == "survivor" })
        }
    }
}

struct EffectParams: Codable, Sendable { var milliseconds: Int }

/// The effects file: "start|end JOB OWNER ATTEMPT" lines.
struct EffectLines {
    struct Line { var job: String; var owner: String }
    var starts: [Line] = []
    var ends: [Line] = []

    init(path: String) {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4 else { continue }
            let entry = Line(job: parts[1], owner: parts[2])
            if parts[0] == "start" { starts.append(entry) } else if parts[0] == "end" { ends.append(entry) }
        }
    }
}

/// Appends lines with O_APPEND (shared with the fixture process).
final class EffectAppender: Sendable {
    private let descriptor: Int32
    init(path: String) { descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644) }
    func append(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
