import StratusSimulator
import Testing

@Suite("Request statistics")
struct StatsTests {
    @Test("requests are counted by folded route and status; /_sim is not counted")
    func counting() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let server = try await cloud.createServer(token: token)
            _ = try await cloud.nova("GET", "/servers/\(server)", token: token)
            _ = try await cloud.nova("GET", "/servers/\(server)", token: token)
            _ = try await cloud.nova("GET", "/servers/00000000-0000-0000-0000-000000000000", token: token)
            _ = try await cloud.send("GET", "/_sim/stats")

            let stats = cloud.simulator.stats()
            #expect(stats.total == 5)
            #expect(stats.byRoute["POST /identity/v3/auth/tokens"] == 1)
            #expect(stats.byRoute["POST /compute/v2.1/servers"] == 1)
            #expect(stats.byRoute["GET /compute/v2.1/servers/{id}"] == 3)
            #expect(stats.byStatus["200"] == 2)
            #expect(stats.byStatus["404"] == 1)
            #expect(stats.faultsInjected == 0)

            let overHTTP = try await cloud.send("GET", "/_sim/stats")
            #expect(overHTTP.json?["total"]?.int == 5)
            #expect(overHTTP.json?["byRoute"]?["GET /compute/v2.1/servers/{id}"]?.int == 3)

            #expect(try await cloud.send("POST", "/_sim/reset").status == 204)
            #expect(cloud.simulator.stats().total == 0)
            _ = try await cloud.cinder("GET", "/volumes/detail", token: token, projectID: try await cloud.projectID())
            #expect(cloud.simulator.stats().byRoute["GET /volume/v3/{project_id}/volumes/detail"] == 1)
            cloud.simulator.resetStats()
            #expect(cloud.simulator.stats() == SimulatorStats())
        }
    }
}

