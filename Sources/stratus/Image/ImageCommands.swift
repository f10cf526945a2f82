import ArgumentParser
import StratusConsole
import StratusOpenStack

/// `stratus image …`: Glance images (read-only here; `server image` and `server backup` make them).
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image", abstract: "List and show images.", subcommands: [ImageList.self, ImageShow.self])
}

/// `stratus image list`.
struct ImageList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List images.")

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(try await ops.client.images.images().map(Record.image)))
            return .success
        }
    }
}

/// `stratus image show ID|NAME`.
struct ImageShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one image.")

    @Argument(help: "Image id or name.")
    var image: String

    @OptionGroup var output: OutputOptions
    @OptionGroup var cloud: CloudOptions

    func run() async throws {
        try await CloudSession.run(cloud) { ops in
            Console.out(output.format.render(Record.image(try await ops.client.images.findImage(image))))
            return .success
        }
    }
}
