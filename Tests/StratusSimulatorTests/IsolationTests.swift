import StratusSimulator
import Testing

@Suite("Project isolation")
struct IsolationTests {
    @Test("another project's servers, volumes and images are invisible (404); admin sees all with all_tenants")
    func isolation() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let demo = try await cloud.token("demo")
            let admin = try await cloud.token("admin")
            let demoProject = try await cloud.projectID("demo")
            let adminProject = try await cloud.projectID("admin")
            let server = try await cloud.createServer(token: demo, name: "demo-server")
            let volume = try #require(
                try await cloud.cinder("POST", "/volumes", token: demo, projectID: demoProject, json: ["volume": ["size": 1]])
                    .json?["volume"]?["id"]?.string)
            let image = try #require(try await cloud.glance("POST", "/images", token: demo, json: ["name": "mine"]).json?["id"]?.string)

            let adminServer = try await cloud.createServer(token: admin, name: "admin-server")
            #expect(try await cloud.nova("GET", "/servers/\(adminServer)", token: demo).status == 404)
            #expect(try await cloud.nova("DELETE", "/servers/\(adminServer)", token: demo).status == 404)
            let demoList = try await cloud.nova("GET", "/servers", token: demo)
            #expect(demoList.json?["servers"]?.array.compactMap { $0["id"]?.string } == [server])
            #expect(try await cloud.nova("GET", "/servers?all_tenants=1", token: demo).status == 403)

            let adminList = try await cloud.nova("GET", "/servers", token: admin)
            #expect(adminList.json?["servers"]?.array.compactMap { $0["id"]?.string } == [adminServer])
            let all = try await cloud.nova("GET", "/servers?all_tenants=1", token: admin)
            #expect(Set(all.json?["servers"]?.array.compactMap { $0["id"]?.string } ?? []) == [server, adminServer])
            let shown = try await cloud.nova("GET", "/servers/\(server)", token: admin)
            #expect(shown.json?["server"]?["OS-EXT-SRV-ATTR:host"]?.string != nil)

            let otherDemo = try await cloud.cinder("GET", "/volumes/\(volume)", token: admin, projectID: adminProject)
            #expect(otherDemo.status == 200, "admin may read any volume by id")
            let adminVolumes = try await cloud.cinder("GET", "/volumes", token: admin, projectID: adminProject)
            #expect(adminVolumes.json?["volumes"]?.array.isEmpty == true)
            let allVolumes = try await cloud.cinder("GET", "/volumes?all_tenants=1", token: admin, projectID: adminProject)
            #expect(allVolumes.json?["volumes"]?.array.count == 1)

            let adminVolume = try #require(
                try await cloud.cinder("POST", "/volumes", token: admin, projectID: adminProject, json: ["volume": ["size": 1]])
                    .json?["volume"]?["id"]?.string)
            #expect(try await cloud.cinder("GET", "/volumes/\(adminVolume)", token: demo, projectID: demoProject).status == 404)

            let adminImage = try #require(try await cloud.glance("POST", "/images", token: admin, json: ["name": "private", "visibility": "private"]).json?["id"]?.string)
            #expect(try await cloud.glance("GET", "/images/\(adminImage)", token: demo).status == 404)
            #expect(try await cloud.glance("GET", "/images/\(image)", token: demo).status == 200)
        }
    }
}
