import Foundation
import StratusTesting
import Testing

/// The built `stratus` executable, run as a user would run it.
///
/// These suites start dozens of processes; `swift test` skips them (so the parallel unit run
/// stays light and its timings honest) and the README's test command runs them on their own
/// with `STRATUS_SYSTEM_TESTS=1`.
enum StratusBinary {
    static var systemTests: Bool { ProcessInfo.processInfo.environment["STRATUS_SYSTEM_TESTS"] == "1" }
    static let skipReason: Comment = "process-level test: set STRATUS_SYSTEM_TESTS=1 (the README's test command does)"

    /// Next to the test bundle (`swift build --build-tests` and `swift test` build it).
    static var path: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("stratus").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// What one run printed and how it ended.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `stratus arguments…` with `environment` added, at most `timeout`, in `directory` (default:
    /// the test's own); `signalAfter` sends a signal (Ctrl-C is SIGINT) after a delay.
    static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                    timeout: Duration = .seconds(120),
                    signalAfter: (Duration, Int32)? = nil,
                    signalWhen: (condition: @Sendable (_ stderr: String) -> Bool, signal: Int32)? = nil) async throws -> Result {
        let path = try #require(path, "the stratus binary is not built next to the test bundle")
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "120"
        for (key, value) in environment { env[key] = value }
        // In another directory through the shell, which `exec`s: the pid signalled is still stratus's.
        let child = try directory.map { try ChildProcess("/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", $0, path] + arguments, environment: env) }
            ?? ChildProcess(path, arguments, environment: env)
        let killer = Task {
            if let (delay, signal) = signalAfter {
                try await Task.sleep(for: delay)
                child.signal(signal)
            }
            if let (condition, signal) = signalWhen {
                // Poll what the command has printed: a fixed delay races a slow start on a busy machine.
                let deadline = ContinuousClock.now + timeout
                while !condition(child.errorOutput), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
                child.signal(signal)
            }
            try await Task.sleep(for: timeout)
            child.signal(SIGKILL)
        }
        let code = await child.wait()
        killer.cancel()
        await child.drain()
        return Result(status: code, stdout: child.output, stderr: child.errorOutput)
    }
}
