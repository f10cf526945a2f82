import Foundation
import StratusOpenStack
import StratusService
import Testing

/// The gateway end to end against a real OpenStack (Keystone password auth, Nova, Cinder), as
/// `stratus serve --os-cloud` runs it. Skips with a reason unless `.ci/run` started the cloud.
@Suite("Gateway on a real OpenStack", .enabled(if: RealCloudEnvironment.isConfigured, RealCloudEnvironment.skipReason))
struct GatewayRealCloudTests {
    static var environment: [String: String] { RealCloudEnvironment.environment }
    static var cloudsYAML: String? { RealCloudEnvironment.cloudsYAML }

    static func client() throws -> OpenStackClient {
        let configuration = try CloudConfiguration.load(
            cloud: environment["STRATUS_REALCLOUD_CLOUD"] ?? "realcloud-demo",
            environment: ["OS_CLIENT_CONFIG_FILE": cloudsYAML ?? "", "HOME": environment["HOME"] ?? "/root"])
        return OpenStackClient(configuration: configuration)
    }

    @Test("RunInstances → ACTIVE → TerminateInstances, and CreateVolumes → available → DeleteVolumes")
    func endToEnd() async throws {
        let client = try Self.client()
        try await GatewayHarness.withRunning(client: client) { harness in
            let demo = try await harness.project("realcloud")
            let run = try await demo.call("RunInstances", [
                "ImageId": GatewayHarness.imageID, "FlavorId": "1", "Name": "stratus-gw-\(UUID().uuidString.prefix(6).lowercased())",
                "NetworkIds": [String](),
            ])
            #expect(run.code == 0, "\(run.message ?? "")")
            let instanceID = try #require((run.dataObject["Ids"] as? [String])?.first)
            let jobID = try #require((run.dataObject["JobIds"] as? [String])?.first)
            let active = try await harness.waitFor(
                demo, "DescribeInstances", idsField: "InstanceIds", id: instanceID, statuses: ["active", "error"],
                timeout: .seconds(240))
            #expect(active["Status"] as? String == "active", "\(active)")
            let serverID = try #require(active["ProviderId"] as? String)
            #expect(try await client.compute.server(id: serverID).status == .active, "Nova agrees")
            let jobs = try await demo.call("DescribeJobs", ["JobIds": [jobID]])
            #expect(((jobs.dataObject["Jobs"] as? [[String: Any]])?.first?["Status"] as? String) == "finished")

            let volume = try await demo.call("CreateVolumes", ["Size": 1])
            #expect(volume.code == 0, "\(volume.message ?? "")")
            let volumeID = try #require((volume.dataObject["Ids"] as? [String])?.first)
            let available = try await harness.waitFor(
                demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["available", "error"],
                timeout: .seconds(240))
            #expect(available["Status"] as? String == "available", "\(available)")

            #expect(try await demo.call("TerminateInstances", ["InstanceIds": [instanceID]]).code == 0)
            #expect(try await demo.call("DeleteVolumes", ["VolumeIds": [volumeID]]).code == 0)
            _ = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: instanceID, statuses: ["deleted"],
                                          timeout: .seconds(240))
            _ = try await harness.waitFor(demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["deleted"],
                                          timeout: .seconds(240))
            await #expect(throws: OpenStackError.self) { _ = try await client.compute.server(id: serverID) }
        }
    }
}

/// Where `.ci/run` says the real cloud is.
enum RealCloudEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    static var cloudsYAML: String? { environment["STRATUS_REALCLOUD_CLOUDS_YAML"] }
    static var isConfigured: Bool { cloudsYAML.map { FileManager.default.fileExists(atPath: $0) } ?? false }
    static let skipReason: Comment = "no real OpenStack: set STRATUS_REALCLOUD_CLOUDS_YAML (bash .ci/run does)"
}
