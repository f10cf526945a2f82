import StratusSimulator
import Testing

@Suite("Version documents and microversions")
struct VersionDocumentTests {
    @Test("version documents are unauthenticated and shaped like the real services")
    func versionDocuments() async throws {
        try await TestCloud.with { cloud in
            let computeVersions = try await cloud.send("GET", "/compute/")
            #expect(computeVersions.status == 200)
            let current = computeVersions.json?["versions"]?.array.first { $0["id"]?.string == "v2.1" }
            #expect(current?["status"]?.string == "CURRENT")
            #expect(current?["version"]?.string == "2.96")
            #expect(current?["min_version"]?.string == "2.1")

            for path in ["/compute/v2.1", "/compute/v2.1/"] {
                let document = try await cloud.send("GET", path)
                #expect(document.status == 200)
                let version = try #require(document.json?["version"])
                #expect(version["id"]?.string == "v2.1")
                #expect(version["version"]?.string == "2.96")
                #expect(version["links"]?.array.first?["href"]?.string == cloud.base + "/compute/v2.1/")
            }

            let volume = try await cloud.send("GET", "/volume/")
            #expect(volume.status == 300)
            #expect(volume.json?["versions"]?[0]?["version"]?.string == "3.71")
            #expect(volume.json?["versions"]?[0]?["min_version"]?.string == "3.0")
            #expect(try await cloud.send("GET", "/volume/v3/").json?["versions"]?[0]?["id"]?.string == "v3.0")

            for path in ["/image/", "/image/versions"] {
                let image = try await cloud.send("GET", path)
                let versions = image.json?["versions"]?.array ?? []
                let currentImage = versions.first { $0["status"]?.string == "CURRENT" }
                #expect(currentImage?["id"]?.string == "v2.16")
                #expect(currentImage?["links"]?[0]?["href"]?.string == cloud.base + "/image/v2/")
            }

            let identity = try await cloud.send("GET", "/identity/v3")
            #expect(identity.json?["version"]?["id"]?.string == "v3.14")
            #expect(identity.json?["version"]?["status"]?.string == "stable")

            let root = try await cloud.send("GET", "/")
            #expect(root.status == 200)
            #expect(root.json?["services"]?.array.count == 5)
            #expect(root.json?["services"]?.array.contains { $0["type"]?.string == "network" } == true)
        }
    }

    @Test("Nova negotiates microversions and echoes them")
    func computeMicroversions() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let latest = try await cloud.send(
                "GET", "/compute/v2.1/servers", token: token, headers: ["OpenStack-API-Version": "compute latest"])
            #expect(latest.status == 200)
            #expect(latest.header("openstack-api-version") == "compute 2.96")
            #expect(latest.header("x-openstack-nova-api-version") == "2.96")
            #expect(latest.header("vary")?.contains("X-OpenStack-Nova-API-Version") == true)
            #expect(latest.header("x-openstack-request-id")?.hasPrefix("req-") == true)
            #expect(latest.header("x-compute-request-id") == latest.header("x-openstack-request-id"))

            let legacy = try await cloud.send(
                "GET", "/compute/v2.1/servers", token: token, headers: ["X-OpenStack-Nova-API-Version": "2.60"])
            #expect(legacy.header("openstack-api-version") == "compute 2.60")

            let none = try await cloud.send("GET", "/compute/v2.1/servers", token: token)
            #expect(none.header("x-openstack-nova-api-version") == "2.1")

            let tooHigh = try await cloud.nova("GET", "/servers", token: token, microversion: "2.97")
            #expect(tooHigh.status == 406)
            #expect(tooHigh.json?["computeFault"]?["code"]?.int == 406)

            let malformed = try await cloud.nova("GET", "/servers", token: token, microversion: "two")
            #expect(malformed.status == 400)
        }
    }
}
