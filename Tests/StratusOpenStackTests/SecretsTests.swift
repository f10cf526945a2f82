import Foundation
import StratusSimulator
import StratusTesting
import Testing
@testable import StratusOpenStack

/// Secrets never reach a log line or an error description — checked on a run that exercises auth,
/// re-authentication, retries, unknown outcomes and errors, with every log at trace level.
@Suite("Secrets stay out of logs and errors")
struct SecretsTests {
    @Test func noSecretInLogsOrErrors() async throws {
        let password = "pw-Zx81-\(UUID().uuidString.prefix(6))"
        var configuration = SimulatorTestSupport.fast
        configuration.users = [SimulatedUser(name: "demo", password: password, project: "demo", roles: ["member"])]
        // 4 s tokens: a request sent while its token looked fresh still arrives before expiry on a
        // loaded machine (1 s tokens got 401 twice in CI); the sleep below outlives one.
        configuration.tokenLifetime = .seconds(4)
        let store = CapturingLogHandler.Store()
        let logger = CapturingLogHandler.logger(store: store)
        var secrets: Set<String> = [password]
        var descriptions: [String] = []
        try await CloudSimulator.withRunning(configuration: configuration, logger: logger) { simulator in
            var cloud = try CloudConfiguration.load(cloud: "s", cloudsYAML: simulator.cloudsYAML(cloudName: "s"))
            cloud.retry = SimulatorTestSupport.quickRetry
            cloud.tokenRefreshMargin = .milliseconds(100)
            descriptions.append("\(cloud.credentials)")
            let client = OpenStackClient(configuration: cloud, logger: logger)
            if let token = try await client.authenticate().token { secrets.insert(token) }
            descriptions.append("\(try await client.authenticate())")
            let created = try await client.compute.createServer(ServerCreateRequest(
                name: "s", imageID: SimulatorTestSupport.imageID, flavorID: "1", networks: .none))
            if let adminPass = created.adminPass { secrets.insert(adminPass) }
            descriptions.append("\(created)")
            var faults = FaultInjection()
            faults.http503Rate = 1
            simulator.setFaults(faults)
            do { _ = try await client.compute.flavors() } catch { descriptions.append("\(error)") }
            do {
                _ = try await client.compute.createServer(ServerCreateRequest(name: "t", imageID: SimulatorTestSupport.imageID,
                                                                              flavorID: "1", networks: .none))
            } catch { descriptions.append("\(error)") }
            simulator.setFaults(.none)
            try await Task.sleep(for: .milliseconds(4100))
            _ = try await client.compute.flavors()
            if let token = try await client.authenticate().token { secrets.insert(token) }
            var wrong = cloud
            if case .password(var credentials) = wrong.credentials {
                credentials.password = password + "-wrong"
                wrong.credentials = .password(credentials)
            }
            do { try await OpenStackClient(configuration: wrong, logger: logger).authenticate() } catch { descriptions.append("\(error)") }
        }
        #expect(secrets.count >= 3)
        #expect(store.all.count > 5, "the run logged retries and re-authentication")
        #expect(store.contains("retrying after a transient failure"))
        for secret in secrets {
            #expect(!store.all.contains { $0.contains(secret) }, "a log line contains a secret")
            #expect(!descriptions.contains { $0.contains(secret) }, "an error or description contains a secret")
        }
    }
}
