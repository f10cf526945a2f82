import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import StratusJobs
import StratusService
import Testing

/// Hostile and malformed requests through the real HTTP stack: every answer is a JSON error
/// with the right code, the server never falls over, and nothing is written.
@Suite("Gateway fuzz")
struct FuzzTests {
    /// `STRATUS_FUZZ_REQUESTS` sets the count: 10,000 inside the parallel `swift test` run (more
    /// would starve the timing-sensitive suites running beside it on 2 cores), 100,000 in the
    /// README's test command's second, solo run.
    static var count: Int { Int(ProcessInfo.processInfo.environment["STRATUS_FUZZ_REQUESTS"] ?? "") ?? 10_000 }

    @Test("malformed or hostile bodies (100,000 in CI) through the gateway's responder: a JSON error with the right code each time, no rows")
    func hostileBodiesInProcess() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let victim = try await harness.project("fuzz")
            var quiet = Logger(label: "fuzz")
            quiet.logLevel = .critical
            // The public API's own responder (parsing, signatures, routing, handlers, store), driven
            // without sockets so 100,000 requests take seconds, not minutes.
            let app = Application(responder: ActionResponder(api: .public, routes: harness.publicRoutes, store: harness.store, logger: quiet))
            let total = Self.count
            let failures = try await app.test(.router) { client in
                try await withThrowingTaskGroup(of: [String].self) { group in
                    for worker in 0..<4 {
                        group.addTask {
                            var generator = FuzzGenerator(seed: UInt64(worker) &* 0xD1B5_4A32_D192_ED03 &+ 7)
                            var problems: [String] = []
                            for _ in stride(from: worker, to: total, by: 4) {
                                let sample = generator.next()
                                var headers = HTTPFields()
                                headers.append(HTTPFields.Element(name: .contentType, value: "application/json"))
                                if sample.signed {
                                    for (name, value) in RequestSignature.headers(accessKeyID: victim.keyID, secret: victim.secret, body: sample.body) {
                                        headers.append(HTTPFields.Element(name: HTTPFields.Element.Name(name)!, value: value))
                                    }
                                }
                                let answer = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(bytes: sample.body)) { response in
                                    ActionClient.Answer(status: Int(response.status.code), body: Array(response.body.readableBytesView), headers: [:])
                                }
                                if let problem = sample.check(answer) { problems.append(problem) }
                                if problems.count > 20 { break }
                            }
                            return problems
                        }
                    }
                    var all: [String] = []
                    for try await problems in group { all += problems }
                    return all
                }
            }
            #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
            #expect(try await harness.jobs.jobs(JobQuery()).total == 0)
            for kind in FuzzGenerator.rowKinds {
                #expect(try await harness.store.resources(ResourceQuery(projectID: nil, kind: kind, includeDeleted: true)).total == 0)
            }
        }
    }

    @Test("5,000 of them over real HTTP: the server never falls over and writes nothing")
    func hostileBodies() async throws {
        try await GatewayHarness.withSimulator { harness, _ in
            let victim = try await harness.project("fuzz")
            let total = 5_000
            let workers = 4
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        var generator = FuzzGenerator(seed: UInt64(worker) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
                        var problems: [String] = []
                        for _ in stride(from: worker, to: total, by: workers) {
                            let sample = generator.next()
                            let answer = try await victim.client.send(body: sample.body, signed: sample.signed)
                            if let problem = sample.check(answer) { problems.append(problem) }
                            if problems.count > 20 { break }
                        }
                        return problems
                    }
                }
                var all: [String] = []
                for try await problems in group { all += problems }
                return all
            }
            #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
            // Still serving, and nothing was written by any of it.
            let healthy = try await victim.call("DescribeInstances")
            #expect(healthy.code == 0)
            #expect(healthy.dataObject["Total"] as? Int == 0)
            #expect(try await harness.jobs.jobs(JobQuery()).total == 0)
            for kind in FuzzGenerator.rowKinds {
                #expect(try await harness.store.resources(ResourceQuery(projectID: nil, kind: kind, includeDeleted: true)).total == 0)
            }
        }
    }
}

/// Deterministic hostile requests, each with the codes it may get.
struct FuzzGenerator {
    struct Sample {
        var body: [UInt8]
        var signed: Bool
        var allowed: Set<Int>
        var label: String

        func check(_ answer: ActionClient.Answer) -> String? {
            guard let json = answer.json else { return "\(label): answer is not a JSON object (HTTP \(answer.status))" }
            guard let code = json["code"] as? Int else { return "\(label): no code" }
            guard allowed.contains(code) else { return "\(label): code \(code) not in \(allowed.sorted()): \(json["message"] ?? "")" }
            guard json["contextId"] is String, code == 0 || json["message"] is String else { return "\(label): missing contextId/message" }
            guard code == 0 ? answer.status == 200 : (400..<500).contains(answer.status) else { return "\(label): HTTP \(answer.status)" }
            return nil
        }
    }

    private var state: UInt64
    init(seed: UInt64) { state = seed }

