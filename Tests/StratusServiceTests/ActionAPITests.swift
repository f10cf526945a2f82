import Foundation
import Logging
import StratusJobs
import StratusService
import StratusTesting
import Synchronization
import Testing

/// The framework as another team would use it: its own actions, signed requests, densefog's codes.
@Suite("Action API framework")
struct ActionAPITests {
    struct Echo: Decodable { var Text: String; var Times: Int? }
    struct Echoed: Encodable { var Text: String; var Project: String; var Context: String }

    static func routes() -> ActionRouter {
        var routes = ActionRouter()
        routes.register("Echo") { (params: Echo, context: ActionContext) -> Echoed in
            try Check.range("Times", params.Times ?? 1, 1...10)
            return Echoed(Text: String(repeating: params.Text, count: params.Times ?? 1), Project: try context.requireProject(),
                          Context: context.contextID)
        }
        return routes
    }

    @Test("a signed call reaches its handler with the key's project and a context id")
    func signedCall() async throws {
        try await ServiceHarness.withRunning(publicRoutes: Self.routes()) { harness in
            let api = try await harness.project("alpha")
            let answer = try await api.call("Echo", ["Text": "hi", "Times": 2])
            #expect(answer.status == 200)
            #expect(answer.code == 0)
            let json = try #require(answer.json)
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["Text"] as? String == "hihi")
            #expect(data["Project"] as? String == "alpha")
            #expect(answer.headers["x-stratus-context-id"] == answer.contextID)
            #expect(data["Context"] as? String == answer.contextID)
        }
    }

    @Test("every kind of bad request gets its code and a message naming the problem")
    func errorTable() async throws {
        try await ServiceHarness.withRunning(publicRoutes: Self.routes()) { harness in
            let api = try await harness.project("alpha")
            func expect(_ answer: ActionClient.Answer, _ code: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
                #expect(answer.code == code, "\(answer.message ?? "")", sourceLocation: sourceLocation)
                #expect(answer.message?.contains(fragment) == true, "\(answer.message ?? "")", sourceLocation: sourceLocation)
            }
            expect(try await api.send(body: Array("not json".utf8)), 4100, "JSON object")
            expect(try await api.send(body: Array("[1,2]".utf8)), 4100, "action")
            expect(try await api.send(body: Array(#"{"Text":"x"}"#.utf8)), 4100, "action: required")
            expect(try await api.call("Echo", ["Text": 5]), 4100, "Text: expected a string")
            expect(try await api.call("Echo", [:]), 4100, "Text: required")
            expect(try await api.call("Echo", ["Text": "x", "Times": 99]), 4100, "Times: must be between 1 and 10")
            expect(try await api.call("Echo", ["Text": "x", "Times": 1e30]), 4100, "Times")
            expect(try await api.call("Nope"), 4106, "unknown action Nope")
            expect(try await api.send(body: Array(#"{"action":"Echo","Text":"x"}"#.utf8), contentType: "text/plain"), 4100, "Content-Type")
            expect(try await api.send(body: Array(#"{"action":"Echo","Text":"x"}"#.utf8), signed: false), 4101, "missing signature")
            let forged = ActionClient(baseURL: harness.publicBase, accessKeyID: api.keyID, secret: "wrong")
            expect(try await forged.call("Echo", ["Text": "x"]), 4101, "signature mismatch")
            let unknown = ActionClient(baseURL: harness.publicBase, accessKeyID: "AKNOPE", secret: "x")
            expect(try await unknown.call("Echo", ["Text": "x"]), 4101, "unknown")
            // A manage key on the public API and a project key on the manage API.
            let manageOnPublic = ActionClient(baseURL: harness.publicBase, accessKeyID: harness.manageKey.id, secret: harness.manageKey.secret)
            expect(try await manageOnPublic.call("Echo", ["Text": "x"]), 4101, "manage key")
            let projectOnManage = ActionClient(baseURL: harness.manageBase, accessKeyID: api.keyID, secret: api.secret)
            expect(try await projectOnManage.call("DescribeProjects"), 4601, "manage key")
            expect(try await harness.manage.call("CreateProject", ["ProjectId": "alpha"]), 4600, "exists")
            expect(try await harness.manage.call("CreateAccessKey", ["ProjectId": "nope"]), 4604, "not found")
            expect(try await harness.manage.call("DeleteAccessKey", ["AccessKeyId": "AKNOPE"]), 4614, "not found")
            expect(try await harness.manage.call("CreateProject", ["ProjectId": "Bad Id!"]), 4100, "ProjectId")
        }
    }

    @Test("an old timestamp is refused (replay window)")
    func replayWindow() async throws {
        try await ServiceHarness.withRunning(publicRoutes: Self.routes()) { harness in
            let api = try await harness.project("alpha")
            let body = Array(#"{"action":"Echo","Text":"x"}"#.utf8)
            let old = RequestSignature.headers(
                accessKeyID: api.keyID, secret: api.secret, body: body, now: Date().addingTimeInterval(-3600))
            let answer = try await api.send(body: body, signed: false, extraHeaders: old)
            #expect(answer.code == 4101)
            #expect(answer.message?.contains("away from the server's clock") == true)
        }
    }

    @Test("an Idempotency-Key replays the first answer and refuses a different body")
    func idempotency() async throws {
        let calls = Counter()
        var routes = ActionRouter()
        routes.register("Count") { (_: Empty, _: ActionContext) -> Int in
            calls.next()
        }
        try await ServiceHarness.withRunning(publicRoutes: routes) { harness in
            let api = try await harness.project("alpha")
            let first = try await api.call("Count", [:], idempotencyKey: "k-1")
            let again = try await api.call("Count", [:], idempotencyKey: "k-1")
            #expect(first.body == again.body, "byte-for-byte replay")
            #expect(again.headers["idempotent-replayed"] == "true")
            #expect(calls.value == 1)
            let different = try await api.call("Count", ["Extra": 1], idempotencyKey: "k-1")
            #expect(different.code == 4109)
            // Keys are per project: another project's same key is independent.
            let other = try await harness.project("beta")
            let theirs = try await other.call("Count", [:], idempotencyKey: "k-1")
            #expect(theirs.code == 0)
            #expect(calls.value == 2)
        }
    }

    @Test("secrets are shown once and never logged")
    func secretsStayPrivate() async throws {
        let logs = CapturingLogHandler.Store()
        try await ServiceHarness.withRunning(publicRoutes: Self.routes(), logger: CapturingLogHandler.logger(store: logs)) { harness in
            let api = try await harness.project("alpha")
            _ = try await api.call("Echo", ["Text": "x"])
            _ = try await api.call("Nope")
            let secret = api.secret
            let listed = try await harness.store.accessKeys(projectID: "alpha")
            #expect(listed.count == 1)
            #expect(!logs.all.contains { $0.contains(secret) || $0.contains(harness.manageKey.secret) })
            #expect(logs.all.contains { $0.contains("access_key=\(api.keyID)") })
        }
    }

    struct Empty: Decodable {}
}


final class Counter: Sendable {
    private let state = Mutex(0)
    func next() -> Int { state.withLock { $0 += 1; return $0 } }
    var value: Int { state.withLock { $0 } }
}
