import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StratusGateway
import StratusJobs
import StratusObservability
import StratusOpenStack
import StratusOperations
import StratusService
import StratusSimulator

/// `stratus serve`: the gateway's public and manage APIs, a job worker, the operations monitor,
/// an embedded SQLite file, and — unless a real cloud is named — the built-in simulator.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the IaaS gateway: API + worker + SQLite + the built-in simulator (or a real cloud).")

    @Option(help: "Where state lives: the SQLite file and the first-start credentials.")
    var stateDir = ".stratus"

    @Option(help: "Database: a SQLite file path (default STATE_DIR/stratus.sqlite) or postgres://user:pass@host:port/db.")
    var database: String?

    @Option(name: .customLong("os-cloud"), help: "A cloud from clouds.yaml (else OS_CLOUD / OS_AUTH_URL, else the built-in simulator).")
    var osCloud: String?

    @Flag(help: "Use the built-in simulator even if OS_CLOUD or OS_AUTH_URL is set.")
    var simulator = false

    @Option(help: "Address the APIs listen on.")
    var host = "127.0.0.1"

    @Option(help: "Public API port.")
    var publicPort = 8080

    @Option(help: "Manage API port (keep it private).")
    var managePort = 8081

    @Option(parsing: .unconditional, help: "Port of /metrics, /healthz and /readyz (0 picks a free one, -1 disables).")
    var metricsPort = 9090

    @Flag(help: "Serve the APIs only; jobs run on `stratus worker` processes elsewhere.")
    var noWorker = false

    @Flag(help: "Serve no metrics and no health endpoints (same as --metrics-port -1).")
    var noMetrics = false

    @Option(help: "Jobs claimed per tick.")
    var pickSize = 10

    @Option(help: "Jobs running at once.")
    var execSize = 50

    @Option(help: "Seconds before a job run is cancelled and retried.")
    var execTimeout = 900

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard metricsPort >= -1, metricsPort <= 65535 else {
            throw ValidationError("--metrics-port must be a port (0 picks a free one) or -1 to disable")
        }
    }

    private var metricsEnabled: Bool { !noMetrics && metricsPort >= 0 }

    func run() async throws {
        var logger = Logger(label: "stratus")
        logger.logLevel = logLevel
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        // Before anything that reports metrics is created: they take MetricsSystem.factory then.
        let registry = metricsEnabled ? StratusMetrics.bootstrap() : nil

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        let (cloud, simulatorService) = try await cloudConfiguration(logger: logger)
        let client = OpenStackClient(configuration: cloud, logger: logger)
        let operations = Operations(client: client, logger: logger)

        let stores = try await StoreSelection.open(database ?? "\(stateDir)/stratus.sqlite", logger: logger)
        for service in stores.services { services.append(.init(service: service)) }
        try await stores.migrate()

        let gateway = Gateway(store: stores.service, jobs: stores.jobs, operations: operations)
        var workerConfiguration = JobWorkerConfiguration()
        workerConfiguration.pickSize = pickSize
        workerConfiguration.execSize = execSize
        workerConfiguration.execTimeout = .seconds(execTimeout)
        let worker = JobWorker(
            store: stores.jobs, handlers: gateway.jobHandlers(), configuration: workerConfiguration,
            notifiers: JobFailureNotifiers.fromEnvironment(), logger: logger)
        let server = ActionServer(
            publicRoutes: gateway.publicRoutes(), manageRoutes: gateway.manageRoutes(), store: stores.service,
            configuration: .init(host: host, publicPort: publicPort, managePort: managePort), logger: logger)
        services += [.init(service: operations.monitor)]
        if !noWorker { services.append(.init(service: worker)) }
        services.append(.init(service: server))
        var observability: ObservabilityServer?
        if let registry {
            let jobStore = stores.jobs
            let jobStates = JobStateMetrics(store: jobStore)
            observability = ObservabilityServer(
                registry: registry,
                checks: [
                    ReadinessCheck("job_store") {
                        _ = try await jobStore.nextDue()
                        return true
                    },
                    ReadinessCheck("api_ports") { server.boundPorts != nil },
                ],
                refreshers: [{ try await jobStates.refresh() }],
                configuration: .init(host: host, port: metricsPort), logger: logger)
            services.append(.init(service: observability!))
        }

        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        async let running: Void = group.run()
        // The metrics port first: when it is taken, the group stops and `running` says why.
        var metricsPort: Int?
        if let observability {
            metricsPort = await observability.waitUntilRunning()
            if metricsPort == nil { try await running; return }
        }
        // A port in use ends the group: `running` then throws the reason, and the command exits.
        guard let ports = await server.waitUntilRunning() else { try await running; return }
        let newKey = try await ManageActions.bootstrapManageKey(store: stores.service)
        try announce(ports: ports, metricsPort: metricsPort, newKey: newKey,
                     cloud: simulatorService == nil ? cloud.name : "built-in simulator")
        try await running
    }

    /// The cloud to drive, and the simulator to run when it is the built-in one.
    private func cloudConfiguration(logger: Logger) async throws -> (CloudConfiguration, CloudSimulator?) {
        let environment = ProcessInfo.processInfo.environment
        let realRequested = osCloud != nil || (!simulator && (environment["OS_CLOUD"] ?? environment["OS_AUTH_URL"]) != nil)
        if realRequested {
            return (try CloudConfiguration.load(cloud: osCloud), nil)
        }
        var configuration = SimulatorConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let simulator = CloudSimulator(configuration: configuration, logger: logger)
        // Started before the group so the client can be configured with its port; the process
        // ends with the group.
        Task { try await simulator.run() }
        _ = try await simulator.waitUntilRunning()
        let cloud = try CloudConfiguration.load(cloud: "stratus-simulator", cloudsYAML: simulator.cloudsYAML())
        return (cloud, simulator)
    }

    private func announce(ports: (publicPort: Int, managePort: Int), metricsPort: Int?, newKey: AccessKey?, cloud: String) throws {
        var text = """
            Stratus gateway ready (cloud: \(cloud)).
              public API  http://\(host):\(ports.publicPort)/
              manage API  http://\(host):\(ports.managePort)/

            """
        if let metricsPort {
            text += """
                  metrics     http://\(host):\(metricsPort)/metrics  (/healthz, /readyz)

                """
        }
        if let newKey {
            let envPath = "\(stateDir)/manage.env"
            let env = """
                export STRATUS_ENDPOINT=http://\(host):\(ports.managePort)
                export STRATUS_ACCESS_KEY_ID=\(newKey.id)
                export STRATUS_SECRET_KEY=\(newKey.secret)

                """
            FileManager.default.createFile(atPath: envPath, contents: Data(env.utf8), attributes: [.posixPermissions: 0o600])
            text += """
                First start: created a manage access key (shown once; also in \(envPath), mode 600):
                  access key id  \(newKey.id)
                  secret         \(newKey.secret)
                Next:  source \(envPath) && stratus api CreateProject ProjectId=demo

                """
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
