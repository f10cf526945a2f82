import Foundation
import StratusSimulator
import Testing

/// Every `stratus` line against a cloud (servers, volumes, images, waits, networking) in the ```sh blocks of the guides and the
/// README runs, in order, against a simulator and must exit 0 — the docs cannot rot. (Blocks
/// that need a real cloud or a database are fenced as plain text, not `sh`.)
@Suite("Documentation examples", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct DocExamplesTests {
    /// The repository root (this file is Tests/StratusCLITests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `stratus` command lines of the shell blocks in `text`.
    static func commands(in text: String) -> [[String]] {
        var inShell = false
        var commands: [[String]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inShell = !inShell && line == "```sh"
                continue
            }
            guard inShell, line.hasPrefix("stratus ") else { continue }
            let words = line.split(separator: "#", maxSplits: 1)[0].split(separator: " ").map(String.init)
            guard Self.verbs.contains(words[1]) else { continue }
            commands.append(Array(words.dropFirst()))
        }
        return commands
    }

    /// The commands that run against a cloud (the others need a database or run a service).
    static let verbs: Set = ["server", "volume", "image", "wait", "network", "subnet", "port", "router", "floating-ip",
                             "security-group", "keypair"]

    /// Each file with shell examples, and how many `stratus` lines it has at least (so a broken
    /// parser cannot pass by finding none).
    static let files = ["docs/cli.md": 35, "docs/simulator.md": 2, "docs/networking.md": 2, "README.md": 9]

    @Test("the shell examples of the docs and the README all run and exit 0", arguments: files.keys.sorted())
    func examples(file: String) async throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
        let commands = Self.commands(in: text)
        #expect(commands.count >= Self.files[file]!, "examples found in \(file): \(commands.count)")
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = .milliseconds(300)
        configuration.timings.serverDelete = .milliseconds(200)
        configuration.timings.imageSave = .milliseconds(300)
        configuration.timings.migrate = .milliseconds(300)
        configuration.timings.volumeCreate = .milliseconds(200)
        configuration.timings.volumeDelete = .milliseconds(200)
        configuration.timings.volumeAttach = .milliseconds(200)
        configuration.timings.volumeDetach = .milliseconds(200)
        configuration.timings.floatingIPActivate = .milliseconds(200)
        configuration.timings.portActivate = .milliseconds(200)
        // Files the examples write (`keypair create` → ./NAME.pem) go to a directory of their own.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await CloudSimulator.withRunning(configuration: configuration) { simulator in
            for command in commands {
                let result = try await StratusBinary.run(command, environment: ["STRATUS_SIMULATOR_URL": simulator.baseURL],
                                                         directory: directory.path)
                #expect(result.status == 0, "stratus \(command.joined(separator: " ")) → \(result.status)\n\(result.stderr)")
                if result.status != 0 { return }
            }
        }
    }
}
