import ArgumentParser
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus floating-ip …`: Neutron floating IPs, each change with `--wait` and live progress.
struct FloatingIPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floating-ip", abstract: "Create, list, show, delete, associate and disassociate floating IPs.",
        subcommands: [FloatingIPCreate.self, FloatingIPList.self, FloatingIPShow.self, FloatingIPDelete.self,
                      FloatingIPAssociate.self, FloatingIPDisassociate.self])
}

/// `--server S | --port P`: what a floating IP is associated with.
struct FloatingIPTarget: ParsableArguments {
    @Option(help: "Server id or exact name: its first port with a fixed address.")
    var server: String?

    @Option(help: "Port id or exact name.")
    var port: String?

    func validate() throws {
        if server != nil, port != nil { throw ValidationError("give --server or --port, not both") }
    }

    var isEmpty: Bool { server == nil && port == nil }

    /// Associates `floatingIPID` with the target (a server's port, or the port).
    func associate(_ floatingIPID: String, policy: OperationPolicy, ops: Operations) async throws -> CloudOperation<FloatingIP> {
        if let server {
            return try await ops.floatingIPs.associate(floatingIPID, to: try await ServerLookup.find(server, ops: ops), policy: policy)
        }
        let portID = try await NetworkLookup.port(port ?? "", ops: ops).id
        return try await ops.floatingIPs.associate(floatingIPID, portID: portID, policy: policy)
    }
}

/// `stratus floating-ip create NETWORK [--server S | --port P] [--wait]`.
struct FloatingIPCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Allocate a floating IP on an external network, optionally associated; with --wait, until it is ACTIVE (associated) or allocated.")

    @Argument(help: "External network id or name.")
    var network: String

    @OptionGroup var target: FloatingIPTarget

    @Option(help: "A description for the floating IP.")
    var description: String?

    @Option(help: "Client token: running the command again with it adopts the floating IP instead of allocating another.")
    var token: String?

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        if let token { _ = try ServerCreate.tokens(token, count: 1) }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let networkID = try await NetworkLookup.externalNetwork(network, ops: ops).id
            let token = try ServerCreate.tokens(token, count: 1)[0]
            let policy = OperationPolicy(timeout: waiting.duration)
            let label = target.server ?? target.port ?? network
            let tracked = await TrackedOperation.starting(label) {
                let handle: CloudOperation<FloatingIP>
                if let server = target.server {
                    let found = try await ServerLookup.find(server, ops: ops)
                    handle = try await ops.floatingIPs.allocateAndAssociate(networkID: networkID, to: found, policy: policy, token: token)
                } else {
                    let portID = try await target.port.asyncMap { try await NetworkLookup.port($0, ops: ops).id }
                    let request = FloatingIPCreateRequest(floatingNetworkID: networkID, portID: portID, description: description)
                    handle = try await ops.floatingIPs.create(request, policy: policy, token: token)
                }
                return TrackedOperation(handle, label: label) { .floatingIP($0) }
            }
            // Unassociated, it is done once Neutron lists it: always print the address then.
            var following = waiting
            if target.isEmpty { following.wait = true }
            return await WaitRunner.finish([tracked], waiting: following, output: output)
        }
    }
}

/// `stratus floating-ip list [--network N] [--status S]`.
struct FloatingIPList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List floating IPs.")

    @Option(help: "Only the floating IPs of this external network (id or name).")
    var network: String?

    @Option(help: "Only floating IPs in this status (ACTIVE, DOWN, ERROR).")
    var status: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var query = FloatingIPListQuery()
            if let network { query.floatingNetworkID = try await ops.client.network.findNetwork(network).id }
            if let status { query.status = FloatingIPStatus(rawValue: status.uppercased()) }
            Console.out(output.format.render(try await ops.client.network.floatingIPs(query).map(Record.floatingIP)))
            return .success
        }
    }
}

/// `stratus floating-ip show ID|ADDRESS`.
struct FloatingIPShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one floating IP.")

    @Argument(help: "Floating IP id or address.")
    var floatingIP: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.floatingIP(try await NetworkLookup.floatingIP(floatingIP, ops: ops))))
            return .success
        }
    }
}

/// `stratus floating-ip delete ID|ADDRESS… [--wait]`.
struct FloatingIPDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Release floating IPs; with --wait, until gone.")

    @Argument(help: "Floating IP ids or addresses.")
    var floatingIPs: [String]

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !floatingIPs.isEmpty else { throw ValidationError("name at least one floating IP") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var tracked: [TrackedOperation] = []
            for value in floatingIPs {
                tracked.append(await .starting(value) {
                    let found = try await NetworkLookup.floatingIP(value, ops: ops)
                    let handle = try await ops.floatingIPs.delete(found.id, policy: OperationPolicy(timeout: waiting.duration))
                    return TrackedOperation(handle, label: value) { _ in
                        Record([("address", .string(found.floatingIPAddress)), ("id", .string(found.id)), ("status", "DELETED")])
                    }
                })
            }
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// `stratus floating-ip associate FIP --server S | --port P [--wait]`.
struct FloatingIPAssociate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "associate", abstract: "Associate a floating IP with a server or port; with --wait, until ACTIVE.")

    @Argument(help: "Floating IP id or address.")
    var floatingIP: String

    @OptionGroup var target: FloatingIPTarget

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        if target.isEmpty { throw ValidationError("give --server SERVER or --port PORT") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let tracked = await TrackedOperation.starting(floatingIP) {
                let found = try await NetworkLookup.floatingIP(floatingIP, ops: ops)
                let handle = try await target.associate(found.id, policy: OperationPolicy(timeout: waiting.duration), ops: ops)
                return TrackedOperation(handle, label: floatingIP) { .floatingIP($0) }
            }
            return await WaitRunner.finish([tracked], waiting: waiting, output: output)
        }
    }
}

/// `stratus floating-ip disassociate FIP [--wait]`.
struct FloatingIPDisassociate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disassociate", abstract: "Disassociate a floating IP from its port; with --wait, until DOWN.")

    @Argument(help: "Floating IP id or address.")
    var floatingIP: String

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let tracked = await TrackedOperation.starting(floatingIP) {
                let found = try await NetworkLookup.floatingIP(floatingIP, ops: ops)
                let handle = try await ops.floatingIPs.disassociate(found.id, policy: OperationPolicy(timeout: waiting.duration))
                return TrackedOperation(handle, label: floatingIP) { .floatingIP($0) }
            }
            return await WaitRunner.finish([tracked], waiting: waiting, output: output)
        }
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
