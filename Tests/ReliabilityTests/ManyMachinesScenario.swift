import Foundation
import StratusJobs
import StratusService
import StratusTesting
import Testing

extension ReliabilityTests {
    static var namespacesUsable: Bool {
        Reliability.enabled && SharedPostgres(restartCommand: postgresRestart) != nil && postgresRestartURL != nil && Netns.available
    }

    @Test("many machines: two API hosts and three worker hosts as network namespaces on one PostgreSQL — jobs/s with 1, 2, 3 worker hosts; one API host and one worker host killed mid-run",
          .enabled(if: namespacesUsable,
                   "needs root, `ip netns`, and the restartable PostgreSQL of .ci/run (STRATUS_POSTGRES_RESTART_URL, STRATUS_POSTGRES_RESTART)"))
    func manyMachines() async throws {
        let binary = try #require(Stack.binary)
        let postgres = try #require(SharedPostgres(restartCommand: Self.postgresRestart))
        let hosts = 5
        try await Netns.setUp(count: hosts)
        try await postgres.open()
        let directory = try Stack.scratch("netns")
        let processes = LockedBox<[Int: [ChildProcess]]>([:])
        func stopAll() async {
            for child in processes.withLock({ $0.values.flatMap { $0 } }) { child.signal(SIGKILL); _ = await child.wait() }
        }
        do {
            // The cloud, on the bridge's address so every namespace reaches it.
            let (cloud, simulator) = try await Stack.simulator(directory: directory, arguments: [
                "--host", Netns.gateway, "--build-seconds", "1"])
            processes.withLock { $0[0] = [simulator] }
            // One database for everyone, reached over the bridge.
            let restartURL = try #require(Self.postgresRestartURL)
            let schema = "netns_\(UUID().uuidString.prefix(8).lowercased())"
            let database = restartURL.replacingOccurrences(of: "127.0.0.1", with: Netns.gateway)
                + (restartURL.contains("?") ? "&" : "?") + "schema=\(schema)"
            var environment = ProcessInfo.processInfo.environment
            environment["OS_CLIENT_CONFIG_FILE"] = cloud.cloudsYAML
            environment.removeValue(forKey: "OS_CLOUD")
            func inHost(_ index: Int, _ arguments: [String]) throws -> ChildProcess {
                let child = try ChildProcess("/usr/sbin/ip", ["netns", "exec", Netns.name(index), binary] + arguments,
                                             environment: environment)
                processes.withLock { $0[index, default: []].append(child) }
                return child
            }
            // API hosts 1 and 2 (no worker of their own); the first one creates the schema and the manage key.
            let apiPort = 8080, managePort = 8081
            for index in 1...2 {
                let child = try inHost(index, [
                    "serve", "--no-worker", "--state-dir", directory + "/h\(index)", "--database", database,
                    "--os-cloud", cloud.name, "--host", Netns.address(index), "--public-port", "\(apiPort)",
                    "--manage-port", "\(managePort)", "--no-metrics", "--log-level", "notice"])
                guard await child.waitForOutput("Stratus gateway ready", timeout: .seconds(60)) else {
                    throw StackError("API host \(index) did not start: \(child.output)\(child.errorOutput)")
                }
            }
            let env = try String(contentsOfFile: directory + "/h1/manage.env", encoding: .utf8)
            func value(_ name: String) throws -> String {
                String(try #require(env.split(separator: "\n").first { $0.hasPrefix("export \(name)=") }).dropFirst("export \(name)=".count))
            }
            let manage = ActionClient(baseURL: "http://\(Netns.address(2)):\(managePort)",  // the other host: the key is shared
                                      accessKeyID: try value("STRATUS_ACCESS_KEY_ID"), secret: try value("STRATUS_SECRET_KEY"))
            let project = "netns-\(UUID().uuidString.prefix(6).lowercased())"
            #expect(try await manage.call("CreateProject", ["ProjectId": project]).code == 0)
            _ = try await manage.call("UpdateQuota", ["ProjectId": project, "Quotas": ["instance": ["Count": 1000]]])
            struct Key: Decodable { var AccessKeyId: String; var Secret: String }
            let key = try await manage.call("CreateAccessKey", ["ProjectId": project]).data(as: Key.self)
            let apis = (1...2).map {
                GatewayDriver(client: ActionClient(baseURL: "http://\(Netns.address($0)):\(apiPort)", accessKeyID: key.AccessKeyId,
                                                   secret: key.Secret))
            }
            func startWorker(_ index: Int) throws {
                _ = try inHost(index, ["worker", "--database", database, "--os-cloud", cloud.name, "--exec-size", "5",
                                       "--pick-size", "5", "--metrics-port", "-1", "--log-level", "notice"])
            }
            /// Sends `batches` × 5 instances, alternating API hosts (falling over to the other when one is down).
            func send(_ tag: String, batches: Int) async throws {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for batch in 0..<batches {
                        group.addTask {
                            let params: [String: Any] = ["ImageId": Self.imageID, "FlavorId": "1", "Count": 5,
                                                         "NetworkIds": [String](), "Name": "\(tag)-\(batch)"]
                            var attempt = 0
                            while true {
                                let api = apis[(batch + attempt) % 2]
                                if let answer = try? await api.call("RunInstances", params, key: "\(tag)-\(batch)", patience: .seconds(5)),
                                   answer.code == 0 { return }
                                attempt += 1
                                if attempt > 40 { throw StackError("RunInstances \(tag)-\(batch) never accepted") }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            func settled(_ expected: Int, timeout: Duration) async throws -> [GatewayDriver.Row] {
                let deadline = ContinuousClock.now + timeout
                while true {
                    let rows = try await apis[1].instances()
                    if rows.count >= expected, rows.allSatisfy({ !$0.status.hasSuffix("ing") }) { return rows }
                    if ContinuousClock.now > deadline { return rows }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            // Throughput with 1, 2, 3 worker hosts (hosts 3, 4, 5), 60 instances each.
            var throughput: [(Int, Double)] = []
            var total = 0
            for workers in 1...3 {
                try startWorker(2 + workers)
                try await Task.sleep(for: .seconds(1))
                let began = ContinuousClock.now
                try await send("t\(workers)", batches: 12)
                total += 60
                _ = try await settled(total, timeout: .seconds(120))
                let seconds = (ContinuousClock.now - began) / .seconds(1)
                throughput.append((workers, 60 / seconds))
            }
            // Now kill a whole API host and a whole worker host while 100 instances are in flight.
            let killed = Task {
                try await Task.sleep(for: .milliseconds(1500))
                for child in processes.withLock({ ($0[1] ?? []) + ($0[3] ?? []) }) { child.signal(SIGKILL) }
            }
            try await send("k", batches: 20)
            try await killed.value
            total += 100
            // The killed worker's jobs come back when their leases lapse (30 s).
            let rows = try await settled(total, timeout: .seconds(180))
            let census = try await CloudCensus.count(cloud: cloud, project: project, rows: rows)
            Report.scenario("Many machines: 2 API hosts + 3 worker hosts (network namespaces), one PostgreSQL", [
                ("jobs/s with 1 / 2 / 3 worker hosts (5 jobs at once each; simulator builds take 1 s)",
                 throughput.map { String(format: "%.1f", $0.1) }.joined(separator: " / ")),
                ("then killed with SIGKILL", "API host h1 and worker host h3, 1.5 s into 100 more creates"),
                ("instances accepted", "\(rows.count) of \(total)"),
                ("ACTIVE / error / still in flight", "\(rows.filter { $0.status == "active" }.count) / \(rows.filter { $0.status == "error" }.count) / \(rows.filter { $0.status.hasSuffix("ing") }.count)"),
                ("instances with more than one server", "\(census.duplicateInstances)"),
                ("orphan servers", "\(census.orphans.count)"),
            ], notes: "Each host is a network namespace with its own address on a bridge; the API hosts run `serve --no-worker`, the worker hosts `stratus worker`, all on one PostgreSQL reached over the bridge.")
            #expect(rows.count == total)
            #expect(rows.allSatisfy { $0.status == "active" })
            #expect(census.duplicateInstances == 0)
            #expect(census.orphans.isEmpty)
            #expect(throughput.count == 3 && throughput[2].1 > throughput[0].1 * 1.5, "more worker hosts, more jobs/s: \(throughput)")
        } catch {
            await stopAll()
            await postgres.close()
            await Netns.tearDown(count: hosts)
            throw error
        }
        await stopAll()
        await postgres.close()
        await Netns.tearDown(count: hosts)
    }
}
