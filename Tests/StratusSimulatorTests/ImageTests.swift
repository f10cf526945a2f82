import StratusSimulator
import Testing

@Suite("Glance images")
struct ImageTests {
    @Test("create (queued) → upload (active) → list filters → delete")
    func lifecycle() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let create = try await cloud.glance(
                "POST", "/images", token: token,
                json: ["name": "custom", "container_format": "bare", "disk_format": "raw", "tags": ["golden"], "stage": "prod"])
            #expect(create.status == 201)
            let id = try #require(create.json?["id"]?.string)
            #expect(create.json?["status"]?.string == "queued")
            #expect(create.json?["stage"]?.string == "prod")
            #expect(create.json?["self"]?.string == "/v2/images/\(id)")
            #expect(create.header("location") == cloud.base + "/image/v2/images/\(id)")

            let upload = try await cloud.send(
                "PUT", "/image/v2/images/\(id)/file", token: token, headers: ["Content-Type": "application/octet-stream"],
                bytes: Array("hello world".utf8))
            #expect(upload.status == 204)
            let active = try await cloud.glance("GET", "/images/\(id)", token: token)
            #expect(active.json?["status"]?.string == "active")
            #expect(active.json?["size"]?.int == 11)
            #expect(active.json?["checksum"]?.string == "5eb63bbbe01eeed093cb22bb8f5acdc3")
            let download = try await cloud.glance("GET", "/images/\(id)/file", token: token)
            #expect(download.text == "hello world")

            func names(_ query: String) async throws -> [String] {
                try await cloud.glance("GET", "/images?\(query)", token: token).json?["images"]?.array.compactMap { $0["name"]?.string } ?? []
            }
            #expect(try await names("tag=golden") == ["custom"])
            #expect(try await names("stage=prod") == ["custom"])
            #expect(try await names("name=cirros-0.6.2-x86_64-disk") == ["cirros-0.6.2-x86_64-disk"])
            #expect(Set(try await names("visibility=public")) == ["cirros-0.6.2-x86_64-disk", "ubuntu-24.04"])

            let page = try await cloud.glance("GET", "/images?limit=1", token: token)
            let next = try #require(page.json?["next"]?.string)
            #expect(next.hasPrefix("/v2/images?"))
            #expect(page.json?["first"]?.string == "/v2/images?limit=1")
            let second = try await cloud.send("GET", "/image" + next, token: token)
            #expect(second.json?["images"]?.array.count == 1)
            #expect(second.json?["images"]?[0]?["id"]?.string != page.json?["images"]?[0]?["id"]?.string)

            #expect(try await cloud.glance("DELETE", "/images/\(id)", token: token).status == 204)
            let gone = try await cloud.glance("GET", "/images/\(id)", token: token)
            #expect(gone.status == 404)
            #expect(gone.header("content-type")?.hasPrefix("text/html") == true)
            #expect(gone.text.contains("<h1>404 Not Found</h1>\n  No image found with ID \(id)<br /><br />"))
            let plain = try await cloud.glance("GET", "/images/\(id)", token: token, headers: ["Accept": "text/plain"])
            #expect(plain.text.hasPrefix("404 Not Found\n\nNo image found with ID \(id)"))
            let json = try await cloud.glance("GET", "/images/\(id)", token: token, headers: ["Accept": "application/json"])
            #expect(json.json?["code"]?.string == "404 Not Found")
        }
    }

    @Test("read-only attributes are refused; PATCH updates properties")
    func patchAndReadOnly() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            #expect(try await cloud.glance("POST", "/images", token: token, json: ["name": "x", "status": "active"]).status == 403)
            let id = try #require(try await cloud.glance("POST", "/images", token: token, json: ["name": "x"]).json?["id"]?.string)
            let patch = try await cloud.send(
                "PATCH", "/image/v2/images/\(id)", token: token,
                headers: ["Content-Type": "application/openstack-images-v2.1-json-patch"],
                bytes: Array(#"[{"op": "add", "path": "/owner_team", "value": "infra"}, {"op": "replace", "path": "/name", "value": "y"}]"#.utf8))
            #expect(patch.status == 200)
            #expect(patch.json?["owner_team"]?.string == "infra")
            #expect(patch.json?["name"]?.string == "y")
        }
    }
}
