import ArgumentParser

/// The `stratus` command line.
@main
struct Stratus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stratus",
        abstract: "OpenStack operations that finish: an IaaS gateway, durable jobs, a simulator.",
        subcommands: [ServerCommand.self, VolumeCommand.self, ImageCommand.self, NetworkCommand.self, SubnetCommand.self,
                      PortCommand.self, RouterCommand.self, FloatingIPCommand.self, SecurityGroupCommand.self,
                      KeyPairCommand.self, WaitCommand.self, JobsCommand.self,
                      ServeCommand.self, WorkerCommand.self, SimulatorCommand.self, APICommand.self]
    )
}
