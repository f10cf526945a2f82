import Foundation
import StratusJobs
import StratusService
import StratusTesting
import Testing

/// Proof under fire: the whole system — `stratus serve`, extra `stratus worker`s, the job store,
/// a cloud — run as real processes, hit with faults and SIGKILL, then **counted**: jobs lost,
/// servers per instance and per client token, orphans, requests per server, secrets in logs.
/// Each scenario prints a table (and appends it to `$TMPDIR/stratus-reliability-report.md`).
@Suite("Reliability: the whole system under fire", .serialized,
       .enabled(if: Reliability.enabled, "set STRATUS_SYSTEM_TESTS=1 (the README's test command does)"))
struct ReliabilityTests {
    static let imageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"
    static let environment = ProcessInfo.processInfo.environment

    /// The real cloud of .ci/run when present, else a `stratus simulator` process.
    static func cloud(directory: String, simulatorArguments: [String]) async throws -> (Stack.Cloud, ChildProcess?, String) {
        if let yaml = environment["STRATUS_REALCLOUD_CLOUDS_YAML"], FileManager.default.fileExists(atPath: yaml) {
            return (Stack.Cloud(cloudsYAML: yaml, name: environment["STRATUS_REALCLOUD_CLOUD"] ?? "realcloud-demo"), nil,
                    "the real OpenStack (Keystone + Nova from ../shared/realcloud)")
        }
        let (cloud, process) = try await Stack.simulator(directory: directory, arguments: simulatorArguments)
        return (cloud, process, "the simulator (no real cloud configured)")
    }

