import Logging
import NIOCore
import StratusTesting
import Testing
@testable import StratusOpenStack

/// The request loop end to end over a scripted transport and a manual clock: no network, no sleeps.
@Suite("Request loop: retries, Retry-After, outcome unknown, re-authentication")
struct RequestLoopTests {
    static let imageJSON = #"{"id": "img-1", "name": "cirros", "status": "active", "tags": [], "stratus_token": "t1"}"#

    static func configuration(credentials: Credentials = .staticToken("s3cr3t-token"),
                              retry: RetryPolicy = .default) -> CloudConfiguration {
        CloudConfiguration(name: "scripted", authURL: "http://keystone.invalid/v3", credentials: credentials,
                           endpointOverrides: [.image: "http://glance.invalid", .compute: "http://nova.invalid/v2.1",
                                               .blockStorage: "http://cinder.invalid/v3/p1"],
                           retry: retry)
    }

    /// Lets the call run, advancing the clock past each backoff; returns the waits it slept.
    static func drive<T: Sendable>(_ clock: ManualClock, sleeps: Int, _ task: Task<T, any Error>) async throws -> (T, [Duration]) {
        var waits: [Duration] = []
        for count in 1...max(sleeps, 1) where sleeps > 0 {
            await clock.waitForTotalSleeps(count)
            waits.append(clock.advanceToNextDeadline() ?? .zero)
        }
        return (try await task.value, waits)
    }

