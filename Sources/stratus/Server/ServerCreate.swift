import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus server create NAME --image --flavor [--count N] [--wait] [--retries N] [--token T]`.
struct ServerCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create servers; with --wait, follow them to ACTIVE (ERROR builds are deleted and retried with --retries).")

    @Argument(help: "Server name (with --count N: NAME-1 … NAME-N).")
    var name: String

    @Option(help: "Image name or id.")
    var image: String

    @Option(help: "Flavor name or id.")
    var flavor: String

    @Option(name: .customLong("network"), help: "Network id to attach (repeatable), or 'auto' (default) or 'none'.")
    var networks: [String] = []

    @Option(help: "How many servers to create.")
    var count = 1

    @Option(help: "Extra attempts after an ERROR build or timeout: delete the broken server, wait until gone, create again.")
    var retries = 0

    @Option(help: "Client token (1-40 of A-Z a-z 0-9 . _ -): running the command again with it adopts the server instead of creating a second one (with --count: TOKEN-1 …).")
    var token: String?

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be 1-1000") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be 0-10") }
        if networks.count > 1, networks.contains(where: { $0 == "auto" || $0 == "none" }) {
            throw ValidationError("--network auto/none cannot be combined with network ids")
        }
        if let token { _ = try Self.tokens(token, count: count) }
    }

    static func tokens(_ token: String?, count: Int) throws -> [ClientToken?] {
        guard let token else { return Array(repeating: nil, count: count) }
        do {
            return try (1...count).map { try ClientToken(count == 1 ? token : "\(token)-\($0)") }
        } catch let error as OperationError {
            throw ValidationError(error.message)
        }
    }

    var networkChoice: ServerCreateRequest.Networks {
        switch networks {
        case [], ["auto"]: return .auto
        case ["none"]: return .none
        default: return .list(networks.map { .init(networkID: $0) })
        }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let image = try await ops.client.images.findImage(self.image)
            let flavor = try await ops.client.compute.findFlavor(self.flavor)
            let tokens = try Self.tokens(token, count: count)
            let names = count == 1 ? [name] : (1...count).map { "\(name)-\($0)" }
            let policy = OperationPolicy(attempts: retries + 1, timeout: waiting.duration)
            let requests = names.map {
                ServerCreateRequest(name: $0, imageID: image.id, flavorID: flavor.id, networks: networkChoice)
            }
            let tracked = await Self.start(requests, tokens: tokens, policy: policy, ops: ops)
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }

    /// Starts every create at once (the starting calls in parallel); a refused start is a failed item.
    static func start(_ requests: [ServerCreateRequest], tokens: [ClientToken?], policy: OperationPolicy,
                      ops: Operations) async -> [TrackedOperation] {
        await withTaskGroup(of: (Int, TrackedOperation).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    (index, await .starting(request.name) {
                        let handle = try await ops.servers.create(request, policy: policy, token: tokens[index])
                        return TrackedOperation(handle, label: request.name, maxAttempts: policy.attempts) { .server($0) }
                    })
                }
            }
            var result: [(Int, TrackedOperation)] = []
            for await item in group { result.append(item) }
            return result.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
