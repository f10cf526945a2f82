import Foundation
import StratusSimulator
import Testing

@Suite("Nova servers")
struct ServerLifecycleTests {
    @Test("create → BUILD → ACTIVE → delete (deleting) → 404")
    func lifecycle() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(1500))) { cloud in
            let token = try await cloud.token()
            let create = try await cloud.nova(
                "POST", "/servers", token: token,
                json: ["server": ["name": "web-1", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "2", "networks": "auto"]])
            #expect(create.status == 202)
            let id = try #require(create.json?["server"]?["id"]?.string)
            #expect(create.header("location") == cloud.base + "/compute/v2.1/servers/\(id)")
            #expect(create.json?["server"]?["adminPass"]?.string?.count == 12)
            #expect(create.json?["server"]?["OS-DCF:diskConfig"]?.string == "MANUAL")

            let building = try #require(try await cloud.nova("GET", "/servers/\(id)", token: token).json?["server"])
            #expect(building["status"]?.string == "BUILD")
            #expect(building["OS-EXT-STS:task_state"]?.string == "spawning")
            #expect(building["OS-EXT-STS:vm_state"]?.string == "building")
            #expect(building["flavor"]?["original_name"]?.string == "m1.small")
            #expect(building["OS-EXT-SRV-ATTR:host"] == nil, "host is admin-only")

            let active = try await cloud.waitForServer(id, status: "ACTIVE", token: token)
            let server = try #require(active["server"])
            #expect(server["OS-EXT-STS:vm_state"]?.string == "active")
            #expect(server["OS-EXT-STS:power_state"]?.int == 1)
            #expect(server["OS-EXT-STS:task_state"]?.isNull == true)
            #expect(server["addresses"]?["private"]?[0]?["version"]?.int == 4)
            #expect(server["updated"]?.string != nil)
            #expect(server["tenant_id"]?.string == (try await cloud.projectID()))

            let delete = try await cloud.nova("DELETE", "/servers/\(id)", token: token)
            #expect(delete.status == 204)
            let deleting = try await cloud.nova("GET", "/servers/\(id)", token: token)
            #expect(deleting.json?["server"]?["OS-EXT-STS:task_state"]?.string == "deleting")
            let gone = try await cloud.untilNotFound { try await cloud.nova("GET", "/servers/\(id)", token: token) }
            #expect(gone.status == 404)
            #expect(gone.json?["itemNotFound"]?["message"]?.string == "Instance \(id) could not be found.")
            #expect(cloud.simulator.serverSnapshots().first { $0.id == id }?.deleted == true)
        }
    }

    @Test("a failed build ends in ERROR with a fault")
    func buildError() async throws {
        try await TestCloud.with(faults: FaultInjection(buildErrorRate: 1)) { cloud in
            let token = try await cloud.token()
            let id = try await cloud.createServer(token: token)
            let body = try await cloud.waitForServer(id, status: "ERROR", token: token)
            let server = try #require(body["server"])
            #expect(server["OS-EXT-STS:vm_state"]?.string == "error")
            #expect(server["fault"]?["code"]?.int == 500)
            #expect(server["fault"]?["message"]?.string == "No valid host was found. There are not enough hosts available.")
            #expect(server["fault"]?["created"]?.string != nil)
            #expect(server["fault"]?["details"] == nil, "details are admin-only for code 500")

            let admin = try await cloud.token("admin")
            let adminView = try await cloud.nova("GET", "/servers/\(id)", token: admin)
            #expect(adminView.json?["server"]?["fault"]?["details"]?.string != nil)
            #expect(try await cloud.nova("DELETE", "/servers/\(id)", token: token).status == 204)
        }
    }

    @Test("deleting a server that is still building works")
    func deleteWhileBuilding() async throws {
        try await TestCloud.with(timings: SimulatorTimings(uniform: .milliseconds(800))) { cloud in
            let token = try await cloud.token()
            let id = try await cloud.createServer(token: token)
            #expect(try await cloud.nova("DELETE", "/servers/\(id)", token: token).status == 204)
            let gone = try await cloud.untilNotFound { try await cloud.nova("GET", "/servers/\(id)", token: token) }
            #expect(gone.status == 404)
            #expect(cloud.simulator.serverSnapshots().first?.status == "DELETED")
        }
    }

    @Test("changes-since lists deleted servers as DELETED; changes-before needs 2.66")
    func changesSince() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let start = "2000-01-01T00:00:00Z"
            let kept = try await cloud.createServer(token: token, name: "kept")
            let removed = try await cloud.createServer(token: token, name: "removed")
            #expect(try await cloud.nova("DELETE", "/servers/\(removed)", token: token).status == 204)
            _ = try await cloud.nova("GET", "/servers/\(kept)", token: token)

            let plain = try await cloud.nova("GET", "/servers/detail", token: token)
            #expect(plain.json?["servers"]?.array.compactMap { $0["id"]?.string } == [kept])

            let changed = try await cloud.nova("GET", "/servers/detail?changes-since=\(start)", token: token)
            let statuses = Dictionary(uniqueKeysWithValues: (changed.json?["servers"]?.array ?? []).compactMap { server in
                server["id"]?.string.map { ($0, server["status"]?.string ?? "") }
            })
            #expect(statuses == [kept: "ACTIVE", removed: "DELETED"])

            let future = "2999-01-01T00:00:00Z"
            let none = try await cloud.nova("GET", "/servers/detail?changes-since=\(future)", token: token)
            #expect(none.json?["servers"]?.array.isEmpty == true)

            let before = try await cloud.nova("GET", "/servers/detail?changes-before=\(start)", token: token)
            #expect(before.json?["servers"]?.array.isEmpty == true)
            let ignoredBelow = try await cloud.nova(
                "GET", "/servers/detail?changes-before=\(start)", token: token, microversion: "2.65")
            #expect(ignoredBelow.json?["servers"]?.array.count == 1)

            let bad = try await cloud.nova("GET", "/servers/detail?changes-since=yesterday", token: token)
            #expect(bad.status == 400)
        }
    }

    @Test("paging with limit and marker, newest first")
    func paging() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            var created: [String] = []
            for index in 0..<5 {
                created.append(try await cloud.createServer(token: token, name: "page-\(index)"))
            }
            var seen: [String] = []
            var path = "/servers?limit=2"
            while true {
                let page = try await cloud.nova("GET", path, token: token)
                #expect(page.status == 200)
                seen += page.json?["servers"]?.array.compactMap { $0["id"]?.string } ?? []
                guard let next = page.json?["servers_links"]?[0]?["href"]?.string else { break }
                #expect(next.hasPrefix(cloud.base + "/compute/v2.1/servers?"))
                path = String(next.dropFirst((cloud.base + "/compute/v2.1").count))
            }
            #expect(seen == created.reversed())

            let unknown = try await cloud.nova("GET", "/servers?marker=nope", token: token)
            #expect(unknown.status == 400)
            #expect(unknown.json?["badRequest"]?["message"]?.string == "marker [nope] not found")
        }
    }

    @Test("tags at create need 2.52; tag filters and the tags API work")
    func tags() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let server: [String: Any] = [
                "name": "tagged", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1",
                "networks": "none", "tags": ["blue", "token-1"],
            ]
            let old = try await cloud.nova("POST", "/servers", token: token, microversion: "2.51", json: ["server": server])
            #expect(old.status == 400)
            #expect(old.json?["badRequest"]?["message"]?.string?.contains("'tags' was unexpected") == true)
            #expect(cloud.simulator.serverSnapshots().isEmpty)

            let noNetworks = try await cloud.nova(
                "POST", "/servers", token: token, microversion: "2.37",
                json: ["server": ["name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1"]])
            #expect(noNetworks.status == 400)
            #expect(noNetworks.json?["badRequest"]?["message"]?.string?.contains("'networks' is a required property") == true)

            let created = try await cloud.nova("POST", "/servers", token: token, microversion: "2.52", json: ["server": server])
            #expect(created.status == 202)
            let tagged = try #require(created.json?["server"]?["id"]?.string)
            let plain = try await cloud.createServer(token: token, name: "plain", tags: ["green"])
            _ = try await cloud.waitForServer(plain, status: "ACTIVE", token: token)

            func ids(_ query: String) async throws -> Set<String> {
                Set(try await cloud.nova("GET", "/servers?\(query)", token: token).json?["servers"]?.array.compactMap { $0["id"]?.string } ?? [])
            }
            #expect(try await ids("tags=blue,token-1") == [tagged])
            #expect(try await ids("tags=blue,green").isEmpty)
            #expect(try await ids("tags-any=blue,green") == [tagged, plain])
            #expect(try await ids("not-tags=blue") == [plain])
            #expect(try await ids("name=%5Epla") == [plain])

            #expect(try await cloud.nova("GET", "/servers/\(tagged)/tags", token: token).json?["tags"]?.strings == ["blue", "token-1"])
            #expect(try await cloud.nova("PUT", "/servers/\(tagged)/tags/red", token: token).status == 201)
            #expect(try await cloud.nova("PUT", "/servers/\(tagged)/tags/red", token: token).status == 204)
            #expect(try await cloud.nova("GET", "/servers/\(tagged)/tags/red", token: token).status == 204)
            #expect(try await cloud.nova("DELETE", "/servers/\(tagged)/tags/blue", token: token).status == 204)
            #expect(try await cloud.nova("GET", "/servers/\(tagged)/tags/blue", token: token).status == 404)
            let replaced = try await cloud.nova("PUT", "/servers/\(tagged)/tags", token: token, json: ["tags": ["a", "b"]])
            #expect(replaced.json?["tags"]?.strings == ["a", "b"])
            #expect(try await cloud.nova("GET", "/servers/\(tagged)/tags", token: token, microversion: "2.25").status == 404)
        }
    }

    @Test("server detail follows the microversion; metadata API")
    func detailAndMetadata() async throws {
        try await TestCloud.with(timings: .instant) { cloud in
            let token = try await cloud.token()
            let id = try await cloud.createServer(token: token, metadata: ["role": "web"])
            let old = try #require(try await cloud.nova("GET", "/servers/\(id)", token: token, microversion: "2.1").json?["server"])
            #expect(old["flavor"]?["id"]?.string == "1")
            #expect(old["tags"] == nil)
            #expect(old["locked"] == nil)
            let new = try #require(try await cloud.nova("GET", "/servers/\(id)", token: token).json?["server"])
            #expect(new["flavor"]?["vcpus"]?.int == 1)
            #expect(new["flavor"]?["ram"]?.int == 512)
            #expect(new["tags"]?.strings == [])
            #expect(new["locked"]?.bool == false)
            #expect(new["metadata"]?["role"]?.string == "web")

            let merged = try await cloud.nova("POST", "/servers/\(id)/metadata", token: token, json: ["metadata": ["tier": "1"]])
            #expect(merged.json?["metadata"]?.keys == ["role", "tier"])
            #expect(try await cloud.nova("GET", "/servers/\(id)/metadata/tier", token: token).json?["meta"]?["tier"]?.string == "1")
            #expect(try await cloud.nova("DELETE", "/servers/\(id)/metadata/role", token: token).status == 204)
            #expect(try await cloud.nova("GET", "/servers/\(id)/metadata", token: token).json?["metadata"]?.keys == ["tier"])
        }
    }

    @Test("create validation: unknown flavor and image, Nova's messages")
    func createValidation() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            func create(_ server: [String: Any]) async throws -> TestResponse {
                try await cloud.nova("POST", "/servers", token: token, json: ["server": server])
            }
            let badFlavor = try await create([
                "name": "x", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "99", "networks": "none",
            ])
            #expect(badFlavor.status == 400)
            #expect(badFlavor.json?["badRequest"]?["message"]?.string == "Flavor 99 could not be found.")
            let badImage = try await create(["name": "x", "imageRef": "00000000-0000-0000-0000-000000000000", "flavorRef": "1", "networks": "none"])
            #expect(badImage.json?["badRequest"]?["message"]?.string == "Can not find requested image")
            let malformed = try await cloud.send(
                "POST", "/compute/v2.1/servers", token: token, headers: ["Content-Type": "application/json"], bytes: Array("{".utf8))
            #expect(malformed.status == 400)
            #expect(cloud.simulator.serverSnapshots().isEmpty)
        }
    }

    @Test("flavors and Nova's image proxy")
    func flavorsAndImages() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let flavors = try await cloud.nova("GET", "/flavors/detail", token: token)
            let sizes = (flavors.json?["flavors"]?.array ?? []).map {
                [$0["name"]?.string ?? "", "\($0["vcpus"]?.int ?? 0)", "\($0["ram"]?.int ?? 0)", "\($0["disk"]?.int ?? 0)"]
            }
            #expect(sizes == [
                ["m1.tiny", "1", "512", "1"], ["m1.small", "1", "2048", "20"], ["m1.medium", "2", "4096", "40"],
                ["m1.large", "4", "8192", "80"], ["m1.xlarge", "8", "16384", "160"],
            ])
            #expect(try await cloud.nova("GET", "/flavors/3", token: token).json?["flavor"]?["name"]?.string == "m1.medium")
            #expect(try await cloud.nova("GET", "/flavors/42", token: token).status == 404)

            let images = try await cloud.nova("GET", "/images/detail", token: token, microversion: "2.35")
            let names = Set(images.json?["images"]?.array.compactMap { $0["name"]?.string } ?? [])
            #expect(names == ["cirros-0.6.2-x86_64-disk", "ubuntu-24.04"])
            let cirros = try await cloud.nova("GET", "/images/155d900f-4e14-4e4c-a73d-069cbf4541e6", token: token, microversion: "2.35")
            #expect(cirros.json?["image"]?["status"]?.string == "ACTIVE")
            #expect(try await cloud.nova("GET", "/images/detail", token: token, microversion: "2.36").status == 404)
        }
    }
}
