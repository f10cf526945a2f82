import Foundation
import StratusSimulator
import StratusTesting
import Testing

/// A real terminal: tmux runs `stratus server create --count 20 --wait` and the test reads the
/// screen while it runs — the live progress a person sees, not a log.
@Suite("stratus CLI in a terminal (tmux)", .enabled(if: StratusBinary.systemTests, StratusBinary.skipReason))
struct CLITerminalTests {
    static var tmux: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("--count 20 --wait draws one aggregate bar, redrawn in place, ending at 20/20 done",
          .enabled(if: tmux != nil, "tmux is not installed (.ci/run installs it)"))
    func liveProgress() async throws {
        let tmux = try #require(Self.tmux)
        let binary = try #require(StratusBinary.path)
        var configuration = SimulatorConfiguration()
        configuration.timings.serverBuild = .seconds(3)
        configuration.faults.buildErrorRate = 0
        try await CloudSimulator.withRunning(configuration: configuration) { simulator in
            let session = "stratus-cli-\(UUID().uuidString.prefix(8))"
            let command = "\(binary) server create web --image cirros-0.6.2-x86_64-disk --flavor m1.tiny --network none "
                + "--count 20 --wait --simulator --simulator-url \(simulator.baseURL); echo EXIT=$?; sleep 30"
            try await Shell.run(tmux, ["new-session", "-d", "-s", session, "-x", "160", "-y", "50", command])
            defer { Task { _ = try? await Shell.run(tmux, ["kill-session", "-t", session]) } }
            var frames: [String] = []
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                let screen = try await Shell.run(tmux, ["capture-pane", "-p", "-t", session])
                if frames.last != screen { frames.append(screen) }
                if screen.contains("EXIT=") { break }
                try await Task.sleep(for: .milliseconds(150))
            }
            let last = try #require(frames.last)
            // Kept for people (and the closing note): every distinct screen, in order.
            let capture = FileManager.default.temporaryDirectory.appendingPathComponent("stratus-cli-tmux-frames.txt").path
            try? frames.joined(separator: "\n----- frame -----\n").write(toFile: capture, atomically: true, encoding: .utf8)
            #expect(last.contains("EXIT=0"), "final screen:\n\(last)")
            #expect(last.contains("[" + String(repeating: "#", count: 30) + "] 20/20 done"), "final screen:\n\(last)")
            // While building, the bar was on screen with servers still in BUILD.
            #expect(frames.contains { $0.contains("/20 done") && $0.contains("BUILD") }, "no in-progress frame captured")
            // Redrawn in place: never two bars on one screen.
            #expect(frames.allSatisfy { $0.components(separatedBy: "/20 done").count <= 2 })
            // The table of results follows the bar.
            #expect(last.contains("NAME") && last.contains("web-20"))
        }
    }
}

/// Runs a short command and returns its stdout.
enum Shell {
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let child = try ChildProcess(executable, arguments, environment: ProcessInfo.processInfo.environment)
        let status = await child.wait()
        await child.drain()
        let text = child.output + child.errorOutput
        guard status == 0 else { throw ShellError(description: "\(executable) \(arguments.joined(separator: " ")): \(text)") }
        return text
    }

    struct ShellError: Error, CustomStringConvertible { var description: String }
}
