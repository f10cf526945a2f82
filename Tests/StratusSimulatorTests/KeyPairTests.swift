import Foundation
import StratusSimulator
import Testing

@Suite("Nova key pairs")
struct KeyPairTests {
    @Test("generate (private key below 2.92), list, show, duplicate 409, delete, 404; per user")
    func generated() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let create = try await cloud.nova("POST", "/os-keypairs", token: token, microversion: "2.91", json: ["keypair": ["name": "deploy"]])
            #expect(create.status == 201)
            let pair = try #require(create.json?["keypair"])
            #expect(pair["private_key"]?.string?.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") == true)
            #expect(pair["public_key"]?.string?.hasPrefix("ssh-rsa AAAA") == true)
            #expect(pair["type"]?.string == "ssh")
            let fingerprint = try #require(pair["fingerprint"]?.string)
            #expect(fingerprint.split(separator: ":").count == 16)

            let list = try await cloud.nova("GET", "/os-keypairs", token: token)
            #expect(list.json?["keypairs"]?.array.compactMap { $0["keypair"]?["name"]?.string } == ["deploy"])
            #expect(list.json?["keypairs"]?[0]?["keypair"]?["private_key"] == nil)
            let show = try await cloud.nova("GET", "/os-keypairs/deploy", token: token)
            #expect(show.json?["keypair"]?["fingerprint"]?.string == fingerprint)
            #expect(show.json?["keypair"]?["private_key"] == nil)

            let duplicate = try await cloud.nova("POST", "/os-keypairs", token: token, microversion: "2.91", json: ["keypair": ["name": "deploy"]])
            #expect(duplicate.status == 409)
            #expect(duplicate.json?["conflictingRequest"]?["message"]?.string == "Key pair 'deploy' already exists.")
            let modern = try await cloud.nova("POST", "/os-keypairs", token: token, microversion: "2.92", json: ["keypair": ["name": "other"]])
            #expect(modern.status == 400, "2.92 requires a public key")
            #expect(
                modern.json?["badRequest"]?["message"]?.string
                    == "Invalid input for field/attribute keypair. Value: {'name': 'other'}. 'public_key' is a required property")

            let admin = try await cloud.token("admin")
            let adminList = try await cloud.nova("GET", "/os-keypairs", token: admin)
            #expect(adminList.json?["keypairs"]?.array.isEmpty == true, "key pairs belong to their user")

            #expect(try await cloud.nova("DELETE", "/os-keypairs/deploy", token: token).status == 204)
            #expect(try await cloud.nova("GET", "/os-keypairs/deploy", token: token).status == 404)
            #expect(cloud.simulator.networkResourceCounts().keyPairs == 0)
        }
    }

    @Test("import a public key: fingerprint is the MD5 of the key blob; bad key → 400")
    func imported() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let blob: [UInt8] = Array("\u{0}\u{0}\u{0}\u{b}ssh-ed25519\u{0}\u{0}\u{0} ".utf8) + Array(repeating: 7, count: 32)
            let publicKey = "ssh-ed25519 " + Data(blob).base64EncodedString() + " me@host"
            let create = try await cloud.nova(
                "POST", "/os-keypairs", token: token, json: ["keypair": ["name": "imported", "public_key": publicKey]])
            #expect(create.status == 201)
            #expect(create.json?["keypair"]?["private_key"] == nil)
            #expect(create.json?["keypair"]?["public_key"]?.string == publicKey)
            #expect(create.json?["keypair"]?["fingerprint"]?.string?.count == 47)
            let bad = try await cloud.nova("POST", "/os-keypairs", token: token, json: ["keypair": ["name": "bad", "public_key": "nonsense"]])
            #expect(bad.status == 400)
        }
    }

    @Test("key_name on server create: unknown → 400 Invalid key_name provided.; known → shown on the server")
    func keyName() async throws {
        try await TestCloud.with { cloud in
            let token = try await cloud.token()
            let server: [String: Any] = [
                "name": "k", "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1", "networks": "none",
                "key_name": "missing",
            ]
            let refused = try await cloud.nova("POST", "/servers", token: token, json: ["server": server])
            #expect(refused.status == 400)
            #expect(refused.json?["badRequest"]?["message"]?.string == "Invalid key_name provided.")
            _ = try await cloud.nova("POST", "/os-keypairs", token: token, microversion: "2.91", json: ["keypair": ["name": "missing"]])
            let accepted = try await cloud.nova("POST", "/servers", token: token, json: ["server": server])
            #expect(accepted.status == 202)
            let id = try #require(accepted.json?["server"]?["id"]?.string)
            let shown = try await cloud.nova("GET", "/servers/\(id)", token: token)
            #expect(shown.json?["server"]?["key_name"]?.string == "missing")
        }
    }
}
