import Foundation
import Testing

/// The networking commands against the real Neutron and Nova (`realcloud-demo`): a key pair
/// written to a mode-600 file, a security group with a rule, a floating IP allocated on `public`
/// and released — each cleaned up by the test.
@Suite("stratus networking commands against the real cloud", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct CLIRealCloudNetworkTests {
    static let reason: Comment = "no real OpenStack: set STRATUS_REALCLOUD_CLOUDS_YAML (bash .ci/run does)"

    func run(_ arguments: [String], directory: String? = nil) async throws -> StratusBinary.Result {
        try await StratusBinary.run(arguments + ["--os-cloud", CLIRealCloudTests.cloud],
                                    environment: ["OS_CLIENT_CONFIG_FILE": try #require(CLIRealCloudTests.cloudsYAML)],
                                    directory: directory, timeout: .seconds(300))
    }

    @Test("keypair create (mode 600, no key printed), security group and rule, floating IP on public; all deleted",
          .enabled(if: CLIRealCloudTests.cloudsYAML != nil, reason))
    func lifecycle() async throws {
        let name = "stratus-cli-net-\(UUID().uuidString.prefix(8).lowercased())"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let key = try await run(["keypair", "create", name, "--format", "json"], directory: directory.path)
        #expect(key.status == 0, "\(key.stderr)")
        let keyFile = directory.appendingPathComponent("\(name).pem").path
        #expect(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int == 0o600)
        #expect(!key.stdout.contains("PRIVATE KEY") && !key.stderr.contains("PRIVATE KEY"))
        let group = try await run(["security-group", "create", name, "--format", "json"])
        #expect(group.status == 0, "\(group.stderr)")
        let rule = try await run(["security-group", "rule", "create", name, "--port", "22", "--remote-ip", "0.0.0.0/0", "--format", "json"])
        #expect(rule.status == 0, "\(rule.stderr)")
        #expect(try CLIRealCloudTests.json(rule.stdout).first?["port_range_min"] as? Int == 22)
        let ip = try await run(["floating-ip", "create", "public", "--format", "json"])
        #expect(ip.status == 0, "\(ip.stderr)")
        let address = try CLIRealCloudTests.json(ip.stdout).first?["address"] as? String

        // Cleanup, whatever happened above.
        if let address {
            let released = try await run(["floating-ip", "delete", address, "--wait", "--format", "json"])
            #expect(released.status == 0, "\(released.stderr)")
            let shown = try await run(["floating-ip", "show", address])
            #expect(shown.status == 1 && shown.stderr.contains(address), "gone: \(shown.stderr)")
        }
        #expect(try await run(["security-group", "delete", name]).status == 0)
        #expect(try await run(["keypair", "delete", name]).status == 0)
        let keys = try await run(["keypair", "list", "--format", "json"])
        #expect(try CLIRealCloudTests.json(keys.stdout).allSatisfy { $0["name"] as? String != name })
    }
}
