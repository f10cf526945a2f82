import Foundation
import StratusSimulator
import Testing

/// Runs `scripts/openstacksdk-smoke.py` with the real openstacksdk against the simulator.
///
/// Set `STRATUS_OPENSTACKSDK_PYTHON` to a Python that has openstacksdk installed
/// (`python3 -m venv /tmp/sdkvenv && /tmp/sdkvenv/bin/pip install openstacksdk`).
@Suite("openstacksdk")
struct OpenStackSDKSmokeTests {
    static let python = ProcessInfo.processInfo.environment["STRATUS_OPENSTACKSDK_PYTHON"]

    static var script: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/openstacksdk-smoke.py")
    }

    @Test(
        "openstacksdk creates, waits for and deletes a server and a volume, and lists images",
        .enabled(if: python != nil, "set STRATUS_OPENSTACKSDK_PYTHON to a python with openstacksdk to run"),
        .timeLimit(.minutes(3))
    )
    func openstackSDKSmoke() async throws {
        let python = try #require(Self.python)
        try await TestCloud.with(timings: .fast) { cloud in
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("stratus-sdk-smoke-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let cloudsYAML = directory.appendingPathComponent("clouds.yaml")
            try cloud.simulator.cloudsYAML(cloudName: "stratus-simulator").write(to: cloudsYAML, atomically: true, encoding: .utf8)

            let (status, output) = try await Self.run(
                python, [Self.script.path, cloudsYAML.path, "stratus-simulator"], logIn: directory)
            #expect(status == 0, "openstacksdk smoke failed:\n\(output)")
            #expect(output.contains("[smoke] ok"))

            let stats = cloud.simulator.stats()
            #expect(stats.byRoute["POST /compute/v2.1/servers"] == 1)
            #expect(stats.byRoute["DELETE /compute/v2.1/servers/{id}"] == 1)
            #expect(stats.byRoute["POST /volume/v3/{project_id}/volumes"] == 1)
            let servers = cloud.simulator.serverSnapshots()
            #expect(servers.count == 1)
            #expect(servers.filter { !$0.deleted }.isEmpty)
            let volumes = cloud.simulator.volumeSnapshots()
            #expect(volumes.count == 1)
            #expect(volumes.filter { !$0.deleted }.isEmpty)
        }
    }

    /// Runs a process without blocking a thread of the cooperative pool; output goes to a file.
    static func run(_ executable: String, _ arguments: [String], logIn directory: URL) async throws -> (Int32, String) {
        let log = directory.appendingPathComponent("output.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in
                continuation.resume(returning: finished.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return (status, output)
    }
}
