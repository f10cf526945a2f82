import ArgumentParser
import Foundation
import Logging
import StratusConsole

/// How a command picks its cloud, exactly as openstackclient users expect: `--os-cloud NAME`,
/// else `OS_CLOUD`, else the `OS_*` variables; `--simulator` uses the built-in one.
struct CloudOptions: ParsableArguments {
    @Option(name: .customLong("os-cloud"), help: "A cloud from clouds.yaml (else OS_CLOUD, else OS_AUTH_URL and the other OS_* variables).")
    var osCloud: String?

    @Flag(help: "Use the built-in simulator: the one `stratus simulator` runs (--simulator-url), or else one started for this command only.")
    var simulator = false

    @Option(help: "Where `stratus simulator` listens (env STRATUS_SIMULATOR_URL).")
    var simulatorURL = ProcessInfo.processInfo.environment["STRATUS_SIMULATOR_URL"] ?? "http://127.0.0.1:8780"

    @Option(help: "Log level (stderr): trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Result format: table (for people), json or yaml (stable, for scripts).")
    var format: OutputFormat = .table

    @Flag(help: "No progress display, only the results.")
    var quiet = false
}

/// `--wait`, `--timeout` for commands that start background work.
struct WaitOptions: ParsableArguments {
    @Flag(help: "Wait until the work has finished, showing live progress.")
    var wait = false

    @Option(help: "Seconds to wait before giving up (exit code 2).")
    var timeout: Int = 600

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
    }

    var duration: Duration { .seconds(timeout) }
}
