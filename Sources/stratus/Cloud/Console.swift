import ArgumentParser
import Foundation
import Logging
import StratusConsole

/// Where the command line writes: results to stdout (scripts parse it), everything else —
/// progress, notes, errors — to stderr.
enum Console {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func note(_ text: String) { err("note: \(text)\n") }

    /// Runs a command body: a thrown error becomes one `error:` line (and a `hint:`) on stderr
    /// and its exit code; the body's own status becomes the exit code.
    static func run(logLevel: Logger.Level, _ body: () async throws -> ExitStatus) async throws {
        CommandLogging.bootstrap(level: logLevel)
        let status: ExitStatus
        do {
            status = try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            let human = HumanError.describe(error)
            err("error: \(human.message)\n")
            if let hint = human.hint { err("hint: \(hint)\n") }
            status = human.exit
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// Logging for the command line: to stderr, at the chosen level, once per process.
enum CommandLogging {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var level: Logger.Level?

    static func bootstrap(level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard Self.level == nil else { return }
        Self.level = level
        // One id per command run in every line, so the lines of one run can be told apart in a
        // shared log (the client adds each request's OpenStack request id beside it).
        let run = String(UUID().uuidString.prefix(8)).lowercased()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            handler.metadata["run"] = "\(run)"
            return handler
        }
    }

    static func logger(_ label: String) -> Logger { Logger(label: label) }
}
