import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process for tests that run real binaries (`stratus serve`, `stratus simulator`):
/// started with `posix_spawn`, its stdout and stderr collected in the background, ended with any
/// signal — `SIGKILL` included, which is the point of crash tests.
///
/// Foundation's `Process` is avoided on purpose: on Linux it reaps children itself, which races
/// with a test that wants the exact exit status of a process it killed.
public final class ChildProcess: @unchecked Sendable {
    /// The process id.
    public let pid: pid_t
    private let stdout: PipeReader
    private let stderr: PipeReader
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `path arguments…` with `environment` (the whole environment, not additions).
    public init(_ path: String, _ arguments: [String], environment: [String: String]) throws {
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
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        stdout = PipeReader(outPipe[0])
        stderr = PipeReader(errPipe[0])
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        self.pid = pid
    }

    /// Sends `signal` (no effect once the process has been waited for).
    public func signal(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if status == nil { kill(pid, signal) }
    }

    /// Waits for the process to end; its exit code, or 128 + the signal that ended it.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.waitBlocking()) }
        }
    }

    /// Like ``wait()``, blocking the calling thread: for short commands outside async code only
    /// (blocking a thread of Swift's cooperative pool can stall every task in the process).
    public func waitBlocking() -> Int32 {
        lock.lock()
        if let status { lock.unlock(); return status }
        lock.unlock()
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        let code: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        lock.lock()
        status = code
        lock.unlock()
        return code
    }

    /// Everything written to stdout so far.
    public var output: String { stdout.text }
    /// Everything written to stderr so far.
    public var errorOutput: String { stderr.text }

    /// Waits (at most `timeout`) until both pipes are closed — after the process ended, everything
    /// it wrote has then been read.
    public func drain(timeout: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + timeout
        while !(stdout.isClosed && stderr.isClosed), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Polls stdout and stderr until `text` appears; false after `timeout`.
    public func waitForOutput(_ text: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if output.contains(text) || errorOutput.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Reads a pipe until its end on its own thread, so a chatty child never blocks.
    final class PipeReader: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private var closed = false

        var isClosed: Bool {
            lock.lock()
            defer { lock.unlock() }
            return closed
        }

        init(_ fd: Int32) {
            Thread.detachNewThread { [self] in
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(fd, &buffer, buffer.count)
                    if count <= 0 { if count < 0 && errno == EINTR { continue }; break }
                    lock.lock()
                    data.append(contentsOf: buffer[0..<count])
                    lock.unlock()
                }
                close(fd)
                lock.lock()
                closed = true
                lock.unlock()
            }
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