    @Test("cloud faults: 1,000 creates through the gateway — 30% 503, 5% 429 + Retry-After, 10% ERROR builds, 10% answers dropped after commit")
    func cloudFaults() async throws {
        let directory = try Stack.scratch("faults")
        let (cloud, simulator) = try await Stack.simulator(directory: directory, arguments: [
            "--http503-rate", "0.3", "--http429-rate", "0.05", "--build-error-rate", "0.1", "--drop-after-commit-rate", "0.1",
            "--build-seconds", "0.5", "--seed", "11",
        ])
        let stack = Stack(directory: directory, cloud: cloud, simulator: simulator)
        do {
            try await stack.startServe(extra: ["--exec-size", "100", "--pick-size", "50"])
            let project = "faults-\(UUID().uuidString.prefix(6).lowercased())"
            let (client, secret) = try await stack.project(project)
            let driver = GatewayDriver(client: client)
            let started = ContinuousClock.now
            let apiRetries = LockedBox(0)
            let accepted = LockedBox(0)
            // Sustained read load on the API for as long as the creates run.
            let load = LoadGenerator()
            load.start(baseURL: client.baseURL, keyID: client.accessKeyID, secret: secret, action: "DescribeJobs",
                       params: ["Limit": 20], connections: 16)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<10 {
                    group.addTask {
                        for request in 0..<(10 * Reliability.soak) {
                            let answer = try await driver.call(
                                "RunInstances",
                                ["ImageId": Self.imageID, "FlavorId": "1", "Count": 10, "NetworkIds": [String](),
                                 "Name": "f\(lane)-\(request)"],
                                key: "faults-\(lane)-\(request)", retries: apiRetries)
                            #expect(answer.code == 0, "\(answer.message ?? "")")
                            accepted.withLock { $0 += ((answer.json?["data"] as? [String: Any])?["Ids"] as? [Any])?.count ?? 0 }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await driver.settle(timeout: .seconds(420 * Reliability.soak))
            let elapsed = ContinuousClock.now - started
            let loaded = await load.stop()
            Report.scenario("Load: signed DescribeJobs on 16 connections while the 1,000 creates ran", [
                ("requests", "\(loaded.requests) in \(String(format: "%.1f", loaded.seconds)) s (\(String(format: "%.0f", loaded.perSecond))/s)"),
                ("errors", "\(loaded.errors)\(loaded.firstError.map { " (first: \($0))" } ?? "")"),
                ("latency p50 / p99", "\(loaded.p50.milliseconds) / \(loaded.p99.milliseconds)"),
            ], notes: "Debug build, one 2-core machine shared by the load generator, the gateway, its worker and the simulator.")
            #expect(loaded.errors == 0, "\(loaded.firstError ?? "")")
            let url = try #require(cloud.simulatorURL)
            let requests = try await CloudCensus.simulatorRequests(url)
            try await CloudCensus.calmSimulator(url)
            let census = try await CloudCensus.count(cloud: cloud, project: project, rows: rows)
            let active = rows.filter { $0.status == "active" }
            let failed = rows.filter { $0.status == "error" }
            let busy = rows.filter { $0.status.hasSuffix("ing") }
            let unexplained = failed.filter { ($0.error ?? "").isEmpty }
            Report.scenario("Cloud faults (simulator): \(1000 * Reliability.soak) creates through the gateway", [
                ("instances accepted", "\(accepted.withLock { $0 })"),
                ("finished ACTIVE", "\(active.count)"),
                ("failed, with a reason", "\(failed.count - unexplained.count)"),
                ("failed without a reason", "\(unexplained.count)"),
                ("still in flight after the deadline", "\(busy.count)"),
                ("instances with more than one server", "\(census.duplicateInstances)"),
                ("client tokens on more than one server", "\(census.duplicateTokens)"),
                ("live servers with no gateway record", "\(census.orphans.count)"),
                ("API calls retried (same Idempotency-Key)", "\(apiRetries.withLock { $0 })"),
                ("cloud requests per ACTIVE server", active.isEmpty ? "-" : String(format: "%.1f", Double(requests) / Double(active.count))),
                ("time until all settled", "\(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"),
            ], notes: failed.first.map { "A failure's reason, as the gateway reports it: “\($0.error ?? "")”" })
            #expect(accepted.withLock { $0 } == 1000 * Reliability.soak)
            #expect(rows.count == 1000 * Reliability.soak)
            #expect(busy.isEmpty)
            #expect(unexplained.isEmpty)
            #expect(census.duplicateInstances == 0)
            #expect(census.duplicateTokens == 0)
            #expect(census.orphans.isEmpty, "orphans: \(census.orphans.prefix(5))")
            #expect(active.count >= 950 * Reliability.soak, "with two attempts per instance about 1% should fail, not \(failed.count)")
        } catch {
            // The processes' output, for the post-mortem.
            try? stack.allOutput.write(toFile: NSTemporaryDirectory() + "stratus-reliability-faults.log", atomically: true, encoding: .utf8)
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    @Test("crash: kill -9 a worker and the API process, again and again, while 100 instances are in flight (× STRATUS_SOAK)")
    func crash() async throws {
        let directory = try Stack.scratch("crash")
        let (cloud, simulator, cloudName) = try await Self.cloud(directory: directory, simulatorArguments: ["--build-seconds", "3"])
        let stack = Stack(directory: directory, cloud: cloud, simulator: simulator)
        do {
            try await stack.startServe(extra: ["--exec-size", "20"])
            try stack.startWorker()
            let project = "crash-\(UUID().uuidString.prefix(6).lowercased())"
            let (client, _) = try await stack.project(project)
            let driver = GatewayDriver(client: client)
            let apiRetries = LockedBox(0)
            let started = ContinuousClock.now
            // The client: 20 requests × 5 instances, one after another, each retried with its key.
            let sender = Task {
                for request in 0..<(20 * Reliability.soak) {
                    let answer = try await driver.call(
                        "RunInstances",
                        ["ImageId": Self.imageID, "FlavorId": "1", "Count": 5, "NetworkIds": [String](), "Name": "c\(request)"],
                        key: "crash-\(request)", patience: .seconds(180), retries: apiRetries)
                    #expect(answer.code == 0, "\(answer.message ?? "")")
                    try await Task.sleep(for: .milliseconds(150))
                }
            }
            // The chaos: kill at random moments while creates are in flight.
            var kills: [String] = []
            var generator = SystemRandomNumberGenerator()
            for round in 0..<(3 * Reliability.soak) {
                try await Task.sleep(for: .milliseconds(Int.random(in: 800...2500, using: &generator)))
                await stack.killWorker(0)
                kills.append("worker (round \(round + 1))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 300...1500, using: &generator)))
                await stack.killServe()
                kills.append("serve: API + its worker (round \(round + 1))")
                try await Task.sleep(for: .milliseconds(Int.random(in: 200...800, using: &generator)))
                try await stack.startServe(extra: ["--exec-size", "20"])
                try stack.restartWorker(0)
            }
            try await sender.value
            let rows = try await driver.settle(timeout: .seconds(400 * Reliability.soak))
            let elapsed = ContinuousClock.now - started
            let census = try await CloudCensus.count(cloud: cloud, project: project, rows: rows)
            if simulator == nil {
                // Leave the shared real cloud as we found it.
                let ids = rows.filter { $0.status == "active" || $0.status == "error" }.map(\.id)
                for start in stride(from: 0, to: ids.count, by: 100) {
                    _ = try await driver.call("TerminateInstances", ["InstanceIds": Array(ids[start..<min(start + 100, ids.count)])],
                                              key: "crash-cleanup-\(start)")
                }
                if !ids.isEmpty { _ = try await driver.settle(timeout: .seconds(180)) }
            }
            await stack.stop()
            // The job store, read after everything stopped.
            let jobs = try SQLiteJobStore(path: stack.database)
            let page = try await jobs.jobs(JobQuery(projectID: project, action: "gateway.CreateInstance", limit: 1000))
            let unfinished = page.jobs.filter { $0.status == .pending || $0.status == .running }
            let rerun = page.jobs.filter { $0.trys > 1 }
            let active = rows.filter { $0.status == "active" }
            Report.scenario("Crash: SIGKILL of workers and the API process, 100 instances on \(cloudName)", [
                ("processes killed with SIGKILL", "\(kills.count) (\(kills.joined(separator: ", ")))"),
                ("instances the gateway accepted", "\(rows.count) of \(100 * Reliability.soak)"),
                ("create jobs in the store", "\(page.total)"),
                ("jobs lost (accepted instance without a job, or a job never finished)", "\(100 * Reliability.soak - page.total + unfinished.count)"),
                ("jobs run again after a crash (at-least-once, made safe by the checkpoint)", "\(rerun.count)"),
                ("instances ACTIVE / error", "\(active.count) / \(rows.filter { $0.status == "error" }.count)"),
                ("instances with more than one server", "\(census.duplicateInstances)"),
                ("client tokens on more than one server", "\(census.duplicateTokens)"),
                ("live servers with no gateway record (orphans)", "\(census.orphans.count)"),
                ("API calls retried with the same Idempotency-Key", "\(apiRetries.withLock { $0 })"),
                ("time until all settled", "\(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"),
            ])
            #expect(rows.count == 100 * Reliability.soak)
            #expect(page.total == 100 * Reliability.soak)
            #expect(unfinished.isEmpty)
            #expect(census.duplicateInstances == 0)
            #expect(census.duplicateTokens == 0)
            #expect(census.orphans.isEmpty, "orphans: \(census.orphans.prefix(5))")
            #expect(rows.allSatisfy { !$0.status.hasSuffix("ing") })
        } catch {
            await stack.stop()
            throw error
        }
    }
}
