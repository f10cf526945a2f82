import Foundation
import Testing

/// The README's "any OpenStack cloud" path: the `stratus` binary with the clouds.yaml that
/// `../shared/realcloud/start-cloud.sh` prints (Keystone password auth, real Nova and Cinder).
@Suite("stratus CLI against the real cloud", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct CLIRealCloudTests {
    static let environment = ProcessInfo.processInfo.environment
    static var cloudsYAML: String? {
        environment["STRATUS_REALCLOUD_CLOUDS_YAML"].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }
    static var cloud: String { environment["STRATUS_REALCLOUD_CLOUD"] ?? "realcloud-demo" }

    func run(_ arguments: [String]) async throws -> StratusBinary.Result {
        try await StratusBinary.run(arguments + ["--os-cloud", Self.cloud],
                                    environment: ["OS_CLIENT_CONFIG_FILE": try #require(Self.cloudsYAML)], timeout: .seconds(300))
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON list: \(text)")
    }

    @Test("server create --wait → ACTIVE, show, delete --wait → gone; volume create --wait → available, delete --wait",
          .enabled(if: cloudsYAML != nil, "no real OpenStack: set STRATUS_REALCLOUD_CLOUDS_YAML (bash .ci/run does)"))
    func createWaitDelete() async throws {
        let name = "stratus-cli-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await run(["server", "create", name, "--image", "155d900f-4e14-4e4c-a73d-069cbf4541e6",
                                     "--flavor", "1", "--network", "none", "--wait", "--format", "json"])
        #expect(created.status == 0, "stderr: \(created.stderr)")
        let server = try #require(try Self.json(created.stdout).first)
        #expect(server["status"] as? String == "ACTIVE")
        let id = try #require(server["id"] as? String)

        let shown = try await run(["server", "show", name, "--format", "json"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains(id))

        let deleted = try await run(["server", "delete", id, "--wait", "--format", "json"])
        #expect(deleted.status == 0, "stderr: \(deleted.stderr)")
        let listed = try await run(["server", "list", "--name", name, "--format", "json"])
        #expect(try Self.json(listed.stdout).isEmpty)

        let volume = try await run(["volume", "create", name, "--size", "1", "--wait", "--format", "json"])
        #expect(volume.status == 0, "stderr: \(volume.stderr)")
        #expect(try Self.json(volume.stdout).first?["status"] as? String == "available")
        let volumeDeleted = try await run(["volume", "delete", name, "--wait", "--format", "json"])
        #expect(volumeDeleted.status == 0, "stderr: \(volumeDeleted.stderr)")
    }

    @Test("a wrong password: one line saying authentication failed and what to check, exit 1",
          .enabled(if: cloudsYAML != nil, "no real OpenStack: set STRATUS_REALCLOUD_CLOUDS_YAML (bash .ci/run does)"))
    func wrongPassword() async throws {
        let original = try String(contentsOfFile: try #require(Self.cloudsYAML), encoding: .utf8)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-cli-bad-\(UUID().uuidString).yaml").path
        try original.replacingOccurrences(of: "password: 'secret'", with: "password: 'wrong-password'")
            .write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try await StratusBinary.run(["server", "list", "--os-cloud", Self.cloud],
                                                 environment: ["OS_CLIENT_CONFIG_FILE": file])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: authentication failed"), "\(result.stderr)")
        #expect(result.stderr.contains("hint:"))
        #expect(!result.stderr.contains("wrong-password"), "the password must never be printed")
    }
}
