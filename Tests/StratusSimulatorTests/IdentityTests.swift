import Foundation
import StratusSimulator
import Testing

@Suite("Keystone")
struct IdentityTests {
    @Test("password auth returns a scoped token with a full catalog")
    func authAndCatalog() async throws {
        try await TestCloud.with { cloud in
            let response = try await cloud.send(
                "POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "demo", project: "demo"))
            #expect(response.status == 201)
            let tokenID = try #require(response.header("x-subject-token"))
            #expect(tokenID.count > 32)
            let token = try #require(response.json?["token"])
            #expect(token["user"]?["name"]?.string == "demo")
            #expect(token["project"]?["name"]?.string == "demo")
            #expect(token["project"]?["domain"]?["name"]?.string == "Default")
            #expect(Set(token["roles"]?.array.compactMap { $0["name"]?.string } ?? []) == ["member", "reader"])
            #expect(token["methods"]?.strings == ["password"])
            let expires = try #require(token["expires_at"]?.string)
            #expect(expires.hasSuffix(".000000Z"))
            #expect(expires.count == "2026-11-22T05:00:00.000000Z".count)

            let projectID = try #require(token["project"]?["id"]?.string)
            let catalog = token["catalog"]?.array ?? []
            let byType = Dictionary(uniqueKeysWithValues: catalog.compactMap { entry in
                entry["type"]?.string.map { ($0, entry) }
            })
            #expect(Set(byType.keys) == ["identity", "compute", "volumev3", "block-storage", "image", "network"])
            func publicURL(_ type: String) -> String? {
                byType[type]?["endpoints"]?.array.first { $0["interface"]?.string == "public" }?["url"]?.string
            }
            #expect(publicURL("identity") == cloud.base + "/identity/v3")
            #expect(publicURL("compute") == cloud.base + "/compute/v2.1")
            #expect(publicURL("volumev3") == cloud.base + "/volume/v3/\(projectID)")
            #expect(publicURL("block-storage") == cloud.base + "/volume/v3/\(projectID)")
            #expect(publicURL("image") == cloud.base + "/image")
            for entry in catalog {
                let endpoints = entry["endpoints"]?.array ?? []
                #expect(Set(endpoints.compactMap { $0["interface"]?.string }) == ["public", "internal", "admin"])
                #expect(endpoints.allSatisfy { $0["region"]?.string == "RegionOne" && $0["region_id"]?.string == "RegionOne" })
            }
        }
    }

    @Test("a wrong password is 401 in Keystone's shape")
    func badPassword() async throws {
        try await TestCloud.with { cloud in
            let response = try await cloud.send(
                "POST", "/identity/v3/auth/tokens",
                json: TestCloud.passwordAuth(user: "demo", password: "wrong", project: "demo"))
            #expect(response.status == 401)
            #expect(response.header("x-subject-token") == nil)
            let error = try #require(response.json?["error"])
            #expect(error["code"]?.int == 401)
            #expect(error["title"]?.string == "Unauthorized")
            #expect(error["message"]?.string == "The request you have made requires authentication.")
        }
    }

    @Test("every API refuses a missing or invalid token with 401")
    func missingToken() async throws {
        try await TestCloud.with { cloud in
            let projectID = try await cloud.projectID()
            for path in ["/compute/v2.1/servers", "/volume/v3/\(projectID)/volumes", "/image/v2/images"] {
                let missing = try await cloud.send("GET", path)
                #expect(missing.status == 401, "\(path)")
                #expect(missing.json?["error"]?["code"]?.int == 401)
                #expect(missing.header("www-authenticate")?.contains("/identity/v3") == true)
                let invalid = try await cloud.send("GET", path, token: "not-a-token")
                #expect(invalid.status == 401, "\(path)")
            }
        }
    }

    @Test("an unscoped token has no catalog and cannot call Nova")
    func unscopedToken() async throws {
        try await TestCloud.with { cloud in
            let response = try await cloud.send(
                "POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "demo", project: nil))
            #expect(response.status == 201)
            #expect(response.json?["token"]?["catalog"] == nil)
            #expect(response.json?["token"]?["project"] == nil)
            let token = try #require(response.header("x-subject-token"))
            let servers = try await cloud.nova("GET", "/servers", token: token)
            #expect(servers.status == 401)
        }
    }

    @Test("token re-scoping, validation and revocation")
    func tokenLifecycle() async throws {
        try await TestCloud.with { cloud in
            let unscoped = try await cloud.send(
                "POST", "/identity/v3/auth/tokens", json: TestCloud.passwordAuth(user: "demo", project: nil))
            let unscopedID = try #require(unscoped.header("x-subject-token"))
            let rescope: [String: Any] = [
                "auth": [
                    "identity": ["methods": ["token"], "token": ["id": unscopedID]],
                    "scope": ["project": ["name": "demo", "domain": ["id": "default"]]],
                ]
            ]
            let scoped = try await cloud.send("POST", "/identity/v3/auth/tokens", json: rescope)
            #expect(scoped.status == 201)
            #expect(scoped.json?["token"]?["project"]?["name"]?.string == "demo")
            #expect(scoped.json?["token"]?["expires_at"]?.string == unscoped.json?["token"]?["expires_at"]?.string)
            let token = try #require(scoped.header("x-subject-token"))

            let validated = try await cloud.send(
                "GET", "/identity/v3/auth/tokens", token: token, headers: ["X-Subject-Token": token])
            #expect(validated.status == 200)
            #expect(validated.json?["token"]?["user"]?["name"]?.string == "demo")

            let projects = try await cloud.send("GET", "/identity/v3/auth/projects", token: token)
            #expect(projects.json?["projects"]?.array.compactMap { $0["name"]?.string } == ["demo"])

            let wrongProject: [String: Any] = [
                "auth": [
                    "identity": ["methods": ["token"], "token": ["id": token]],
                    "scope": ["project": ["name": "admin", "domain": ["name": "Default"]]],
                ]
            ]
            #expect(try await cloud.send("POST", "/identity/v3/auth/tokens", json: wrongProject).status == 401)

            let revoked = try await cloud.send(
                "DELETE", "/identity/v3/auth/tokens", token: token, headers: ["X-Subject-Token": token])
            #expect(revoked.status == 204)
            #expect(try await cloud.nova("GET", "/servers", token: token).status == 401)
            let admin = try await cloud.token("admin")
            let afterRevoke = try await cloud.send(
                "GET", "/identity/v3/auth/tokens", token: admin, headers: ["X-Subject-Token": token])
            #expect(afterRevoke.status == 404)
            #expect(afterRevoke.json?["error"]?["message"]?.string == "Failed to validate token")
        }
    }

    @Test("tokens expire after the configured lifetime")
    func tokenExpiry() async throws {
        try await TestCloud.with(configure: { $0.tokenLifetime = .seconds(1) }) { cloud in
            let token = try await cloud.token()
            #expect(try await cloud.nova("GET", "/servers", token: token).status == 200)
            try await Task.sleep(for: .milliseconds(1100))
            #expect(try await cloud.nova("GET", "/servers", token: token).status == 401)
        }
    }
}
