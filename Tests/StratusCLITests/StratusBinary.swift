import Foundation
import Testing

/// The built `stratus` executable, run as a user would run it.
enum StratusBinary {
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

    /// Runs `stratus arguments…` with `environment` added, at most `timeout`.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120),
                    signalAfter: (Duration, Int32)? = nil) async throws -> Result {
        let path = try #require(path, "the stratus binary is not built next to the test bundle")
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "120"
        for (key, value) in environment { env[key] = value }
        let (pid, stdoutData, stderrData) = try spawn(path, arguments, environment: env)
        let killer = Task {
            if let (delay, signal) = signalAfter {
                try await Task.sleep(for: delay)
                kill(pid, signal)
            }
            try await Task.sleep(for: timeout)
            kill(pid, SIGKILL)
        }
        let code = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: exitCode(pid)) }
        }
        killer.cancel()
        return Result(status: code, stdout: stdoutData.text(), stderr: stderrData.text())
    }

    /// Starts `path` with its stdout and stderr on pipes read in the background.
    static func spawn(_ path: String, _ arguments: [String], environment env: [String: String]) throws -> (pid_t, Reader, Reader) {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(.EMFILE) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        let stdoutData = Reader(FileHandle(fileDescriptor: outPipe[0], closeOnDealloc: true))
        let stderrData = Reader(FileHandle(fileDescriptor: errPipe[0], closeOnDealloc: true))
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        return (pid, stdoutData, stderrData)
    }

    /// Waits for a child and returns its exit code (128 + signal when killed).
    static func exitCode(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Reads a pipe to its end on its own thread (so a chatty child never blocks on a full pipe).
    final class Reader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func text() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