    @Test("503, then 503 with Retry-After: 7, then 200 — three attempts, the second wait at least 7 s")
    func retriesTransientStatuses() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([
            .status(503, headers: [("x-openstack-request-id", "req-1")]),
            .status(503, headers: [("Retry-After", "7")]),
            .json(200, Self.imageJSON),
        ])
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: clock, jitterSeed: 7)
        let task = Task { try await client.images.image(id: "img-1") }
        let (image, waits) = try await Self.drive(clock, sleeps: 2, task)
        #expect(image.id == "img-1")
        #expect(image.properties["stratus_token"] == .string("t1"))
        #expect(transport.requests.count == 3)
        #expect(waits[0] <= .milliseconds(500))
        #expect(waits[1] >= .seconds(7))
        #expect(transport.requests.allSatisfy { $0.headers.first(name: "X-Auth-Token") == "s3cr3t-token" })
    }

    @Test("an idempotent call gives up after maxAttempts with the last status and the attempt count")
    func givesUpAfterMaxAttempts() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([], fallback: .json(503, #"{"message": "busy"}"#, headers: [("x-openstack-request-id", "req-9")]))
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: clock, jitterSeed: 1)
        let task = Task { try await client.images.image(id: "img-1") }
        await #expect(throws: OpenStackError.self) { _ = try await Self.drive(clock, sleeps: 4, task) }
        do {
            _ = try await task.value
        } catch let error as OpenStackError {
            #expect(error.code == .httpStatus)
            #expect(error.status == 503)
            #expect(error.attempts == 5)
            #expect(error.requestID == "req-9")
            #expect(error.message == "busy")
        }
        #expect(transport.requests.count == 5)
    }

    @Test("a create POST answered 503 is sent once and ends 'outcome unknown'")
    func createIsNotReplayedAfter5xx() async throws {
        let transport = ScriptedTransport([.status(503, headers: [("x-openstack-request-id", "req-create")])])
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.images.createImage(ImageCreateRequest(name: "x"))
        }
        #expect(error?.code == .outcomeUnknown)
        #expect(error?.attempts == 1)
        #expect(error?.requestID == "req-create")
        #expect(transport.requests.count == 1)
    }

    @Test("a create POST whose connection reset after sending is sent once and ends 'outcome unknown'")
    func createIsNotReplayedAfterReset() async throws {
        let transport = ScriptedTransport([.connectionReset])
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.images.createImage(ImageCreateRequest(name: "x"))
        }
        #expect(error?.code == .outcomeUnknown)
        #expect(transport.requests.count == 1)
    }

    @Test("a create POST that never left (connection refused) is retried and succeeds")
    func createIsRetriedWhenNeverSent() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport([.connectionRefused, .status(429, headers: [("Retry-After", "2")]),
                                           .json(201, Self.imageJSON)])
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: clock, jitterSeed: 3)
        let task = Task { try await client.images.createImage(ImageCreateRequest(name: "x")) }
        let (image, waits) = try await Self.drive(clock, sleeps: 2, task)
        #expect(image.id == "img-1")
        #expect(transport.requests.count == 3)
        #expect(waits[1] >= .seconds(2))
    }

    @Test("the overall deadline stops retrying before a long Retry-After")
    func deadlineStopsRetries() async throws {
        let transport = ScriptedTransport([.status(429, headers: [("Retry-After", "50")])])
        let client = OpenStackClient(configuration: Self.configuration(retry: RetryPolicy(maxRetryAfter: .seconds(60), deadline: .seconds(30))),
                                     transport: transport, clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) { _ = try await client.images.image(id: "x") }
        #expect(error?.status == 429)
        #expect(error?.retryAfter == .seconds(50))
        #expect(transport.requests.count == 1)
    }

    @Test("a 401 re-authenticates once with Keystone and replays the request with the new token")
    func reauthenticatesOn401() async throws {
        let token = #"{"token": {"expires_at": "2099-01-01T00:00:00.000000Z", "project": {"id": "p1", "name": "demo"}, "user": {"id": "u1"}, "roles": [{"id": "r", "name": "member"}], "catalog": []}}"#
        let transport = ScriptedTransport([
            .json(201, token, headers: [("X-Subject-Token", "token-A")]),
            .json(401, #"{"error": {"code": 401, "message": "The request you have made requires authentication."}}"#),
            .json(201, token, headers: [("X-Subject-Token", "token-B")]),
            .json(200, Self.imageJSON),
        ])
        let credentials = Credentials.password(PasswordCredentials(user: UserReference(name: "demo"), password: "hunter2",
                                                                    scope: ProjectScope(name: "demo")))
        let client = OpenStackClient(configuration: Self.configuration(credentials: credentials), transport: transport,
                                     clock: ManualClock())
        let image = try await client.images.image(id: "img-1")
        #expect(image.id == "img-1")
        let requests = transport.requests
        #expect(requests.map(\.url) == ["http://keystone.invalid/v3/auth/tokens", "http://glance.invalid/v2/images/img-1",
                                         "http://keystone.invalid/v3/auth/tokens", "http://glance.invalid/v2/images/img-1"])
        #expect(requests[1].headers.first(name: "X-Auth-Token") == "token-A")
        #expect(requests[3].headers.first(name: "X-Auth-Token") == "token-B")
    }

    @Test("a second 401 after re-authenticating is an authentication error, not a loop")
    func secondUnauthorizedFails() async throws {
        let token = #"{"token": {"expires_at": "2099-01-01T00:00:00Z", "catalog": []}}"#
        let transport = ScriptedTransport([
            .json(201, token, headers: [("X-Subject-Token", "A")]), .json(401, "{}"),
            .json(201, token, headers: [("X-Subject-Token", "B")]), .json(401, "{}"),
        ])
        let credentials = Credentials.password(PasswordCredentials(user: UserReference(name: "demo"), password: "pw",
                                                                    scope: ProjectScope(name: "demo")))
        let client = OpenStackClient(configuration: Self.configuration(credentials: credentials), transport: transport,
                                     clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) { _ = try await client.images.image(id: "x") }
        #expect(error?.code == .authentication)
        #expect(transport.requests.count == 4)
    }

    @Test("a token near expiry is replaced before the call; concurrent callers share one authentication")
    func proactiveRefreshAndCoalescing() async throws {
        let soon = #"{"token": {"expires_at": "2000-01-01T00:00:00Z", "catalog": []}}"#
        let later = #"{"token": {"expires_at": "2099-01-01T00:00:00Z", "catalog": []}}"#
        let transport = ScriptedTransport([
            .json(201, soon, headers: [("X-Subject-Token", "old")]),
            .json(201, later, headers: [("X-Subject-Token", "new")]),
        ], fallback: .json(200, Self.imageJSON))
        let credentials = Credentials.password(PasswordCredentials(user: UserReference(name: "demo"), password: "pw",
                                                                    scope: ProjectScope(name: "demo")))
        let client = OpenStackClient(configuration: Self.configuration(credentials: credentials), transport: transport,
                                     clock: ManualClock())
        let first = try await client.authenticate()
        #expect(first.token == "old")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await client.images.image(id: "img-1") } }
            try await group.waitForAll()
        }
        let tokenRequests = transport.requests.filter { $0.url.hasSuffix("/auth/tokens") }
        #expect(tokenRequests.count == 2)
        #expect(transport.requests.filter { $0.url.contains("/images/") }.allSatisfy { $0.headers.first(name: "X-Auth-Token") == "new" })
    }

    @Test("Keystone refusing the password names the cloud and user but never the password")
    func badPassword() async throws {
        let transport = ScriptedTransport([.json(401, #"{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}"#)])
        let credentials = Credentials.password(PasswordCredentials(user: UserReference(name: "demo"), password: "hunter2",
                                                                    scope: ProjectScope(name: "demo")))
        let client = OpenStackClient(configuration: Self.configuration(credentials: credentials), transport: transport,
                                     clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) { _ = try await client.images.image(id: "x") }
        #expect(error?.code == .authentication)
        #expect(error?.description.contains("demo") == true)
        #expect(error?.description.contains("hunter2") == false)
        #expect(transport.requests.count == 1)
    }

    @Test("compute negotiates its microversion once from the version document and sends it on every call")
    func microversionNegotiation() async throws {
        let version = #"{"version": {"id": "v2.1", "status": "CURRENT", "version": "2.60", "min_version": "2.1"}}"#
        let transport = ScriptedTransport([.json(200, version)],
                                          fallback: .json(200, #"{"flavors": [{"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1}]}"#))
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: ManualClock())
        _ = try await client.compute.flavors()
        _ = try await client.compute.flavors()
        #expect(try await client.compute.microversion() == "2.60")
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests[0].url == "http://nova.invalid/v2.1/")
        #expect(requests[1].headers.first(name: "OpenStack-API-Version") == "compute 2.60")
        #expect(requests[2].headers.first(name: "X-OpenStack-Nova-API-Version") == "2.60")
    }

    @Test("changes-before on a cloud below 2.66 is refused instead of silently ignored")
    func changesBeforeNeedsMicroversion() async throws {
        let version = #"{"version": {"id": "v2.1", "version": "2.60", "min_version": "2.1"}}"#
        let transport = ScriptedTransport([.json(200, version)])
        let client = OpenStackClient(configuration: Self.configuration(), transport: transport, clock: ManualClock())
        let error = await #expect(throws: OpenStackError.self) {
            _ = try await client.compute.servers(ServerListQuery(changesBefore: .now))
        }
        #expect(error?.code == .unsupported)
        #expect(transport.requests.count == 1)
    }
}
