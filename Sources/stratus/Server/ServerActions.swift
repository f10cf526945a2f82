import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus server delete ID|NAME… [--wait]`.
struct ServerDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete servers; with --wait, until Nova reports them gone.")

    @Argument(help: "Server ids or exact names.")
    var servers: [String]

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !servers.isEmpty else { throw ValidationError("name at least one server") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let targets = try await ServerLookup.ids(servers, ops: ops)
            let policy = OperationPolicy(timeout: waiting.duration)
            var tracked: [TrackedOperation] = []
            for target in targets {
                tracked.append(await .starting(target.label) {
                    let handle = try await ops.servers.delete(id: target.id, policy: policy)
                    return TrackedOperation(handle, label: target.label) { _ in
                        Record([("name", .string(target.label)), ("id", .string(target.id)), ("status", "DELETED")])
                    }
                })
            }
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// `stratus server image SERVER --name NAME [--wait]`: a snapshot image of a server.
struct ServerImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image", abstract: "Create an image of a server; with --wait, until the image is active.")

    @Argument(help: "Server id or exact name.")
    var server: String

    @Option(help: "The image's name.")
    var name: String

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let id = try await ServerLookup.find(server, ops: ops).id
            let handle = try await ops.servers.createImage(serverID: id, name: name, policy: OperationPolicy(timeout: waiting.duration))
            return await ImageWait.finish(handle, label: name, waiting: waiting, output: output)
        }
    }
}

/// `stratus server backup SERVER --name NAME [--type daily] [--rotation 1] [--wait]`.
struct ServerBackup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Back up a server (createBackup, with rotation); with --wait, until the image is active.")

    @Argument(help: "Server id or exact name.")
    var server: String

    @Option(help: "The backup image's name.")
    var name: String

    @Option(help: "Backup type (Nova's rotation groups backups by it).")
    var type = "daily"

    @Option(help: "How many backups of this type to keep.")
    var rotation = 1

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard rotation >= 0 else { throw ValidationError("--rotation must not be negative") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let id = try await ServerLookup.find(server, ops: ops).id
            let handle = try await ops.servers.backup(serverID: id, name: name, type: type, rotation: rotation,
                                                      policy: OperationPolicy(timeout: waiting.duration))
            return await ImageWait.finish(handle, label: name, waiting: waiting, output: output)
        }
    }
}

/// `stratus server migrate SERVER [--live] [--host H] [--wait]`.
struct ServerMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Move a server to another host (cold, resize confirmed; or --live); with --wait, until it is ACTIVE there.")

    @Argument(help: "Server id or exact name.")
    var server: String

    @Flag(help: "Live migration instead of cold.")
    var live = false

    @Option(help: "Target host (default: the scheduler picks).")
    var host: String?

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let found = try await ServerLookup.find(server, ops: ops)
            let handle = try await ops.servers.migrate(serverID: found.id, live: live, host: host,
                                                       policy: OperationPolicy(timeout: waiting.duration))
            let tracked = [TrackedOperation(handle, label: found.name) { .server($0) }]
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// The shared ending of image-producing commands.
enum ImageWait {
    static func finish(_ handle: CloudOperation<Image>, label: String, waiting: WaitOptions, output: OutputOptions) async -> ExitStatus {
        let tracked = [TrackedOperation(handle, label: label) { .image($0) }]
        return await WaitRunner.finish(tracked, waiting: waiting, output: output)
    }
}
