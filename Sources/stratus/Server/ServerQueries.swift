import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus server list`.
struct ServerList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List servers.")

    @Option(help: "Only servers whose name matches this regular expression (Nova's filter).")
    var name: String?

    @Option(help: "Only servers in this status (ACTIVE, BUILD, ERROR, …).")
    var status: String?

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var query = ServerListQuery()
            query.name = name
            query.status = status.map { ServerStatus(rawValue: $0.uppercased()) }
            let servers = try await ops.client.compute.servers(query)
            Console.out(output.format.render(servers.map(Record.server)))
            return .success
        }
    }
}

/// `stratus server show ID|NAME`.
struct ServerShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one server.")

    @Argument(help: "Server id or exact name.")
    var server: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.server(try await ServerLookup.find(server, ops: ops))))
            return .success
        }
    }
}

/// Finds a server by id, else by exact name (one match only).
enum ServerLookup {
    static func find(_ idOrName: String, ops: Operations) async throws -> Server {
        do {
            return try await ops.client.compute.server(id: idOrName)
        } catch let error as OpenStackError where error.isNotFound || error.status == 400 {
            var query = ServerListQuery()
            query.name = "^\(NSRegularExpression.escapedPattern(for: idOrName))$"
            let matches = try await ops.client.compute.servers(query).filter { $0.name == idOrName }
            return try UniqueMatch.pick(matches, kind: "server", idOrName: idOrName, id: \.id)
        }
    }

    static func ids(_ idsOrNames: [String], ops: Operations) async throws -> [(label: String, id: String)] {
        var result: [(String, String)] = []
        for value in idsOrNames { result.append((value, try await find(value, ops: ops).id)) }
        return result
    }
}

/// The one resource a name means, or an error a person can act on.
enum UniqueMatch {
    static func pick<T>(_ matches: [T], kind: String, idOrName: String, id: (T) -> String) throws -> T {
        guard let first = matches.first else {
            throw HumanError("no \(kind) with id or name '\(idOrName)'", hint: "`stratus \(kind) list` shows them")
        }
        guard matches.count == 1 else {
            throw HumanError("\(matches.count) \(kind)s are named '\(idOrName)'",
                             hint: "use the id: \(matches.map(id).joined(separator: ", "))")
        }
        return first
    }
}
