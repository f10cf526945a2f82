import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus server create NAME --image --flavor [--count N] [--wait] [--retries N] [--token T]`, with
/// networks, ports, key pair, security groups, user data, properties, tags, boot from volume and a
/// floating IP (``ServerCreateOptions``).
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

    @Option(help: "How many servers to create.")
    var count = 1

    @Option(help: "Extra attempts after an ERROR build or timeout: delete the broken server, wait until gone, create again.")
    var retries = 0

    @Option(help: "Client token (1-40 of A-Z a-z 0-9 . _ -): running the command again with it adopts the server instead of creating a second one (with --count: TOKEN-1 …).")
    var token: String?

    @OptionGroup var options: ServerCreateOptions
    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count must be 1-1000") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be 0-10") }
        try options.validate(count: count)
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

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let image = try await ops.client.images.findImage(self.image)
            let flavor = try await ops.client.compute.findFlavor(self.flavor)
            let template = try await options.template(imageID: image.id, flavorID: flavor.id, ops: ops)
            let floatingIP = try await options.floatingIPPlan(ops: ops)
            let tokens = try Self.tokens(token, count: count)
            let names = count == 1 ? [name] : (1...count).map { "\(name)-\($0)" }
            let policy = OperationPolicy(attempts: retries + 1, timeout: waiting.duration)
            let requests = names.map { name -> ServerCreateRequest in
                var request = template
                request.name = name
                return request
            }
            guard let floatingIP else {
                let tracked = await Self.start(requests, tokens: tokens, policy: policy, ops: ops)
                return await WaitRunner.finish(tracked, waiting: waiting, output: output)
            }
            // The address can only be associated with a running server's port: follow both to ACTIVE.
            var following = waiting
            following.wait = true
            let tracked = await Self.start(requests, tokens: tokens, policy: policy, floatingIP: floatingIP, ops: ops)
            return await WaitRunner.finish(tracked, waiting: following, output: output)
        }
    }

    /// Starts every create with its floating IP chained: the server to ACTIVE, then the floating IP
    /// allocated (or the given one) and associated to ACTIVE, shown on one progress line.
    static func start(_ requests: [ServerCreateRequest], tokens: [ClientToken?], policy: OperationPolicy,
                      floatingIP plan: ServerCreateOptions.FloatingIPPlan, ops: Operations) async -> [TrackedOperation] {
        var tracked: [TrackedOperation] = []
        for (index, request) in requests.enumerated() {
            tracked.append(await .starting(request.name) {
                let deadline = ContinuousClock.now + policy.timeout
                let handle = try await ops.servers.create(request, policy: policy, token: tokens[index])
                let progress = ChainedProgress(handle)
                let fipToken = tokens[index].flatMap { try? ClientToken("\($0.value)-fip") }
                let chained = handle.then { server in
                    progress.note("floating IP starting")
                    // One --timeout for both steps: the floating IP gets what the server left.
                    let left = max(deadline - ContinuousClock.now, .seconds(1))
                    let fip = try await plan.start(for: server, policy: OperationPolicy(timeout: left), token: fipToken, ops: ops)
                    progress.follow(fip) { "floating IP \($0 ?? "starting")" }
                    return fip.map { ip in
                        // The server again, so its addresses include the floating one.
                        let refreshed = (try? await ops.client.compute.server(id: server.id)) ?? server
                        return ServerWithFloatingIP(server: refreshed, floatingIP: ip)
                    }
                }
                return TrackedOperation(chained, label: request.name, maxAttempts: policy.attempts, progress: progress) {
                    .server($0.server, floatingIP: $0.floatingIP)
                }
            })
        }
        return tracked
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
