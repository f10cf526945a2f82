import Foundation
import StratusSimulator
import Testing

/// The `stratus` binary against a simulator this test runs: what a user sees and what a script
/// gets — `--format json`, exit codes for success, ERROR builds, timeouts and bad flags.
@Suite("stratus CLI against the simulator", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct CLISimulatorTests {
    static func simulator(build: Duration = .milliseconds(400), errorRate: Double = 0) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = build
        configuration.timings.serverDelete = .milliseconds(200)
        configuration.timings.volumeCreate = .milliseconds(200)
        configuration.timings.volumeDelete = .milliseconds(200)
        configuration.faults.buildErrorRate = errorRate
        configuration.faults.buildErrorMessage = "No valid host was found. There are not enough hosts available."
        return configuration
    }

    static func cloud(_ simulator: CloudSimulator) -> [String] { ["--simulator", "--simulator-url", simulator.baseURL] }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON list: \(text)")
    }

    @Test("create --count 3 --wait --format json: three ACTIVE servers, exit 0, progress on stderr only; then delete --wait")
    func createWaitDelete() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator()) { simulator in
            let created = try await StratusBinary.run(
                ["server", "create", "web", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "m1.tiny", "--network", "none",
                 "--count", "3", "--wait", "--format", "json"] + Self.cloud(simulator))
            #expect(created.status == 0, "stderr: \(created.stderr)")
            let servers = try Self.json(created.stdout)
            #expect(servers.map { $0["name"] as? String } == ["web-1", "web-2", "web-3"])
            #expect(servers.allSatisfy { $0["status"] as? String == "ACTIVE" && $0["error"] is NSNull && $0["attempts"] as? Int == 1 })
            #expect(created.stderr.contains("web-2 ACTIVE"), "plain progress lines when stderr is not a terminal: \(created.stderr)")
            #expect(simulator.serverSnapshots().count == 3)

            let ids = servers.compactMap { $0["id"] as? String }
            let deleted = try await StratusBinary.run(["server", "delete"] + ids + ["--wait", "--format", "json"] + Self.cloud(simulator))
            #expect(deleted.status == 0, "stderr: \(deleted.stderr)")
            #expect(try Self.json(deleted.stdout).allSatisfy { $0["status"] as? String == "DELETED" })
            let listed = try await StratusBinary.run(["server", "list", "--format", "json"] + Self.cloud(simulator))
            #expect(try Self.json(listed.stdout).isEmpty)
        }
    }

    @Test("an ERROR build: exit 1 and the fault in the JSON; --retries deletes and recreates before giving up")
    func errorBuild() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator(errorRate: 1)) { simulator in
            let result = try await StratusBinary.run(
                ["server", "create", "bad", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "1", "--network", "none",
                 "--retries", "1", "--wait", "--format", "json"] + Self.cloud(simulator))
            #expect(result.status == 1)
            let server = try #require(try Self.json(result.stdout).first)
            #expect(server["status"] as? String == "FAILED")
            #expect((server["error"] as? String)?.contains("No valid host was found") == true)
            #expect(server["attempts"] as? Int == 2)
            #expect(simulator.serverSnapshots().filter { $0.status != "DELETED" }.count <= 1, "the broken first attempt was deleted")
        }
    }

    @Test("a build longer than --timeout: exit 2, naming the state it was stuck in")
    func timeout() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator(build: .seconds(120))) { simulator in
            let result = try await StratusBinary.run(
                ["server", "create", "slow", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "1", "--network", "none",
                 "--wait", "--timeout", "1", "--format", "json"] + Self.cloud(simulator))
            #expect(result.status == 2, "stderr: \(result.stderr)")
            let server = try #require(try Self.json(result.stdout).first)
            #expect(server["status"] as? String == "TIMED OUT")
            #expect((server["error"] as? String)?.contains("BUILD") == true)
        }
    }

    @Test("the same --token twice: the second run adopts the first server instead of creating another")
    func tokenAdopts() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator()) { simulator in
            let arguments = ["server", "create", "once", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "1", "--network", "none",
                             "--token", "cli-token-1", "--wait", "--format", "json"] + Self.cloud(simulator)
            let first = try await StratusBinary.run(arguments)
            let second = try await StratusBinary.run(arguments)
            #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
            #expect(try Self.json(first.stdout).first?["id"] as? String == Self.json(second.stdout).first?["id"] as? String)
            #expect(simulator.serverSnapshots().count == 1)
        }
    }

    @Test("bad flags: exit 64 with the flag named; nothing created")
    func badUsage() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator()) { simulator in
            for arguments in [
                ["server", "create", "x", "--image", "i", "--flavor", "f", "--count", "0"],
                ["server", "create", "x", "--image", "i", "--flavor", "f", "--token", "bad token!"],
                ["server", "create", "x", "--image", "i"],
                ["volume", "create", "v", "--size", "-1"],
            ] {
                let result = try await StratusBinary.run(arguments + Self.cloud(simulator))
                #expect(result.status == 64, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("Error:") || result.stderr.contains("error:"))
                #expect(!result.stderr.contains("Swift.") && !result.stderr.contains("StratusOpenStack."))
            }
            #expect(simulator.serverSnapshots().isEmpty)
        }
    }

    @Test("an unknown image or flavor: one line naming it, a hint, exit 1")
    func unknownImage() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator()) { simulator in
            let result = try await StratusBinary.run(
                ["server", "create", "x", "--image", "no-such-image", "--flavor", "m1.tiny"] + Self.cloud(simulator))
            #expect(result.status == 1)
            let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("note:") }
            #expect(lines.count == 2, "\(result.stderr)")
            #expect(lines.first?.hasPrefix("error:") == true && lines.first?.contains("no-such-image") == true)
            #expect(lines.last?.hasPrefix("hint:") == true)
        }
    }

    @Test("a broken clouds.yaml or an unknown cloud: one line naming the file or cloud, exit 64")
    func badCloudsYAML() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("clouds.yaml").path
        try "clouds:\n  broken: [not: a mapping".write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try await StratusBinary.run(["server", "list", "--os-cloud", "broken"], environment: ["OS_CLIENT_CONFIG_FILE": file])
        #expect(broken.status == 64)
        #expect(broken.stderr.hasPrefix("error: cloud configuration:") && broken.stderr.contains("clouds.yaml"), "\(broken.stderr)")
        try "clouds:\n  other:\n    auth:\n      auth_url: http://127.0.0.1:1/v3\n".write(toFile: file, atomically: true, encoding: .utf8)
        let missing = try await StratusBinary.run(["server", "list", "--os-cloud", "nope"], environment: ["OS_CLIENT_CONFIG_FILE": file])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("nope"), "\(missing.stderr)")
    }

    @Test("volumes: create --wait, list, delete --wait")
    func volumes() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator()) { simulator in
            let created = try await StratusBinary.run(["volume", "create", "data", "--size", "2", "--wait", "--format", "json"]
                + Self.cloud(simulator))
            #expect(created.status == 0, "\(created.stderr)")
            let volume = try #require(try Self.json(created.stdout).first)
            #expect(volume["status"] as? String == "available" && volume["size_gib"] as? Int == 2)
            let deleted = try await StratusBinary.run(["volume", "delete", "data", "--wait", "--format", "yaml"] + Self.cloud(simulator))
            #expect(deleted.status == 0, "\(deleted.stderr)")
            #expect(deleted.stdout.contains("status: \"deleted\""))
        }
    }

    @Test("Ctrl-C while waiting: exit 130, says what was left running, deletes nothing")
    func interrupt() async throws {
        try await CloudSimulator.withRunning(configuration: Self.simulator(build: .seconds(120))) { simulator in
            let result = try await StratusBinary.run(
                ["server", "create", "long", "--image", "cirros-0.6.2-x86_64-disk", "--flavor", "1", "--network", "none",
                 "--wait", "--format", "json"] + Self.cloud(simulator),
                // Ctrl-C once the progress display shows the server building (the watch is set up by then).
                signalWhen: ({ $0.contains("long BUILD") }, SIGINT))
            #expect(result.status == 130, "\(result.stderr)")
            #expect(result.stderr.contains("left running") || result.stderr.contains("may still be changing"))
            #expect(result.stderr.contains("long"))
            #expect(simulator.serverSnapshots().count == 1)
        }
    }
}
