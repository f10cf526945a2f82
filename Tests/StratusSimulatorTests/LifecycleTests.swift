import AsyncHTTPClient
import Logging
import StratusSimulator
import Testing

@Suite("Simulator life cycle")
struct LifecycleTests {
    /// Thrown from the body; carries the URL the simulator had.
    struct BodyFailed: Error {
        var url: String
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "stratus.simulator.tests")
        logger.logLevel = .critical
        return logger
    }

    @Test("withRunning resolves port 0, and shuts the server down even when the body throws")
    func shutdownOnError() async throws {
        var url: String?
        do {
            try await CloudSimulator.withRunning(logger: Self.quietLogger) { simulator in
                let port = try await simulator.waitUntilRunning()
                #expect(port > 0)
                #expect(simulator.baseURL == "http://127.0.0.1:\(port)")
                #expect(simulator.authURL == "http://127.0.0.1:\(port)/identity/v3")
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: simulator.baseURL + "/"), timeout: .seconds(5))
                #expect(response.status.code == 200)
                throw BodyFailed(url: simulator.baseURL)
            }
            Issue.record("withRunning did not rethrow the body's error")
        } catch let error as BodyFailed {
            url = error.url
        }
        let baseURL = try #require(url)
        await #expect(throws: (any Error).self) {
            _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/_sim/stats"), timeout: .seconds(2))
        }
    }

    @Test("a second simulator on a port in use fails to start, and run() twice is refused")
    func startFailures() async throws {
        try await CloudSimulator.withRunning(logger: Self.quietLogger) { first in
            let port = try await first.waitUntilRunning()
            await #expect(throws: SimulatorError.alreadyStarted) {
                try await first.run()
            }
            var configuration = SimulatorConfiguration()
            configuration.port = port
            await #expect(throws: (any Error).self) {
                try await CloudSimulator.withRunning(configuration: configuration, logger: Self.quietLogger) { _ in }
            }
        }
    }

    @Test("cloudsYAML is a complete password-auth cloud entry")
    func cloudsYAML() async throws {
        try await CloudSimulator.withRunning(logger: Self.quietLogger) { simulator in
            let yaml = simulator.cloudsYAML(cloudName: "lab", user: "admin")
            let lines = Set(yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(lines.contains("'lab':"))
            #expect(lines.contains("auth_type: password"))
            #expect(lines.contains("auth_url: '\(simulator.authURL)'"))
            #expect(lines.contains("username: 'admin'"))
            #expect(lines.contains("password: 'secret'"))
            #expect(lines.contains("project_name: 'admin'"))
            #expect(lines.contains("user_domain_name: Default"))
            #expect(lines.contains("project_domain_name: Default"))
            #expect(lines.contains("region_name: 'RegionOne'"))
            #expect(lines.contains("interface: public"))
            #expect(lines.contains("identity_api_version: 3"))
        }
    }
}

