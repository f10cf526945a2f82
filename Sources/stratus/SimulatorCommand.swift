import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StratusSimulator

/// `stratus simulator`: runs the built-in OpenStack-compatible cloud until interrupted.
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator",
        abstract: "Run the built-in OpenStack simulator (Keystone, Nova, Cinder, Glance, Neutron) and print a clouds.yaml entry."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8780

    @Option(name: .customLong("cloud-name"), help: "The cloud's name in the printed clouds.yaml.")
    var cloudName = "stratus-simulator"

    @Option(name: .customLong("write-clouds-yaml"), help: "Also write the clouds.yaml to this file.")
    var cloudsYAMLPath: String?

    @Option(help: "Seconds a server takes to build.")
    var buildSeconds: Double = 2

    @Option(help: "Seconds a floating IP takes to become ACTIVE once associated (and DOWN once disassociated).")
    var floatingIPSeconds: Double = 1

    @Option(help: "Fraction (0-1) of server builds that end in ERROR.")
    var buildErrorRate: Double = 0

    @Option(help: "Fraction (0-1) of API requests answered with HTTP 503.")
    var http503Rate: Double = 0

    @Option(help: "Fraction (0-1) of API requests answered with HTTP 429 and Retry-After.")
    var http429Rate: Double = 0

    @Option(help: "Fraction (0-1) of create POSTs committed and then answered by dropping the connection.")
    var dropAfterCommitRate: Double = 0

    @Option(help: "Milliseconds of latency added to every API request.")
    var latencyMs: Int = 0

    @Option(help: "Seed for fault injection (omit for random).")
    var seed: UInt64?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        for (name, rate) in [("--build-error-rate", buildErrorRate), ("--http503-rate", http503Rate),
                             ("--http429-rate", http429Rate), ("--drop-after-commit-rate", dropAfterCommitRate)]
        where !(0...1).contains(rate) {
            throw ValidationError("\(name) must be between 0 and 1, not \(rate)")
        }
        guard buildSeconds >= 0 else { throw ValidationError("--build-seconds must not be negative") }
        guard floatingIPSeconds >= 0 else { throw ValidationError("--floating-ip-seconds must not be negative") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
    }

    func run() async throws {
        var logger = Logger(label: "stratus.simulator")
        logger.logLevel = logLevel
        var configuration = SimulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.seed = seed
        configuration.timings.serverBuild = .milliseconds(Int64(buildSeconds * 1000))
        configuration.timings.floatingIPActivate = .milliseconds(Int64(floatingIPSeconds * 1000))
        var faults = FaultInjection()
        faults.buildErrorRate = buildErrorRate
        faults.http503Rate = http503Rate
        faults.http429Rate = http429Rate
        faults.dropAfterCommitRate = dropAfterCommitRate
        faults.latencyMilliseconds = latencyMs
        configuration.faults = faults
        let simulator = CloudSimulator(configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: simulator)], gracefulShutdownSignals: [.sigterm, .sigint],
                                 logger: logger))
        async let running: Void = group.run()
        let boundPort = try await simulator.waitUntilRunning()
        let yaml = simulator.cloudsYAML(cloudName: cloudName)
        if let cloudsYAMLPath {
            try yaml.write(toFile: cloudsYAMLPath, atomically: true, encoding: .utf8)
        }
        // Written unbuffered, so a script reading our output sees it while we keep running.
        FileHandle.standardOutput.write(Data("""
            Stratus simulator listening on \(simulator.baseURL) (port \(boundPort))
            Keystone auth URL: \(simulator.authURL)

            # clouds.yaml — save it (or use --write-clouds-yaml) and run with OS_CLOUD=\(cloudName)
            \(yaml)
            Press Ctrl-C to stop.

            """.utf8))
        try await running
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
