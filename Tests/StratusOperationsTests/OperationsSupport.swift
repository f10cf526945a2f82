import Foundation
import StratusOpenStack
import StratusOperations
import StratusSimulator
import StratusTesting

/// Runs the simulator, a client and a running operations layer.
func withOperations<T: Sendable>(
    _ configuration: SimulatorConfiguration = OperationsSupport.fast,
    retry: RetryPolicy? = nil,
    monitor: MonitorConfiguration = .init(requestsPerSecond: 20, minimumInterval: .milliseconds(50)),
    _ body: (CloudSimulator, Operations) async throws -> T
) async throws -> T {
    try await withSimulatedCloud(configuration: configuration, retry: retry) { simulator, client in
        try await Operations.withRunning(client: client, monitor: OperationMonitor(client: client, configuration: monitor)) { ops in
            try await body(simulator, ops)
        }
    }
}

enum OperationsSupport {
    static var fast: SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.timings = .fast
        configuration.seed = 99
        return configuration
    }

    static let imageID = "155d900f-4e14-4e4c-a73d-069cbf4541e6"

    static func server(_ name: String) -> ServerCreateRequest {
        ServerCreateRequest(name: name, imageID: imageID, flavorID: "1", networks: .none)
    }

    /// Live servers (not deleted) per client token, from the simulator's own records.
    static func serversPerToken(_ simulator: CloudSimulator) -> [String: Int] {
        var counts: [String: Int] = [:]
        for server in simulator.serverSnapshots() where !server.deleted {
            if let token = server.metadata[ClientToken.metadataKey] { counts[token, default: 0] += 1 }
        }
        return counts
    }
}
