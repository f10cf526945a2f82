import AsyncHTTPClient
import Foundation
import StratusSimulator
import Testing

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("http500Rate 1 answers 500 computeFault before doing anything")
    func http500() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            cloud.simulator.setFaults(FaultInjection(http500Rate: 1))
            let response = try await cloud.nova(
                "POST", "/servers", token: token,
                json: ["server": ["name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1", "networks": "none"]])
            #expect(response.status == 500)
            #expect(response.json?["computeFault"]?["code"]?.int == 500)
            #expect(cloud.simulator.serverSnapshots().isEmpty)
            let volume = try await cloud.cinder("GET", "/volumes", token: token, projectID: project)
            #expect(volume.status == 500)
            let image = try await cloud.glance("GET", "/images", token: token)
            #expect(image.status == 500)
            #expect(image.text.contains("<h1>500 Internal Server Error</h1>"))
            #expect(cloud.simulator.stats().faultsInjected >= 3)
        }
    }

    @Test("http503Rate 1 answers 503 in the service's shape with Retry-After")
    func http503() async throws {
        try await TestCloud.with(faults: FaultInjection(http503Rate: 1, retryAfterSeconds: 4)) { cloud in
            let response = try await cloud.send(
                "POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "demo", project: "demo"))
            #expect(response.status == 503)
            #expect(response.json?["error"]?["code"]?.int == 503)
            #expect(response.header("retry-after") == "4")
            cloud.simulator.setFaults(.none)
            let token = try await cloud.token()
            cloud.simulator.setFaults(FaultInjection(http503Rate: 1))
            let nova = try await cloud.nova("GET", "/servers", token: token)
            #expect(nova.status == 503)
            #expect(nova.json?["serviceUnavailable"]?["code"]?.int == 503)
            let versions = try await cloud.send("GET", "/compute/")
            #expect(versions.status == 200, "version documents are never faulted")
        }
    }

    @Test("http429Rate 1 answers 429 with Retry-After")
    func http429() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            cloud.simulator.setFaults(FaultInjection(http429Rate: 1, retryAfterSeconds: 2))
            let response = try await cloud.nova("GET", "/servers/detail", token: token)
            #expect(response.status == 429)
            #expect(response.header("retry-after") == "2")
            #expect(response.json?["overLimit"]?["code"]?.int == 429)
            #expect(cloud.simulator.stats().byStatus["429"] == 1)
        }
    }

    @Test("latency is added to every API request")
    func latency() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            // A latency far above any scheduling noise, so the "not delayed" check cannot flake.
            cloud.simulator.setFaults(FaultInjection(latencyMilliseconds: 4000))
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await cloud.nova("GET", "/servers", token: token)
            let elapsed = clock.now - start
            #expect(response.status == 200)
            #expect(elapsed >= .milliseconds(4000))
            let fastStart = clock.now
            _ = try await cloud.send("GET", "/_sim/stats")
            #expect(clock.now - fastStart < .milliseconds(4000), "/_sim is never delayed")
        }
    }

    @Test("drop-after-commit closes the connection without a response, yet the server exists")
    func dropAfterCommit() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            cloud.simulator.setFaults(FaultInjection(dropAfterCommitRate: 1))
            var request = HTTPClientRequest(url: cloud.base + "/compute/v2.1/servers")
            request.method = .POST
            request.headers.add(name: "X-Auth-Token", value: token)
            request.headers.add(name: "OpenStack-API-Version", value: "compute 2.96")
            request.headers.add(name: "Content-Type", value: "application/json")
            let body = #"{"server": {"name": "dropped", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1", "networks": "none", "tags": ["client-token-1"]}}"#
            request.body = .bytes(Array(body.utf8))
            let error = await #expect(throws: HTTPClientError.self) {
                _ = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            }
            #expect(error == .remoteConnectionClosed, "the connection closed before any response byte")
            let servers = cloud.simulator.serverSnapshots()
            #expect(servers.count == 1)
            #expect(servers.first?.name == "dropped")
            #expect(servers.first?.tags == ["client-token-1"])
            #expect(cloud.simulator.stats().byStatus["dropped"] == 1)

            let list = try await cloud.nova("GET", "/servers?tags=client-token-1", token: token)
            #expect(list.json?["servers"]?.array.count == 1, "non-create requests are not dropped")
        }
    }

    @Test("drop-after-commit also applies to volumes and Glance images")
    func dropAfterCommitVolumesAndImages() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let project = try await cloud.projectID()
            cloud.simulator.setFaults(FaultInjection(dropAfterCommitRate: 1))
            await #expect(throws: (any Error).self) {
                _ = try await cloud.cinder("POST", "/volumes", token: token, projectID: project, json: ["volume": ["size": 1]])
            }
            await #expect(throws: (any Error).self) {
                _ = try await cloud.glance("POST", "/images", token: token, json: ["name": "dropped"])
            }
            #expect(cloud.simulator.volumeSnapshots().count == 1)
            #expect(cloud.simulator.imageSnapshots().contains { $0.name == "dropped" })

            cloud.simulator.setFaults(.none)
            let server = try await cloud.createServer(token: token)
            try await cloud.waitForServer(server, status: "ACTIVE", token: token)
            cloud.simulator.setFaults(FaultInjection(dropAfterCommitRate: 1))
            let stopped = try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["os-stop": NSNullValue.null])
            #expect(stopped.status == 202, "other actions are not create requests")
            try await cloud.waitForServer(server, status: "SHUTOFF", token: token)
            await #expect(throws: (any Error).self) {
                _ = try await cloud.nova("POST", "/servers/\(server)/action", token: token, json: ["createImage": ["name": "snap"]])
            }
            #expect(cloud.simulator.imageSnapshots().contains { $0.name == "snap" && $0.properties["instance_uuid"] == server })
            #expect(cloud.simulator.stats().byStatus["dropped"] == 3)
        }
    }

    @Test("a seeded simulator injects the same faults in the same order")
    func seededDeterminism() async throws {
        func run() async throws -> [Int] {
            try await TestCloud.with(faults: FaultInjection(http500Rate: 0.5), configure: { $0.seed = 1234 }) { cloud in
                var statuses: [Int] = []
                for _ in 0..<12 {
                    statuses.append(try await cloud.send("GET", "/compute/v2.1/flavors", token: "x").status)
                }
                return statuses
            }
        }
        let first = try await run()
        let second = try await run()
        #expect(first == second)
        #expect(first.contains(500) && first.contains(401))
    }

    @Test("faults can be read and set over HTTP at /_sim/faults")
    func faultsOverHTTP() async throws {
        try await TestCloud.with { cloud in
            let put = try await cloud.send("PUT", "/_sim/faults", json: ["http503Rate": 1, "retryAfterSeconds": 9])
            #expect(put.status == 200)
            #expect(cloud.simulator.faults.http503Rate == 1)
            #expect(cloud.simulator.faults.retryAfterSeconds == 9)
            #expect(cloud.simulator.faults.buildErrorMessage == FaultInjection().buildErrorMessage)
            let get = try await cloud.send("GET", "/_sim/faults")
            #expect(get.json?["http503Rate"]?.int == 1)
        }
    }
}

