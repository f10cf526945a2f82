import Foundation
import Logging
import StratusConsole
import StratusOpenStack
import StratusOperations
import StratusSimulator

/// The cloud a command talks to, with the operations monitor running, for the command's lifetime.
enum CloudSession {
    /// A command's whole run: logging set up, the cloud opened, `body` run, and a thrown error
    /// turned into its one-line message and exit code (``Console/run(logLevel:_:)``).
    static func run(_ options: CloudOptions, _ body: (Operations) async throws -> ExitStatus) async throws {
        try await Console.run(logLevel: options.logLevel) { try await with(options, body) }
    }

    /// Opens the cloud `options` select, runs `body`, and shuts everything down afterwards.
    static func with<T: Sendable>(_ options: CloudOptions, _ body: (Operations) async throws -> T) async throws -> T {
        let logger = CommandLogging.logger("stratus.cli")
        if options.simulator {
            if let url = URL(string: options.simulatorURL), SimulatorProbe.isListening(url) {
                let cloud = try CloudConfiguration.load(cloud: "stratus-simulator", cloudsYAML: simulatorYAML(base: options.simulatorURL))
                return try await run(cloud, logger: logger, body)
            }
            Console.note("no simulator at \(options.simulatorURL): started one for this command (its state ends with it; `stratus simulator` keeps one running)")
            var configuration = SimulatorConfiguration()
            configuration.port = 0
            let simulator = CloudSimulator(configuration: configuration, logger: logger)
            let running = Task { try await simulator.run() }
            defer { running.cancel() }
            _ = try await simulator.waitUntilRunning()
            let cloud = try CloudConfiguration.load(cloud: "stratus-simulator", cloudsYAML: simulator.cloudsYAML())
            return try await run(cloud, logger: logger, body)
        }
        return try await run(try CloudConfiguration.load(cloud: options.osCloud), logger: logger, body)
    }

    private static func run<T: Sendable>(_ cloud: CloudConfiguration, logger: Logger,
                                         _ body: (Operations) async throws -> T) async throws -> T {
        let client = OpenStackClient(configuration: cloud, logger: logger)
        return try await Operations.withRunning(client: client, logger: logger, body)
    }

    /// The clouds.yaml of a `stratus simulator` at `base` (its default demo user).
    static func simulatorYAML(base: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return """
            clouds:
              stratus-simulator:
                auth:
                  auth_url: '\(trimmed)/identity/v3'
                  username: demo
                  password: secret
                  project_name: demo
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: RegionOne
            """
    }
}

/// Whether something accepts TCP connections at a URL's host and port (no HTTP, no retries).
enum SimulatorProbe {
    static func isListening(_ url: URL) -> Bool {
        guard let host = url.host else { return false }
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let info = result else { return false }
        defer { freeaddrinfo(result) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0
    }
}
