import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StratusGateway
import StratusJobs
import StratusObservability
import StratusOpenStack
import StratusOperations

/// `stratus worker`: runs the gateway's jobs without serving the API — add as many as the
/// database and the cloud take (on PostgreSQL, on as many machines as you like).
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run job workers for the gateway's jobs (no API) against --database and a cloud.")

    @Option(help: "Database shared with `serve`: a SQLite file or postgres://user:pass@host:port/db.")
    var database = ".stratus/stratus.sqlite"

    @Option(name: .customLong("os-cloud"), help: "A cloud from clouds.yaml (else OS_CLOUD, else OS_* variables).")
    var osCloud: String?

    @Option(help: "Jobs claimed per tick.")
    var pickSize = 10

    @Option(help: "Jobs running at once.")
    var execSize = 50

    @Option(help: "Seconds before a job run is cancelled and retried.")
    var execTimeout = 900

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(parsing: .unconditional, help: "Port of /metrics, /healthz and /readyz (0 picks a free one and logs it; -1 disables).")
    var metricsPort = 9091

    @Option(help: "Address the metrics endpoint listens on.")
    var host = "127.0.0.1"

    func validate() throws {
        guard pickSize > 0, execSize > 0, execTimeout > 0 else {
            throw ValidationError("--pick-size, --exec-size and --exec-timeout must be positive")
        }
        guard (-1...65535).contains(metricsPort) else {
            throw ValidationError("--metrics-port must be a port (0 picks a free one) or -1 to disable")
        }
    }

    func run() async throws {
        var logger = Logger(label: "stratus.worker")
        logger.logLevel = logLevel
        // Before anything that reports metrics is created: they take MetricsSystem.factory then.
        let registry = metricsPort >= 0 ? StratusMetrics.bootstrap() : nil
        let cloud: CloudConfiguration
        do {
            cloud = try CloudConfiguration.load(cloud: osCloud)
        } catch let error as OpenStackError {
            throw ValidationError("\(error.message) — a worker drives a real cloud, or the one `stratus simulator` runs (--os-cloud with its clouds.yaml)")
        }
        let client = OpenStackClient(configuration: cloud, logger: logger)
        let operations = Operations(client: client, logger: logger)
        let stores = try await StoreSelection.open(database, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = stores.services.map { .init(service: $0) }
        try await stores.migrate()
        let gateway = Gateway(store: stores.service, jobs: stores.jobs, operations: operations)
        var configuration = JobWorkerConfiguration()
        configuration.pickSize = pickSize
        configuration.execSize = execSize
        configuration.execTimeout = .seconds(execTimeout)
        let worker = JobWorker(store: stores.jobs, handlers: gateway.jobHandlers(), configuration: configuration,
                               notifiers: JobFailureNotifiers.fromEnvironment(), logger: logger)
        services += [.init(service: operations.monitor), .init(service: worker)]
        var observability: ObservabilityServer?
        if let registry {
            let jobStore = stores.jobs
            let jobStates = JobStateMetrics(store: jobStore)
            observability = ObservabilityServer(
                registry: registry,
                checks: [ReadinessCheck("job_store") { _ = try await jobStore.nextDue(); return true }],
                refreshers: [{ try await jobStates.refresh() }],
                configuration: .init(host: host, port: metricsPort), logger: logger)
            services.append(.init(service: observability!))
        }
        logger.info("worker starting", metadata: ["database": "\(Self.redacted(database))", "cloud": "\(cloud.name)"])
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        async let running: Void = group.run()
        if let observability, let port = await observability.waitUntilRunning() {
            logger.info("metrics at http://\(host):\(port)/metrics (/healthz, /readyz)")
        }
        try await running
    }

    /// The database for a log line: a URL's password replaced.
    static func redacted(_ database: String) -> String {
        guard var components = URLComponents(string: database), components.password != nil else { return database }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}
