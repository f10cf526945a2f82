import ArgumentParser
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus network list|show`: Neutron networks.
struct NetworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network", abstract: "List and show networks.", subcommands: [NetworkList.self, NetworkShow.self])
}

/// `stratus network list [--external]`.
struct NetworkList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List networks.")

    @Flag(help: "Only external networks (where floating IPs come from).")
    var external = false

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var query = NetworkListQuery()
            if external { query.isExternal = true }
            Console.out(output.format.render(try await ops.client.network.networks(query).map(Record.network)))
            return .success
        }
    }
}

/// `stratus network show ID|NAME`.
struct NetworkShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one network.")

    @Argument(help: "Network id or name.")
    var network: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.network(try await ops.client.network.findNetwork(network))))
            return .success
        }
    }
}

/// `stratus subnet list [--network N]`.
struct SubnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subnet", abstract: "List subnets.", subcommands: [SubnetList.self])
}

/// `stratus subnet list`.
struct SubnetList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List subnets.")

    @Option(help: "Only the subnets of this network (id or name).")
    var network: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var query = SubnetListQuery()
            if let network { query.networkID = try await ops.client.network.findNetwork(network).id }
            Console.out(output.format.render(try await ops.client.network.subnets(query).map(Record.subnet)))
            return .success
        }
    }
}

/// `stratus router …`: Neutron routers, which join subnets to an external network (a floating IP
/// needs one between the server's subnet and the floating IP's network).
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router", abstract: "Create, list and delete routers; plug them into subnets.",
        subcommands: [RouterCreate.self, RouterList.self, RouterAddSubnet.self, RouterRemoveSubnet.self, RouterDelete.self])
}

/// `stratus router create NAME [--external-network NET]`.
struct RouterCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a router, optionally with its gateway on an external network.")

    @Argument(help: "The router's name.")
    var name: String

    @Option(help: "External network (id or name) for the router's gateway.")
    var externalNetwork: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let externalID = try await externalNetwork.asyncMap { try await NetworkLookup.externalNetwork($0, ops: ops).id }
            let router = try await ops.client.network.createRouter(RouterCreateRequest(name: name, externalNetworkID: externalID))
            Console.out(output.format.render([Record.router(router)]))
            return .success
        }
    }
}

/// `stratus router list`.
struct RouterList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List routers.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(try await ops.client.network.routers(RouterListQuery()).map(Record.router)))
            return .success
        }
    }
}

/// `stratus router add-subnet ROUTER SUBNET [--wait]`.
struct RouterAddSubnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-subnet", abstract: "Plug a router into a subnet; with --wait, until the router's port there is up.")

    @Argument(help: "Router id or name.")
    var router: String

    @Argument(help: "Subnet id or name.")
    var subnet: String

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let tracked = await TrackedOperation.starting(subnet) {
                let routerID = try await ops.client.network.findRouter(router).id
                let subnetID = try await ops.client.network.findSubnet(subnet).id
                let handle = try await ops.routers.addInterface(routerID: routerID, subnetID: subnetID,
                                                                policy: OperationPolicy(timeout: waiting.duration))
                return TrackedOperation(handle, label: subnet) { .port($0) }
            }
            return await WaitRunner.finish([tracked], waiting: waiting, output: output)
        }
    }
}

/// `stratus router remove-subnet ROUTER SUBNET [--wait]`.
struct RouterRemoveSubnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-subnet", abstract: "Unplug a router from a subnet; with --wait, until its port there is gone.")

    @Argument(help: "Router id or name.")
    var router: String

    @Argument(help: "Subnet id or name.")
    var subnet: String

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let tracked = await TrackedOperation.starting(subnet) {
                let routerID = try await ops.client.network.findRouter(router).id
                let subnetID = try await ops.client.network.findSubnet(subnet).id
                let handle = try await ops.routers.removeInterface(routerID: routerID, subnetID: subnetID,
                                                                   policy: OperationPolicy(timeout: waiting.duration))
                return TrackedOperation(handle, label: subnet) { _ in
                    Record([("name", .string(subnet)), ("id", .string(subnetID)), ("status", "REMOVED")])
                }
            }
            return await WaitRunner.finish([tracked], waiting: waiting, output: output)
        }
    }
}

/// `stratus router delete ROUTER…`.
struct RouterDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete routers (unplug their subnets first).")

    @Argument(help: "Router ids or names.")
    var routers: [String]

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !routers.isEmpty else { throw ValidationError("name at least one router") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var records: [Record] = []
            for value in routers {
                let router = try await ops.client.network.findRouter(value)
                try await ops.client.network.deleteRouter(id: router.id)
                records.append(Record([("name", .string(router.name)), ("id", .string(router.id)), ("status", "DELETED")]))
            }
            Console.out(output.format.render(records))
            return .success
        }
    }
}

/// `stratus port list|show`.
struct PortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "port", abstract: "List and show ports.", subcommands: [PortList.self, PortShow.self])
}

/// `stratus port list [--network N] [--server S]`.
struct PortList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List ports.")

    @Option(help: "Only the ports on this network (id or name).")
    var network: String?

    @Option(help: "Only the ports of this server (id or exact name).")
    var server: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var query = PortListQuery()
            if let network { query.networkID = try await ops.client.network.findNetwork(network).id }
            if let server { query.deviceID = try await ServerLookup.find(server, ops: ops).id }
            Console.out(output.format.render(try await ops.client.network.ports(query).map(Record.port)))
            return .success
        }
    }
}

/// `stratus port show ID|NAME`.
struct PortShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one port.")

    @Argument(help: "Port id or exact name.")
    var port: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.port(try await NetworkLookup.port(port, ops: ops))))
            return .success
        }
    }
}
