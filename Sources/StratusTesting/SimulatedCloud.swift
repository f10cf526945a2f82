import CoreMetrics
import Logging
import StratusOpenStack
import StratusSimulator

/// Runs the built-in simulator on a free port and hands the body a client already configured for
/// it through the simulator's own clouds.yaml — the way a user's automation would connect.
///
/// ```swift
/// try await withSimulatedCloud { simulator, client in
///     let flavor = try await client.compute.findFlavor("m1.tiny")
/// }
/// ```
public func withSimulatedCloud<T: Sendable>(
    configuration: SimulatorConfiguration = .init(),
    user: String = "demo",
    retry: RetryPolicy? = nil,
    logger: Logger = Logger(label: "stratus.test"),
    metricsFactory: (any MetricsFactory)? = nil,
    _ body: (CloudSimulator, OpenStackClient) async throws -> T
) async throws -> T {
    try await CloudSimulator.withRunning(configuration: configuration, logger: logger) { simulator in
        var cloud = try CloudConfiguration.load(cloud: "stratus-simulator",
                                                cloudsYAML: simulator.cloudsYAML(cloudName: "stratus-simulator", user: user))
        if let retry { cloud.retry = retry }
        let client = OpenStackClient(configuration: cloud, logger: logger, metricsFactory: metricsFactory)
        return try await body(simulator, client)
    }
}
