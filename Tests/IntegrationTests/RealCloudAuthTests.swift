import Foundation
import Testing
@testable import StratusOpenStack

@Suite("Real OpenStack: Keystone auth and catalog", .enabled(if: RealCloud.isConfigured, RealCloud.skipReason))
struct RealCloudAuthTests {
    @Test("password auth through real Keystone; catalog endpoints for compute, block storage and image; microversions")
    func passwordAuthAndCatalog() async throws {
        let client = try RealCloud.client()
        let state = try await client.authenticate()
        #expect(state.projectName == "demo")
        #expect(state.roles.contains("member"))
        #expect(state.expiresAt.map { $0 > Date() } == true)
        #expect(try await client.endpoint(for: .compute).hasSuffix("/v2.1"))
        #expect(try await client.endpoint(for: .blockStorage).contains("/v3/\(state.projectID ?? "?")"))
        #expect(try await client.endpoint(for: .image).hasSuffix("/v2"))
        #expect(try await client.compute.microversion() == .preferredCompute)
        #expect(try await client.blockStorage.microversion() == .preferredVolume)
        #expect(try await client.identity.projects().contains { $0.name == "demo" })
    }

    @Test("a wrong password is an authentication error that names the user, not the password")
    func wrongPassword() async throws {
        var configuration = try RealCloud.client().configuration
        guard case .password(var credentials) = configuration.credentials else { Issue.record("expected password auth"); return }
        credentials.password = "definitely-wrong-\(UUID().uuidString)"
        configuration.credentials = .password(credentials)
        let error = await #expect(throws: OpenStackError.self) { try await OpenStackClient(configuration: configuration).authenticate() }
        #expect(error?.code == .authentication)
        #expect(error?.status == 401)
        #expect(error?.requestID != nil)
        #expect(error?.description.contains(credentials.password) == false)
    }
}

@Suite("Real OpenStack: re-authentication with short-lived tokens",
       .enabled(if: ShortTokenKeystone.isConfigured, ShortTokenKeystone.skipReason))
struct RealCloudReauthenticationTests {
    static func client(margin: Duration) throws -> OpenStackClient {
        var configuration = try CloudConfiguration.load(
            cloud: "realkeystone-demo",
            environment: ["OS_CLIENT_CONFIG_FILE": ShortTokenKeystone.cloudsYAML ?? "", "HOME": "/nonexistent"])
        configuration.tokenRefreshMargin = margin
        return OpenStackClient(configuration: configuration)
    }

    @Test("a token that expired is rejected with 401; the client re-authenticates once and the call succeeds")
    func expiredTokenIsReplaced() async throws {
        let client = try Self.client(margin: .zero)
        let first = try await client.authenticate()
        #expect(try await client.identity.projects().contains { $0.name == "demo" })
        // Let the real token expire (Keystone's [token] expiration), then call again.
        try await Task.sleep(for: .seconds(ShortTokenKeystone.expiration + 2))
        #expect(try await client.identity.projects().contains { $0.name == "demo" })
        let second = try await client.authenticate()
        #expect(first.token != second.token)
        #expect(second.expiresAt.map { $0 > Date() } == true)
    }

    @Test("a token within the refresh margin is replaced before the call (no 401 needed)")
    func nearExpiryIsRefreshedProactively() async throws {
        let client = try Self.client(margin: .seconds(ShortTokenKeystone.expiration - 1))
        let first = try await client.authenticate()
        try await Task.sleep(for: .seconds(1.5))
        _ = try await client.identity.projects()
        let second = try await client.authenticate()
        #expect(first.token != second.token)
    }
}
