import Foundation
import Testing
import StratusOpenStack
import StratusTesting

/// Where the real OpenStack from `../shared/realcloud` is, read from the environment `.ci/run`
/// sets. Tests skip with a one-line reason when it is absent (postgres-nio's pattern).
enum RealCloud {
    static let environment = ProcessInfo.processInfo.environment

    /// The clouds.yaml written by start-cloud.sh.
    static var cloudsYAML: String? { environment["STRATUS_REALCLOUD_CLOUDS_YAML"] }
    /// The member cloud (project `demo`).
    static var memberCloud: String { environment["STRATUS_REALCLOUD_CLOUD"] ?? "realcloud-demo" }
    /// The admin cloud (migrations need admin policy).
    static var adminCloud: String { environment["STRATUS_REALCLOUD_ADMIN_CLOUD"] ?? "realcloud" }
    /// The prefix of server names the harness fails on purpose (`SPAWN_FAIL_NAME`), if set.
    static var spawnFailPrefix: String? { environment["STRATUS_REALCLOUD_SPAWN_FAIL_PREFIX"] }

    /// How many compute hosts the cloud has (`NUM_COMPUTES`), as `.ci/run` reports it.
    static var computeHosts: Int { Int(environment["STRATUS_REALCLOUD_COMPUTES"] ?? "") ?? 1 }

    static var isConfigured: Bool {
        guard let cloudsYAML else { return false }
        return FileManager.default.fileExists(atPath: cloudsYAML)
    }

    static let skipReason: Comment = "no real OpenStack: set STRATUS_REALCLOUD_CLOUDS_YAML (bash .ci/run does)"

    /// A client made exactly as a user's would be: clouds.yaml located by OS_CLIENT_CONFIG_FILE, cloud by name.
    static func client(_ cloud: String? = nil) throws -> OpenStackClient {
        let configuration = try CloudConfiguration.load(
            cloud: cloud ?? memberCloud,
            environment: ["OS_CLIENT_CONFIG_FILE": cloudsYAML ?? "", "HOME": environment["HOME"] ?? "/root"])
        return OpenStackClient(configuration: configuration)
    }

    /// The image Nova's fake driver boots (seeded into Glance by SEED_GLANCE=1).
    static let bootImageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"

    /// A unique name for this run's resources.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Polls every 250 ms until `probe` returns a value; fails after `timeout`.
    static func eventually<T>(timeout: Duration = .seconds(90), _ what: String,
                              _ probe: () async throws -> T?) async throws -> T {
        try await StratusTesting.eventually(timeout: timeout, interval: .milliseconds(250), what, probe)
    }

    static func waitUntilGone(_ what: String, _ get: () async throws -> Void) async throws {
        try await StratusTesting.waitUntilGone(timeout: .seconds(90), interval: .milliseconds(250), what, get)
    }

    static func waitForServer(_ client: OpenStackClient, _ id: String, status: ServerStatus) async throws -> Server {
        try await eventually("server \(id) \(status)") { () async throws -> Server? in
            let server = try await client.compute.server(id: id)
            if server.status == .error, status != .error {
                throw OpenStackError(code: .httpStatus, message: "server went ERROR: \(server.fault?.message ?? "no fault")")
            }
            return server.status == status && server.taskState == nil ? server : nil
        }
    }
}

/// Keystone with short-lived tokens (a second keystone `.ci/run` starts), for re-authentication.
enum ShortTokenKeystone {
    static var cloudsYAML: String? { RealCloud.environment["STRATUS_SHORT_TOKEN_CLOUDS_YAML"] }
    static var expiration: Int { Int(RealCloud.environment["STRATUS_SHORT_TOKEN_EXPIRATION"] ?? "") ?? 10 }
    static var isConfigured: Bool { cloudsYAML.map { FileManager.default.fileExists(atPath: $0) } ?? false }
    static let skipReason: Comment = "no short-token Keystone: set STRATUS_SHORT_TOKEN_CLOUDS_YAML (bash .ci/run does)"
}
