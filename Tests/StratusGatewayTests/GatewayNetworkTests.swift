import Foundation
import StratusGateway
import StratusJobs
import StratusOpenStack
import StratusService
import StratusSimulator
import StratusTesting
import Testing

/// The gateway's networking actions on the simulator: EIPs, key pairs, security groups and the
/// networking parameters of `RunInstances`, each checked on the cloud's side through the client.
@Suite("Gateway networking on the simulator")
struct GatewayNetworkTests {
    /// Starts one instance on the `private` network (named, so the name is resolved) and waits
    /// until it is active; answers its id and server id.
    static func runInstance(_ harness: GatewayHarness, _ access: GatewayHarness.Access, extra: [String: Any] = [:])
        async throws -> (id: String, serverID: String)
    {
        var params: [String: Any] = ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "NetworkIds": ["private"]]
        params.merge(extra) { $1 }
        let run = try await access.call("RunInstances", params)
        #expect(run.code == 0, "\(run.message ?? "")")
        let id = try #require((run.dataObject["Ids"] as? [String])?.first)
        let item = try await harness.waitFor(access, "DescribeInstances", idsField: "InstanceIds", id: id, statuses: ["active", "error"])
        #expect(item["Status"] as? String == "active", "\(item)")
        return (id, try #require(item["ProviderId"] as? String))
    }

    /// A router joining `private` to `public`, as an operator sets up once: Neutron associates
    /// a floating IP only with a port its external network can reach.
    static func connectPrivateToPublic(_ client: OpenStackClient) async throws {
        let external = try await client.network.findNetwork("public")
        let router = try await client.network.createRouter(RouterCreateRequest(name: "edge", externalNetworkID: external.id))
        let subnet = try await client.network.findSubnet("private-subnet")
        _ = try await client.network.addRouterInterface(routerID: router.id, subnetID: subnet.id)
    }

    static func allocate(_ harness: GatewayHarness, _ access: GatewayHarness.Access) async throws -> [String: Any] {
        let answer = try await access.call("AllocateEips", ["Name": "web"])
        #expect(answer.code == 0, "\(answer.message ?? "")")
        let id = try #require((answer.dataObject["Ids"] as? [String])?.first)
        return try await harness.waitFor(access, "DescribeEips", idsField: "EipIds", id: id, statuses: ["available", "error"])
    }

    @Test("EIP lifecycle: allocate → associate with a running instance → describe → dissociate → release, the floating IP following in the cloud")
    func eipLifecycle() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("eips")
            try await Self.connectPrivateToPublic(client)
            let instance = try await Self.runInstance(harness, demo)
            let allocated = try await Self.allocate(harness, demo)
            #expect(allocated["Status"] as? String == "available", "\(allocated)")
            let eipID = try #require(allocated["Id"] as? String)
            let floatingIPID = try #require(allocated["ProviderId"] as? String)
            let address = try #require(allocated["Address"] as? String)
            var floatingIP = try await client.network.floatingIP(id: floatingIPID)
            #expect(floatingIP.floatingIPAddress == address)
            #expect(floatingIP.portID == nil)
            let external = try await client.network.findNetwork("public")
            #expect(floatingIP.floatingNetworkID == external.id, "allocated on the configured external network")

            let associate = try await demo.call("AssociateEip", ["EipId": eipID, "InstanceId": instance.id])
            #expect(associate.code == 0, "\(associate.message ?? "")")
            #expect(associate.dataObject["JobId"] is String)
            let associated = try await harness.waitFor(demo, "DescribeEips", idsField: "EipIds", id: eipID, statuses: ["associated", "available"])
            #expect(associated["Status"] as? String == "associated", "\(associated)")
            #expect(associated["InstanceId"] as? String == instance.id)
            #expect(associated["Address"] as? String == address)
            floatingIP = try await client.network.floatingIP(id: floatingIPID)
            let portID = try #require(floatingIP.portID, "the floating IP is on a port")
            #expect(try await client.network.port(id: portID).deviceID == instance.serverID, "…of the instance's server")

