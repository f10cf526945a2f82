import ArgumentParser
import StratusConsole
import StratusOperations

/// `stratus wait server|volume ID… [--until ready|deleted]`: follows work already in flight.
struct WaitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wait",
        abstract: "Wait for servers or volumes already in flight (started elsewhere) to become ready or be deleted.")

    enum Kind: String, ExpressibleByArgument, CaseIterable { case server, volume }

    @Argument(help: "server or volume.")
    var kind: Kind

    @Argument(help: "Ids (or exact names).")
    var ids: [String]

    @Option(help: "ready (ACTIVE / available or in-use) or deleted.")
    var until: TrackTarget = .ready

    @Option(help: "Seconds to wait before giving up (exit code 2).")
    var timeout = 600

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("name at least one \(kind.rawValue)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            var tracked: [TrackedOperation] = []
            for value in ids {
                switch kind {
                case .server:
                    // A server being deleted may already be gone: then the id is the id.
                    let id = until == .deleted ? value : try await ServerLookup.find(value, ops: ops).id
                    tracked.append(TrackedOperation(ops.servers.track(id: id, until: until, timeout: .seconds(timeout)),
                                                    label: value) { server in
                        server.map(Record.server) ?? Record([("name", .string(value)), ("id", .string(id)), ("status", "DELETED")])
                    })
                case .volume:
                    let id = until == .deleted ? value : try await VolumeLookup.find(value, ops: ops).id
                    tracked.append(TrackedOperation(ops.volumes.track(id: id, until: until, timeout: .seconds(timeout)),
                                                    label: value) { volume in
                        volume.map(Record.volume) ?? Record([("name", .string(value)), ("id", .string(id)), ("status", "deleted")])
                    })
                }
            }
            return await WaitRunner.run(tracked, output: output, timeout: .seconds(timeout))
        }
    }
}

extension TrackTarget: ExpressibleByArgument {}