    private mutating func random() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    private mutating func pick<T>(_ items: [T]) -> T { items[Int(random() % UInt64(items.count))] }
    private mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: random()) } }

    static let actions = ["RunInstances", "TerminateInstances", "CreateVolumes", "DeleteVolumes", "AttachVolume",
                          "DetachVolume", "CreateImage", "DescribeInstances", "DescribeJobs",
                          "AllocateEips", "DescribeEips", "AssociateEip", "DissociateEips", "ReleaseEips",
                          "CreateKeyPair", "ImportKeyPair", "DescribeKeyPairs", "DeleteKeyPairs",
                          "CreateSecurityGroup", "DescribeSecurityGroups", "DeleteSecurityGroups",
                          "AuthorizeSecurityGroupRule", "RevokeSecurityGroupRule"]

    /// The kinds of rows any action could write; the fuzz tests check each stays empty.
    static let rowKinds = ["instance", "volume", "image", "eip", "securitygroup", "securitygrouprule"]

    /// A wrong value for any field: wrong type, out of range, hostile.
    private mutating func hostileValue() -> String { pick(Self.hostileValues) }

    static let hostileValues: [String] = [
            "\"\"", "-1", "0", "1e308", "-1e308", "9223372036854775808", "3.5", "true", "null", "[]", "{}",
            "\"" + String(repeating: "A", count: 20_000) + "\"", "[" + String(repeating: "1,", count: 5000) + "1]",
            "\"\\u0000\\ud800\"", "\"'; DROP TABLE stratus_jobs; --\"", "{\"$gt\":\"\"}", "[[[[[[[[[[]]]]]]]]]]",
    ]

    mutating func next() -> Sample {
        let kind = random() % 12
        switch kind {
        case 0:
            return Sample(body: bytes(Int(random() % 200)), signed: true, allowed: [4100], label: "random bytes")
        case 1:
            let valid = #"{"action":"RunInstances","ImageId":"x","FlavorId":"1","Count":2}"#
            let cut = Int(random() % UInt64(valid.utf8.count - 1))
            return Sample(body: Array(valid.utf8.prefix(cut)), signed: true, allowed: [4100], label: "truncated")
        case 2:
            return Sample(body: Array(pick(["[]", "1", "\"RunInstances\"", "null", "true", "[{\"action\":\"RunInstances\"}]"]).utf8),
                          signed: true, allowed: [4100], label: "not an object")
        case 3:
            return Sample(body: Array(pick(["{}", #"{"Action":"RunInstances"}"#, #"{"action":7}"#, #"{"action":null}"#,
                                            #"{"action":["RunInstances"]}"#]).utf8),
                          signed: true, allowed: [4100], label: "no action")
        case 4:
            let name = pick(["Nope", "runinstances", "", "../../etc/passwd", String(repeating: "X", count: 500), "Run Instances", "☃"])
            let encoded = String(decoding: try! JSONEncoder().encode(["action": name]), as: UTF8.self)
            return Sample(body: Array(encoded.utf8), signed: true, allowed: [4106, 4100], label: "unknown action")
        case 5:
            let depth = 600 + Int(random() % 3_000)
            let body = #"{"action":"DescribeJobs","Limit":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
            return Sample(body: Array(body.utf8), signed: true, allowed: [4100], label: "deep nesting")
        case 6:
            return Sample(body: Array(#"{"action":"DescribeJobs"}"#.utf8), signed: false, allowed: [4101], label: "unsigned")
        default:
            // A real action with at least one field of the wrong type or out of range.
            let action = pick(Self.actions)
            let fields: [String: [String]] = [
                "RunInstances": ["ImageId", "FlavorId", "Count", "NetworkIds"],
                "TerminateInstances": ["InstanceIds"],
                "CreateVolumes": ["Size", "Count"],
                "DeleteVolumes": ["VolumeIds"],
                "AttachVolume": ["VolumeId", "InstanceId"],
                "DetachVolume": ["VolumeId"],
                "CreateImage": ["InstanceId", "Name"],
                "DescribeInstances": ["Limit", "Offset", "InstanceIds"],
                "DescribeJobs": ["Limit", "Status", "JobIds"],
                "AllocateEips": ["Count", "Name"],
                "DescribeEips": ["EipIds", "Status", "Limit", "Offset"],
                "AssociateEip": ["EipId", "InstanceId"],
                "DissociateEips": ["EipIds"],
                "ReleaseEips": ["EipIds"],
                "CreateKeyPair": ["Name"],
                "ImportKeyPair": ["Name", "PublicKey"],
                "DescribeKeyPairs": ["Names"],
                "DeleteKeyPairs": ["Names"],
                "CreateSecurityGroup": ["Name", "Description"],
                "DescribeSecurityGroups": ["SecurityGroupIds", "Limit", "Offset"],
                "DeleteSecurityGroups": ["SecurityGroupIds"],
                "AuthorizeSecurityGroupRule": ["SecurityGroupId", "Protocol", "PortMin", "PortMax", "Cidr", "Direction"],
                "RevokeSecurityGroupRule": ["SecurityGroupId", "Protocol", "PortMin", "PortMax", "Cidr", "Direction", "RuleId"],
            ]
            // Fields that may be left out entirely (so `null` would be a valid "absent"): these
            // get a hostile value other than null, so no request comes out valid.
            let optionalOnly: Set<String> = ["AllocateEips.Count"]
            var parts = [#""action":"\#(action)""#]
            for field in fields[action]! {
                var value = hostileValue()
                while value == "null", optionalOnly.contains("\(action).\(field)") { value = hostileValue() }
                parts.append(#""\#(field)":\#(value)"#)
            }
            let body = "{" + parts.joined(separator: ",") + "}"
            // Every field hostile: never a valid request, so never 0. 4104/4103 for ids that parse
            // as strings but name nothing; 4105 never (nothing exists).
            // A Describe whose every field came out null is a valid read (and writes nothing).
            let allowed: Set<Int> = action.hasPrefix("Describe") ? [0, 4100, 4104] : [4100, 4104]
            return Sample(body: Array(body.utf8), signed: true, allowed: allowed, label: "hostile \(action)")
        }
    }
}
