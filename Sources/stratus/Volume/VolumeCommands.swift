import ArgumentParser
import Foundation
import StratusConsole
import StratusOpenStack
import StratusOperations

/// `stratus volume …`: Cinder volumes.
struct VolumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "volume", abstract: "Create, list, show, delete, attach and detach volumes.",
        subcommands: [VolumeCreate.self, VolumeList.self, VolumeShow.self, VolumeDelete.self, VolumeAttach.self,
                      VolumeDetach.self])
}

/// `stratus volume create NAME --size GIB [--count N] [--wait] [--retries N] [--token T]`.
struct VolumeCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create volumes; with --wait, until available.")

    @Argument(help: "Volume name (with --count N: NAME-1 … NAME-N).")
    var name: String

    @Option(help: "Size in GiB.")
    var size: Int

    @Option(help: "How many volumes to create.")
    var count = 1

    @Option(help: "Extra attempts after an error: delete the broken volume, wait until gone, create again.")
    var retries = 0

    @Option(help: "Client token: running the command again with it adopts the volume instead of creating another (with --count: TOKEN-1 …).")
    var token: String?

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard size > 0 else { throw ValidationError("--size must be a positive number of GiB") }
        guard (1...1000).contains(count) else { throw ValidationError("--count must be 1-1000") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be 0-10") }
        if let token { _ = try ServerCreate.tokens(token, count: count) }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let tokens = try ServerCreate.tokens(token, count: count)
            let names = count == 1 ? [name] : (1...count).map { "\(name)-\($0)" }
            let policy = OperationPolicy(attempts: retries + 1, timeout: waiting.duration)
            var tracked: [TrackedOperation] = []
            for (index, name) in names.enumerated() {
                tracked.append(await .starting(name) {
                    let handle = try await ops.volumes.create(VolumeCreateRequest(size: size, name: name), policy: policy,
                                                              token: tokens[index])
                    return TrackedOperation(handle, label: name, maxAttempts: policy.attempts) { .volume($0) }
                })
            }
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// `stratus volume list`.
struct VolumeList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List volumes.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(try await ops.client.blockStorage.volumes().map(Record.volume)))
            return .success
        }
    }
}

/// `stratus volume show ID|NAME`.
struct VolumeShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one volume.")

    @Argument(help: "Volume id or exact name.")
    var volume: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.volume(try await VolumeLookup.find(volume, ops: ops))))
            return .success
        }
    }
}

/// `stratus volume delete ID|NAME… [--wait]`.
struct VolumeDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete volumes; with --wait, until gone.")

    @Argument(help: "Volume ids or exact names.")
    var volumes: [String]

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !volumes.isEmpty else { throw ValidationError("name at least one volume") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var tracked: [TrackedOperation] = []
            for value in volumes {
                tracked.append(await .starting(value) {
                    let id = try await VolumeLookup.find(value, ops: ops).id
                    let handle = try await ops.volumes.delete(id: id, policy: OperationPolicy(timeout: waiting.duration))
                    return TrackedOperation(handle, label: value) { _ in
                        Record([("name", .string(value)), ("id", .string(id)), ("status", "deleted")])
                    }
                })
            }
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// `stratus volume attach VOLUME --server SERVER [--device D] [--wait]`.
struct VolumeAttach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attach", abstract: "Attach a volume to a server; with --wait, until in-use.")

    @Argument(help: "Volume id or exact name.")
    var volume: String

    @Option(help: "Server id or exact name.")
    var server: String

    @Option(help: "Device name (e.g. /dev/vdb); default: the cloud picks.")
    var device: String?

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let volumeID = try await VolumeLookup.find(volume, ops: ops).id
            let serverID = try await ServerLookup.find(server, ops: ops).id
            let handle = try await ops.volumes.attach(volumeID: volumeID, to: serverID, device: device,
                                                      policy: OperationPolicy(timeout: waiting.duration))
            let tracked = [TrackedOperation(handle, label: volume) { .volume($0) }]
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// `stratus volume detach VOLUME --server SERVER [--wait]`.
struct VolumeDetach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "detach", abstract: "Detach a volume from a server; with --wait, until available.")

    @Argument(help: "Volume id or exact name.")
    var volume: String

    @Option(help: "Server id or exact name.")
    var server: String

    @OptionGroup var waiting: WaitOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            let volumeID = try await VolumeLookup.find(volume, ops: ops).id
            let serverID = try await ServerLookup.find(server, ops: ops).id
            let handle = try await ops.volumes.detach(volumeID: volumeID, from: serverID,
                                                      policy: OperationPolicy(timeout: waiting.duration))
            let tracked = [TrackedOperation(handle, label: volume) { .volume($0) }]
            return await WaitRunner.finish(tracked, waiting: waiting, output: output)
        }
    }
}

/// Finds a volume by id, else by exact name (one match only).
enum VolumeLookup {
    static func find(_ idOrName: String, ops: Operations) async throws -> Volume {
        do {
            return try await ops.client.blockStorage.volume(id: idOrName)
        } catch let error as OpenStackError where error.isNotFound || error.status == 400 {
            let matches = try await ops.client.blockStorage.volumes(VolumeListQuery(name: idOrName)).filter { $0.name == idOrName }
            return try UniqueMatch.pick(matches, kind: "volume", idOrName: idOrName, id: \.id)
        }
    }
}
