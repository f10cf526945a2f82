import ArgumentParser

/// The `stratus` command line.
@main
struct Stratus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stratus",
        abstract: "OpenStack operations that finish: retries, handles, a simulator.",
        subcommands: [SimulatorCommand.self]
    )
}
