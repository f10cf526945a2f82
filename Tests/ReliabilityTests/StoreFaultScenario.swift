import Foundation
import GRDB
import StratusJobs
import StratusService
import StratusTesting
import Testing

extension ReliabilityTests {
    static var postgresRestartURL: String? { environment["STRATUS_POSTGRES_RESTART_URL"] }
    static var postgresRestart: String? { environment["STRATUS_POSTGRES_RESTART"] }

    @Test("store faults: PostgreSQL restarted while serve and a worker on it run 50 creates",
          .enabled(if: postgresRestartURL != nil && postgresRestart != nil,
                   "no restartable PostgreSQL: set STRATUS_POSTGRES_RESTART_URL and STRATUS_POSTGRES_RESTART (bash .ci/run does)"))
    func postgresRestartMidRun() async throws {
        let directory = try Stack.scratch("pgrestart")
        let (cloud, simulator) = try await Stack.simulator(directory: directory, arguments: ["--build-seconds", "2"])
        let schema = "reliability_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try #require(Self.postgresRestartURL) + (Self.postgresRestartURL!.contains("?") ? "&" : "?") + "schema=\(schema)"
        let stack = Stack(directory: directory, database: url, cloud: cloud, simulator: simulator)
        do {
            try await stack.startServe()
            try stack.startWorker()
            let project = "pg-\(UUID().uuidString.prefix(6).lowercased())"
            let (client, _) = try await stack.project(project)
            let driver = GatewayDriver(client: client)
            let apiRetries = LockedBox(0)
            let started = ContinuousClock.now
            let sender = Task {
                for request in 0..<10 {
                    let answer = try await driver.call(
                        "RunInstances", ["ImageId": Self.imageID, "FlavorId": "1", "Count": 5, "NetworkIds": [String](),
                                         "Name": "p\(request)"],
                        key: "pg-\(request)", patience: .seconds(120), retries: apiRetries)
                    #expect(answer.code == 0, "\(answer.message ?? "")")
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            try await Task.sleep(for: .milliseconds(1200))
            let restartStarted = ContinuousClock.now
            try await Self.shell(try #require(Self.postgresRestart))
            let restartTook = ContinuousClock.now - restartStarted
            try await sender.value
            let rows = try await driver.settle(timeout: .seconds(240))
            let census = try await CloudCensus.count(cloud: cloud, project: project, rows: rows)
            let serveAlive = stack.serve.map { kill($0.pid, 0) == 0 } ?? false
            Report.scenario("Store faults: PostgreSQL restarted mid-run (serve + 1 worker on it, 50 creates)", [
                ("restart took", restartTook.milliseconds),
                ("instances accepted", "\(rows.count) of 50"),
                ("ACTIVE / error / still in flight", "\(rows.filter { $0.status == "active" }.count) / \(rows.filter { $0.status == "error" }.count) / \(rows.filter { $0.status.hasSuffix("ing") }.count)"),
                ("API calls retried with the same Idempotency-Key", "\(apiRetries.withLock { $0 })"),
                ("instances with more than one server", "\(census.duplicateInstances)"),
                ("orphan servers", "\(census.orphans.count)"),
                ("serve still running (reconnected, not restarted)", serveAlive ? "yes" : "no"),
                ("time until all settled", (ContinuousClock.now - started).milliseconds),
            ])
            #expect(rows.count == 50)
            #expect(rows.allSatisfy { $0.status == "active" })
            #expect(census.duplicateInstances == 0)
            #expect(census.orphans.isEmpty)
            #expect(serveAlive)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    @Test("store faults: the SQLite file's disk fills up — a clear error, nothing corrupted, back to work when space returns",
          .enabled(if: getuid() == 0, "mounting a small tmpfs needs root (CI runs as root)"))
    func sqliteDiskFull() async throws {
        let directory = try Stack.scratch("diskfull")
        let mountPoint = directory + "/small-disk"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        do {
            try await Self.shell("mount -t tmpfs -o size=6m tmpfs '\(mountPoint)'")
        } catch {
            Issue.record("cannot mount a tmpfs here (\(error)); the disk-full scenario needs it")
            return
        }
        let (cloud, simulator) = try await Stack.simulator(directory: directory, arguments: ["--build-seconds", "0.3"])
        let stack = Stack(directory: directory, database: mountPoint + "/stratus.sqlite", cloud: cloud, simulator: simulator)
        do {
            try await stack.startServe()
            let (client, _) = try await stack.project("disk")
            let driver = GatewayDriver(client: client)
            let first = try await client.call("RunInstances", ["ImageId": Self.imageID, "FlavorId": "1", "NetworkIds": [String]()])
            #expect(first.code == 0)
            _ = try await driver.settle(timeout: .seconds(60))
            // Fill the disk to the last byte.
            try? await Self.shell("dd if=/dev/zero of='\(mountPoint)/filler' bs=64k 2>/dev/null")
            var answers: [Int] = []
            for index in 0..<5 {
                let answer = try await client.call("RunInstances", ["ImageId": Self.imageID, "FlavorId": "1",
                                                                    "NetworkIds": [String](), "Name": "full-\(index)"])
                answers.append(answer.code)
            }
            let readWhileFull = try await client.call("DescribeInstances")
            let stillRunning = kill(stack.serve?.pid ?? 0, 0) == 0
            // Space returns.
            try FileManager.default.removeItem(atPath: mountPoint + "/filler")
            var recovered: ActionClient.Answer?
            for _ in 0..<20 {
                let answer = try await client.call("RunInstances", ["ImageId": Self.imageID, "FlavorId": "1",
                                                                    "NetworkIds": [String](), "Name": "after"])
                if answer.code == 0 { recovered = answer; break }
                try await Task.sleep(for: .milliseconds(500))
            }
            let rows = try await driver.settle(timeout: .seconds(60))
            await stack.stop()
            let integrity = try Self.integrityCheck(mountPoint + "/stratus.sqlite")
            let jobs = try await SQLiteJobStore(path: mountPoint + "/stratus.sqlite").jobs(JobQuery(limit: 1000))
            Report.scenario("Store faults: the SQLite file's disk full (6 MB tmpfs)", [
                ("RunInstances while full", answers.map(String.init).joined(separator: ", ") + " (5000: internal error, with the context id to report)"),
                ("DescribeInstances while full", "code \(readWhileFull.code)"),
                ("serve still running while full", stillRunning ? "yes" : "no"),
                ("RunInstances after space returned", recovered.map { "code \($0.code)" } ?? "never succeeded"),
                ("rows / jobs written", "\(rows.count) / \(jobs.total) (one per accepted request: nothing half-written)"),
                ("PRAGMA integrity_check", integrity),
            ])
            #expect(answers.allSatisfy { $0 == 5000 }, "\(answers)")
            #expect(readWhileFull.code == 0)
            #expect(stillRunning)
            #expect(recovered != nil)
            #expect(rows.count == 2 && jobs.total == 2)
            #expect(rows.allSatisfy { $0.status == "active" })
            #expect(integrity == "ok")
        } catch {
            await stack.stop()
            try? await Self.shell("umount '\(mountPoint)'")
            throw error
        }
        try? await Self.shell("umount '\(mountPoint)'")
    }

    /// SQLite's own verdict on a database file.
    static func integrityCheck(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "?" }
    }

    /// Runs a shell command; throws with its output when it fails.
    static func shell(_ command: String) async throws {
        let child = try ChildProcess("/bin/sh", ["-c", command], environment: ProcessInfo.processInfo.environment)
        let status = await child.wait()
        await child.drain()
        guard status == 0 else { throw StackError("`\(command)` exited \(status): \(child.output)\(child.errorOutput)") }
    }
}