            // While associated: neither released nor its instance terminated.
            let release = try await demo.call("ReleaseEips", ["EipIds": [eipID]])
            #expect(release.code == 4105)
            #expect(release.message?.contains("dissociate") == true, "\(release.message ?? "")")
            #expect(try await demo.call("TerminateInstances", ["InstanceIds": [instance.id]]).code == 4105)
            #expect(try await demo.call("AssociateEip", ["EipId": eipID, "InstanceId": instance.id]).code == 4105)

            let dissociate = try await demo.call("DissociateEips", ["EipIds": [eipID]])
            #expect(dissociate.code == 0, "\(dissociate.message ?? "")")
            let available = try await harness.waitFor(demo, "DescribeEips", idsField: "EipIds", id: eipID, statuses: ["available"])
            #expect(available["InstanceId"] == nil)
            #expect(try await client.network.floatingIP(id: floatingIPID).portID == nil)
            #expect(try await demo.call("DissociateEips", ["EipIds": [eipID]]).code == 4105, "already dissociated")

            let released = try await demo.call("ReleaseEips", ["EipIds": [eipID]])
            #expect(released.code == 0, "\(released.message ?? "")")
            _ = try await harness.waitFor(demo, "DescribeEips", idsField: "EipIds", id: eipID, statuses: ["deleted"])
            await #expect(throws: OpenStackError.self) { _ = try await client.network.floatingIP(id: floatingIPID) }
            #expect(try await client.network.floatingIPs().isEmpty)
            let quotas = try await demo.call("DescribeQuotas")
            let eip = (quotas.dataObject["Quotas"] as? [String: Any])?["eip"] as? [String: Any]
            #expect(eip?["InUse"] as? Int == 0, "a released eip holds no quota")
            #expect(eip?["Limit"] as? Int == 20)
        }
    }

    @Test("AllocateEips rerun under its Idempotency-Key, replayed or after a part-way failure: same ids, one floating IP each")
    func allocateRerun() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("rerun")
            let first = try await demo.call("AllocateEips", ["Count": 2], idempotencyKey: "K")
            #expect(first.code == 0, "\(first.message ?? "")")
            let ids = try #require(first.dataObject["Ids"] as? [String])
            let jobIDs = try #require(first.dataObject["JobIds"] as? [String])
            for id in ids {
                _ = try await harness.waitFor(demo, "DescribeEips", idsField: "EipIds", id: id, statuses: ["available"])
            }
            let replay = try await demo.call("AllocateEips", ["Count": 2], idempotencyKey: "K")
            #expect(replay.headers["Idempotent-Replayed"] == "true" || replay.dataObject["Ids"] as? [String] == ids)
            #expect(replay.dataObject["Ids"] as? [String] == ids)
            // The first run's answer lost after its writes: the key is freed and the request runs again.
            try await harness.store.abandonIdempotent(scope: "public:rerun", key: "K")
            let again = try await demo.call("AllocateEips", ["Count": 2], idempotencyKey: "K")
            #expect(again.code == 0, "\(again.message ?? "")")
            #expect(again.dataObject["Ids"] as? [String] == ids)
            #expect(again.dataObject["JobIds"] as? [String] == jobIDs)
            #expect(try await demo.call("DescribeEips").dataObject["Total"] as? Int == 2)
            #expect(try await harness.jobs.jobs(JobQuery(projectID: "rerun")).total == 2)
            #expect(try await client.network.floatingIPs().count == 2, "one floating IP per EIP")
        }
    }

    @Test("20 concurrent AllocateEips against an eip quota of 5: exactly 5 allocated, in the gateway and in the cloud")
    func eipQuota() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("eipquota")
            let update = try await harness.manage.call("UpdateQuota", ["ProjectId": "eipquota", "Quotas": ["eip": ["Count": 5]]])
            #expect(update.code == 0, "\(update.message ?? "")")
            let codes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<20 { group.addTask { try await demo.call("AllocateEips").code } }
                var codes: [Int] = []
                for try await code in group { codes.append(code) }
                return codes
            }
            #expect(codes.filter { $0 == 0 }.count == 5)
            #expect(codes.filter { $0 == 4113 }.count == 15)
            _ = try await eventually(timeout: .seconds(30), "five floating IPs") { () async throws -> Bool? in
                let listed = try await demo.call("DescribeEips", ["Status": ["available"]])
                return listed.dataObject["Total"] as? Int == 5 ? true : nil
            }
            #expect(try await client.network.floatingIPs().count == 5)
            #expect(try await demo.call("AllocateEips").code == 4113)
        }
    }

    @Test("another project's EIPs, instances, security groups and key pairs: every mutation refused, nothing changes")
    func crossProject() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let alice = try await harness.project("alice")
            let bob = try await harness.project("bob")
            let instance = try await Self.runInstance(harness, alice)
            let eip = try await Self.allocate(harness, alice)
            let eipID = try #require(eip["Id"] as? String)
            let group = try await alice.call("CreateSecurityGroup", ["Name": "web", "Description": "web servers"])
            #expect(group.code == 0, "\(group.message ?? "")")
            let groupID = try #require(group.dataObject["Id"] as? String)
            let rule = try await alice.call("AuthorizeSecurityGroupRule", [
                "SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 22, "PortMax": 22, "Cidr": "10.0.0.0/8",
            ])
            #expect(rule.code == 0, "\(rule.message ?? "")")
            let ruleID = try #require(rule.dataObject["RuleId"] as? String)
            #expect(try await alice.call("ImportKeyPair", ["Name": "deploy", "PublicKey": Self.publicKey]).code == 0)
            let bobGroup = try await bob.call("CreateSecurityGroup", ["Name": "own"])
            let bobGroupID = try #require(bobGroup.dataObject["Id"] as? String)

            let touches: [(String, [String: Any], Int)] = [
                ("AssociateEip", ["EipId": eipID, "InstanceId": instance.id], 4103),
                ("DissociateEips", ["EipIds": [eipID]], 4103),
                ("ReleaseEips", ["EipIds": [eipID]], 4103),
                ("DeleteSecurityGroups", ["SecurityGroupIds": [groupID]], 4103),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 80], 4103),
                ("RevokeSecurityGroupRule", ["SecurityGroupId": groupID, "RuleId": ruleID], 4103),
                ("RevokeSecurityGroupRule", ["SecurityGroupId": bobGroupID, "RuleId": ruleID], 4104),
                ("RunInstances", ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "SecurityGroupIds": [groupID]], 4103),
                // Key pairs are per project by name: Bob's "deploy" is another pair, which he has not got.
                ("DeleteKeyPairs", ["Names": ["deploy"]], 4104),
                ("RunInstances", ["ImageId": GatewayHarness.imageID, "FlavorId": "1", "KeyName": "deploy"], 4104),
            ]
            for (action, params, code) in touches {
                let answer = try await bob.call(action, params)
                #expect(answer.code == code, "\(action): \(answer.code) \(answer.message ?? "")")
            }
            // Bob sees none of it.
            for (action, field, id) in [("DescribeEips", "EipIds", eipID), ("DescribeSecurityGroups", "SecurityGroupIds", groupID)] {
                #expect(try await bob.call(action, [field: [id]]).dataObject["Total"] as? Int == 0, "\(action)")
            }
            #expect(try await bob.call("DescribeKeyPairs").dataObject["Total"] as? Int == 0)
            // Nothing changed for Alice, in the gateway or in the cloud; Bob wrote no row and no job.
            let after = try await harness.waitFor(alice, "DescribeEips", idsField: "EipIds", id: eipID, statuses: ["available"])
            #expect(after["InstanceId"] == nil)
            #expect(try await client.network.floatingIP(id: try #require(eip["ProviderId"] as? String)).portID == nil)
            let groups = try await alice.call("DescribeSecurityGroups", ["SecurityGroupIds": [groupID]])
            let shown = try #require((groups.dataObject["Items"] as? [[String: Any]])?.first)
            #expect(shown["Status"] as? String == "available")
            #expect((shown["Rules"] as? [[String: Any]])?.map { $0["RuleId"] as? String } == [ruleID])
            let cloudGroup = try await client.network.securityGroup(id: try #require(shown["ProviderId"] as? String))
            #expect(cloudGroup.rules.contains { $0.portRangeMin == 22 && $0.remoteIPPrefix == "10.0.0.0/8" })
            #expect(!cloudGroup.rules.contains { $0.portRangeMin == 80 })
            let aliceKeys = try await alice.call("DescribeKeyPairs")
            #expect((aliceKeys.dataObject["Items"] as? [[String: Any]])?.map { $0["Name"] as? String } == ["deploy"])
            #expect(try await harness.jobs.jobs(JobQuery(projectID: "bob")).total == 0)
            #expect(try await bob.call("DescribeInstances").dataObject["Total"] as? Int == 0)
        }
    }

    static let publicKey =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFf0qJ9Qe7xvQ3b4bq5x0mJc4dYbJm9yH2m8xq7Zx0vA stratus-test"

    @Test("CreateKeyPair returns the private key once; Describe never shows it, no idempotency record or file holds it")
    func keyPairs() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("keys")
            let created = try await demo.call("CreateKeyPair", ["Name": "ops"])
            #expect(created.code == 0, "\(created.message ?? "")")
            let privateKey = try #require(created.dataObject["PrivateKey"] as? String)
            #expect(privateKey.contains("PRIVATE KEY"))
            #expect(created.dataObject["Name"] as? String == "ops")
            // In Nova under the project's prefix; Describe shows the project's own name, no private key.
            let cloudPair = try await client.compute.keyPair(name: "p4-keys-ops")
            #expect(cloudPair.privateKey == nil)
            #expect(try await client.compute.keyPairs().map(\.name).contains("p4-keys-ops"))
            let described = try await demo.call("DescribeKeyPairs")
            let items = try #require(described.dataObject["Items"] as? [[String: Any]])
            #expect(items.map { $0["Name"] as? String } == ["ops"])
            #expect(items.allSatisfy { $0["PrivateKey"] == nil })
            #expect(!String(decoding: described.body, as: UTF8.self).contains("PRIVATE KEY"))
            let duplicate = try await demo.call("CreateKeyPair", ["Name": "ops"])
            #expect(duplicate.code == 4105, "\(duplicate.message ?? "")")

            // Under an Idempotency-Key the action refuses (its answer would be kept to replay):
            // the record holds that refusal, and nothing was made.
            let keyed = try await demo.call("CreateKeyPair", ["Name": "keyed"], idempotencyKey: "KP")
            #expect(keyed.code == 4100)
            #expect(keyed.message?.contains("ImportKeyPair") == true, "\(keyed.message ?? "")")
            let replayed = try await demo.call("CreateKeyPair", ["Name": "keyed"], idempotencyKey: "KP")
            #expect(replayed.headers["Idempotent-Replayed"] == "true" || replayed.code == 4100)
            #expect(!String(decoding: replayed.body, as: UTF8.self).contains("PRIVATE KEY"))
            await #expect(throws: OpenStackError.self) { _ = try await client.compute.keyPair(name: "p4-keys-keyed") }

            // The stores' file (with its write-ahead log) holds no part of the private key.
            let keyBody = privateKey.split(separator: "\n").filter { !$0.contains("PRIVATE KEY") && $0.count > 20 }
            let probe = try #require(keyBody.first.map(String.init))
            for suffix in ["", "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: harness.path + suffix))) ?? Data()
                #expect(bytes.range(of: Data(probe.utf8)) == nil, "the private key is in \(harness.path + suffix)")
            }

            let imported = try await demo.call("ImportKeyPair", ["Name": "laptop", "PublicKey": Self.publicKey], idempotencyKey: "IMP")
            #expect(imported.code == 0, "\(imported.message ?? "")")
            #expect(imported.dataObject["PrivateKey"] == nil)
            let both = try await demo.call("DescribeKeyPairs", ["Names": ["laptop", "ops"]])
            #expect(both.dataObject["Total"] as? Int == 2)
            let deleted = try await demo.call("DeleteKeyPairs", ["Names": ["ops", "laptop"]])
            #expect(deleted.code == 0, "\(deleted.message ?? "")")
            #expect(try await demo.call("DescribeKeyPairs").dataObject["Total"] as? Int == 0)
            #expect(try await client.compute.keyPairs().filter { $0.name.hasPrefix("p4-keys-") }.isEmpty)
            #expect(try await demo.call("CreateKeyPair", ["Name": "it's"]).code == 4100)
        }
    }

    @Test("RunInstances with KeyName, SecurityGroupIds and a network by name: the Nova server has them; a group in use is not deleted")
    func runInstancesNetworking() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("net")
            #expect(try await demo.call("ImportKeyPair", ["Name": "deploy", "PublicKey": Self.publicKey]).code == 0)
            let group = try await demo.call("CreateSecurityGroup", ["Name": "web"])
            #expect(group.code == 0, "\(group.message ?? "")")
            let groupID = try #require(group.dataObject["Id"] as? String)
            let groupCloudID = try #require(group.dataObject["ProviderId"] as? String)
            let rule = try await demo.call("AuthorizeSecurityGroupRule", [
                "SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 443, "PortMax": 443,
            ])
            #expect(rule.code == 0, "\(rule.message ?? "")")
            let again = try await demo.call("AuthorizeSecurityGroupRule", [
                "SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 443, "PortMax": 443,
            ])
            #expect(again.code == 4105, "the same rule twice: \(again.message ?? "")")

            let userData = Data("#cloud-config\nruncmd: [echo hello]\n".utf8).base64EncodedString()
            let instance = try await Self.runInstance(harness, demo, extra: [
                "KeyName": "deploy", "SecurityGroupIds": [groupID], "UserData": userData,
            ])
            let server = try await client.compute.server(id: instance.serverID)
            #expect(server.keyName == "p3-net-deploy")
            let cloudGroup = try await client.network.securityGroup(id: groupCloudID)
            #expect(server.securityGroups.contains(cloudGroup.name) || server.securityGroups.contains(groupCloudID),
                    "\(server.securityGroups)")
            let privateNetwork = try await client.network.findNetwork("private")
            let ports = try await client.network.ports(PortListQuery(deviceID: instance.serverID))
            #expect(ports.map(\.networkID) == [privateNetwork.id], "on the network named private")
            #expect(ports.allSatisfy { $0.securityGroupIDs.contains(groupCloudID) } || ports.isEmpty == false)

            let refused = try await demo.call("DeleteSecurityGroups", ["SecurityGroupIds": [groupID]])
            #expect(refused.code == 4105)
            #expect(refused.message?.contains(instance.id) == true, "\(refused.message ?? "")")
            #expect(try await client.network.securityGroup(id: groupCloudID).id == groupCloudID)

            let revoke = try await demo.call("RevokeSecurityGroupRule", [
                "SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 443, "PortMax": 443,
            ])
            #expect(revoke.code == 0, "\(revoke.message ?? "")")
            #expect(!(try await client.network.securityGroup(id: groupCloudID).rules.contains { $0.portRangeMin == 443 }))

            #expect(try await demo.call("TerminateInstances", ["InstanceIds": [instance.id]]).code == 0)
            _ = try await harness.waitFor(demo, "DescribeInstances", idsField: "InstanceIds", id: instance.id, statuses: ["deleted"])
            let delete = try await demo.call("DeleteSecurityGroups", ["SecurityGroupIds": [groupID]])
            #expect(delete.code == 0, "\(delete.message ?? "")")
            await #expect(throws: OpenStackError.self) { _ = try await client.network.securityGroup(id: groupCloudID) }
            let shown = try await demo.call("DescribeSecurityGroups", ["SecurityGroupIds": [groupID]])
            #expect(((shown.dataObject["Items"] as? [[String: Any]])?.first?["Status"] as? String) == "deleted")
        }
    }

    @Test("network and subnet names: unknown → 4104, ambiguous → 4100 naming the candidates, nothing written")
    func networkNames() async throws {
        try await GatewayHarness.withSimulatorClient { harness, _, client in
            let demo = try await harness.project("names")
            let first = try await client.network.createNetwork(NetworkCreateRequest(name: "twin"))
            let second = try await client.network.createNetwork(NetworkCreateRequest(name: "twin"))
            let base: [String: Any] = ["ImageId": GatewayHarness.imageID, "FlavorId": "1"]
            let ambiguous = try await demo.call("RunInstances", base.merging(["NetworkIds": ["twin"]]) { $1 })
            #expect(ambiguous.code == 4100)
            #expect(ambiguous.message?.contains(first.id) == true && ambiguous.message?.contains(second.id) == true,
                    "\(ambiguous.message ?? "")")
            #expect(try await demo.call("RunInstances", base.merging(["NetworkIds": ["nowhere"]]) { $1 }).code == 4104)
            #expect(try await demo.call("RunInstances", base.merging(["SubnetId": "nowhere"]) { $1 }).code == 4104)
            #expect(try await demo.call("DescribeInstances").dataObject["Total"] as? Int == 0)

            let bySubnet = try await Self.runInstance(harness, demo, extra: ["SubnetId": "private-subnet", "NetworkIds": [String]()])
            let privateNetwork = try await client.network.findNetwork("private")
            let ports = try await client.network.ports(PortListQuery(deviceID: bySubnet.serverID))
            #expect(ports.map(\.networkID) == [privateNetwork.id])
        }
    }

    @Test("input checks on the new actions and parameters: 4100 naming the field, nothing written")
    func inputChecks() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let demo = try await harness.project("checks")
            let group = try await demo.call("CreateSecurityGroup", ["Name": "g"])
            let groupID = try #require(group.dataObject["Id"] as? String)
            let cases: [(String, [String: Any], String)] = [
                ("AllocateEips", ["Count": 0], "Count"),
                ("AllocateEips", ["Count": 101], "Count"),
                ("AllocateEips", ["Name": "a\"b"], "Name"),
                ("AssociateEip", ["EipId": "", "InstanceId": "i-1"], "EipId"),
                ("ReleaseEips", ["EipIds": [String]()], "EipIds"),
                ("ReleaseEips", ["EipIds": ["eip-1", "eip-1"]], "EipIds"),
                ("CreateSecurityGroup", ["Name": String(repeating: "x", count: 129)], "Name"),
                ("CreateSecurityGroup", ["Name": "ok", "Description": String(repeating: "é", count: 200)], "Description"),
                ("CreateSecurityGroup", ["Name": "'; DROP TABLE x; --"], "Name"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "gre"], "Protocol"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 0], "PortMin"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "PortMin": 90, "PortMax": 80], "PortMax"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "udp", "PortMin": 70_000], "PortMin"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "any", "PortMin": 22], "PortMin"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "Cidr": "10.0.0.300/8"], "Cidr"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "Cidr": "10.0.0.0"], "Cidr"),
                ("AuthorizeSecurityGroupRule", ["SecurityGroupId": groupID, "Protocol": "tcp", "Direction": "sideways"], "Direction"),
                ("ImportKeyPair", ["Name": "k", "PublicKey": String(repeating: "A", count: 20_000)], "PublicKey"),
                ("DeleteKeyPairs", ["Names": ["a/b"]], "Names"),
                ("RunInstances", ["ImageId": "x", "FlavorId": "1", "UserData": "not base64!"], "UserData"),
                ("RunInstances", ["ImageId": "x", "FlavorId": "1", "UserData": String(repeating: "QUFB", count: 16_384)], "UserData"),
                ("RunInstances", ["ImageId": "x", "FlavorId": "1", "KeyName": "a\nb"], "KeyName"),
                ("RunInstances", ["ImageId": "x", "FlavorId": "1", "SecurityGroupIds": [String]()], "SecurityGroupIds"),
            ]
            for (action, params, field) in cases {
                let answer = try await demo.call(action, params)
                #expect(answer.code == 4100, "\(action) \(field): \(answer.code) \(answer.message ?? "")")
                #expect(answer.message?.hasPrefix(field) == true, "\(action): \(answer.message ?? "")")
            }
            #expect(try await demo.call("DescribeEips").dataObject["Total"] as? Int == 0)
            #expect(try await demo.call("DescribeInstances").dataObject["Total"] as? Int == 0)
            let shown = try await demo.call("DescribeSecurityGroups", ["SecurityGroupIds": [groupID]])
            let rules = (shown.dataObject["Items"] as? [[String: Any]])?.first?["Rules"] as? [Any]
            #expect(rules?.isEmpty == true)
            #expect(try await harness.jobs.jobs(JobQuery(projectID: "checks")).total == 0)
        }
    }
}
