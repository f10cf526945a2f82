import ArgumentParser

/// `stratus server …`: Nova servers, each background call with `--wait` and live progress.
struct ServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Create, list, show, delete, back up, image and migrate servers.",
        subcommands: [ServerCreate.self, ServerList.self, ServerShow.self, ServerDelete.self, ServerImage.self,
                      ServerBackup.self, ServerMigrate.self])
}
