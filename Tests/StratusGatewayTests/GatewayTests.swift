import Foundation
import StratusGateway
import StratusJobs
import StratusService
import StratusSimulator
import StratusTesting
import Testing

@Suite("Gateway on the simulator")
struct GatewayTests {
    @Test("RunInstances → ACTIVE → volume attach/detach → image → terminate, all through jobs")
    func lifecycle() async throws {
        try await GatewayHarness.withSimulator { harness, simulator in
            let demo = try await harness.project("demo")
            let run = try await demo.call("RunInstances", [
                "ImageId": GatewayHarness.imageID, "FlavorId": "1", "Count": 2, "Name": "web", "NetworkIds": [String](),
            ])
            #expect(run.code == 0, "\(run.message ?? "")")
            let ids = try #require(run.dataObject["Ids"] as? [String])
            #expect(ids.count == 2)
            #expect((run.dataObject["JobIds"] as? [String])?.count == 2)
            for id in ids {
                let item = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: id, statuses: ["active"])
                #expect(item["ProviderId"] is String)
            }
            #expect(simulator.serverSnapshots().filter { !$0.deleted }.count == 2)

            let volume = try await demo.call("CreateVolumes", ["Size": 5])
            let volumeID = try #require((volume.dataObject["Ids"] as? [String])?.first)
            _ = try await harness.waitFor(demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["available"])
            #expect(try await demo.call("AttachVolume", ["VolumeId": volumeID, "InstanceId": ids[0]]).code == 0)
            _ = try await harness.waitFor(demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["in-use"])
            let refused = try await demo.call("TerminateInstances", ["InstanceIds": [ids[0]]])
            #expect(refused.code == 4105, "an instance with a volume attached is not terminated")
            #expect(try await demo.call("DetachVolume", ["VolumeId": volumeID]).code == 0)
            _ = try await harness.waitFor(demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["available"])

            let image = try await demo.call("CreateImage", ["InstanceId": ids[0], "Name": "gold"])
            let imageID = try #require((image.dataObject["Ids"] as? [String])?.first)
            _ = try await harness.waitFor(demo, "DescribeImages", idsField: "ImageIds", id: imageID, statuses: ["active"])

            let terminate = try await demo.call("TerminateInstances", ["InstanceIds": ids])
            #expect(terminate.code == 0, "\(terminate.message ?? "")")
            let deleteVolume = try await demo.call("DeleteVolumes", ["VolumeIds": [volumeID]])
            #expect(deleteVolume.code == 0, "\(deleteVolume.message ?? "")")
            for id in ids {
                _ = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: id, statuses: ["deleted"])
            }
            _ = try await harness.waitFor(demo, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["deleted"])
            #expect(simulator.serverSnapshots().filter { !$0.deleted }.isEmpty)
            let jobs = try await demo.call("DescribeJobs", ["Limit": 100])
            let listed = try #require(jobs.dataObject["Jobs"] as? [[String: Any]])
            #expect(listed.allSatisfy { ($0["Status"] as? String) == "finished" })
            #expect(listed.allSatisfy { ($0["ContextId"] as? String)?.hasPrefix("ctx-") == true })
        }
    }

    @Test("quotas are enforced atomically with creation and reported")
    func quotas() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let demo = try await harness.project("quota")
            let update = try await harness.manage.call("UpdateQuota", [
                "ProjectId": "quota", "Quotas": ["instance": ["Count": 3], "volume": ["Count": 5, "TotalSize": 12]],
            ])
            #expect(update.code == 0, "\(update.message ?? "")")
            // Eight concurrent requests for one instance each: exactly three fit.
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await demo.call("RunInstances", ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "NetworkIds": [String]()]).code
                    }
                }
                var codes: [Int] = []
                for try await code in group { codes.append(code) }
                return codes
            }
            #expect(answers.filter { $0 == 0 }.count == 3)
            #expect(answers.filter { $0 == 4113 }.count == 5)
            let big = try await demo.call("CreateVolumes", ["Size": 7, "Count": 2])
            #expect(big.code == 4113)
            #expect(big.message?.contains("size quota exceeded") == true)
            let quotas = try await demo.call("DescribeQuotas")
            let instance = try #require((quotas.dataObject["Quotas"] as? [String: Any])?["instance"] as? [String: Any])
            #expect(instance["Limit"] as? Int == 3)
            #expect(instance["InUse"] as? Int == 3)
        }
    }

    @Test("a request rerun after its first run failed part-way (key freed) finds what that run wrote: same ids, nothing twice")
    func rerunAdoptsPartialWrites() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let demo = try await harness.project("rerun")
            let params: [String: Any] = ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "Count": 3, "NetworkIds": [String]()]
            let first = try await demo.call("RunInstances", params, idempotencyKey: "K")
            #expect(first.code == 0, "\(first.message ?? "")")
            let ids = try #require(first.dataObject["Ids"] as? [String])
            let jobIDs = try #require(first.dataObject["JobIds"] as? [String])
            // What the framework does when a handler fails with a server error (here: the database
            // restarted after the rows, before the answer): it frees the key for a retry.
            try await harness.store.abandonIdempotent(scope: "public:rerun", key: "K")
            let again = try await demo.call("RunInstances", params, idempotencyKey: "K")
            #expect(again.code == 0, "\(again.message ?? "")")
            #expect(again.dataObject["Ids"] as? [String] == ids)
            #expect(again.dataObject["JobIds"] as? [String] == jobIDs)
            #expect(try await demo.call("DescribeInstances").dataObject["Total"] as? Int == 3)
            #expect(try await harness.jobs.jobs(JobQuery(projectID: "rerun")).total == 3)
            for id in ids {
                _ = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: id, statuses: ["active"])
            }
        }
    }

    @Test("one project can neither see nor touch another's resources or jobs")
    func crossProject() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let alice = try await harness.project("alice")
            let bob = try await harness.project("bob")
            let run = try await alice.call("RunInstances", ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "NetworkIds": [String]()])
            let instanceID = try #require((run.dataObject["Ids"] as? [String])?.first)
            let jobID = try #require((run.dataObject["JobIds"] as? [String])?.first)
            _ = try await harness.waitFor(alice, "DescribeInstances", idsField: "InstanceIds", id: instanceID, statuses: ["active"])
            let volume = try await alice.call("CreateVolumes", ["Size": 1])
            let volumeID = try #require((volume.dataObject["Ids"] as? [String])?.first)
            _ = try await harness.waitFor(alice, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["available"])

            // Describe: nothing of Alice's shows up for Bob.
            for (action, field, id) in [("DescribeInstances", "InstanceIds", instanceID), ("DescribeVolumes", "VolumeIds", volumeID)] {
                let all = try await bob.call(action)
                #expect(all.dataObject["Total"] as? Int == 0)
                let byID = try await bob.call(action, [field: [id]])
                #expect(byID.dataObject["Total"] as? Int == 0)
            }
            let jobs = try await bob.call("DescribeJobs", ["JobIds": [jobID]])
            #expect(jobs.dataObject["Total"] as? Int == 0)
            // Mutations: 4103, and nothing changes.
            let touches: [(String, [String: Any])] = [
                ("TerminateInstances", ["InstanceIds": [instanceID]]),
                ("DeleteVolumes", ["VolumeIds": [volumeID]]),
                ("AttachVolume", ["VolumeId": volumeID, "InstanceId": instanceID]),
                ("DetachVolume", ["VolumeId": volumeID]),
                ("CreateImage", ["InstanceId": instanceID, "Name": "stolen"]),
            ]
            for (action, params) in touches {
                let answer = try await bob.call(action, params)
                #expect(answer.code == 4103, "\(action): \(answer.message ?? "")")
            }
            _ = try await harness.waitFor(alice, "DescribeInstances", idsField: "InstanceIds", id: instanceID, statuses: ["active"])
            _ = try await harness.waitFor(alice, "DescribeVolumes", idsField: "VolumeIds", id: volumeID, statuses: ["available"])
            #expect(try await harness.jobs.jobs(JobQuery(projectID: "bob")).total == 0)
            // Alice's own id that does not exist is 4104, not 4103.
            #expect(try await alice.call("TerminateInstances", ["InstanceIds": ["i-000000000000"]]).code == 4104)
        }
    }

    @Test("a build that ends in ERROR is retried with cleanup, then the instance shows error with the fault")
    func errorBuilds() async throws {
        var configuration = GatewayHarness.simulator
        configuration.faults.buildErrorRate = 1
        try await withSimulatedCloud(configuration: configuration) { simulator, client in
            try await GatewayHarness.withRunning(client: client) { harness in
                let demo = try await harness.project("err")
                let run = try await demo.call("RunInstances", ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "NetworkIds": [String]()])
                let id = try #require((run.dataObject["Ids"] as? [String])?.first)
                let item = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: id, statuses: ["error"])
                let error = (item["Attributes"] as? [String: Any])?["error"] as? String
                #expect(error?.isEmpty == false)
                let quotas = try await demo.call("DescribeQuotas")
                let instance = (quotas.dataObject["Quotas"] as? [String: Any])?["instance"] as? [String: Any]
                #expect(instance?["InUse"] as? Int == 0, "an instance in error does not hold quota")
                #expect(simulator.serverSnapshots().filter { !$0.deleted }.count <= 1, "broken servers were cleaned up")
            }
        }
    }
}
