import Dispatch
import Foundation
import StratusConsole

/// Shows tracked operations until they end — or until Ctrl-C, which stops watching (nothing is
/// deleted) and says what was left running — then prints one result record per operation.
enum WaitRunner {
    /// The ending of every command that starts background work: with `--wait`, follow it; without,
    /// print the starting calls' answers and exit.
    static func finish(_ operations: [TrackedOperation], waiting: WaitOptions, output: OutputOptions) async -> ExitStatus {
        guard waiting.wait else { return printStarted(operations, output: output) }
        return await run(operations, output: output, timeout: waiting.duration)
    }

    static func run(_ operations: [TrackedOperation], output: OutputOptions, timeout: Duration) async -> ExitStatus {
        let display = ProgressDisplay(mode: ProgressDisplay.automatic(quiet: output.quiet)) { Console.err($0) }
        let interrupt = InterruptWatch { for operation in operations { operation.abandon() } }
        defer { interrupt.stop() }
        // The handles time out on their own (policy timeout); this is the backstop for the display.
        let backstop = Task {
            try await Task.sleep(for: timeout + .seconds(30))
            for operation in operations { operation.abandon() }
        }
        defer { backstop.cancel() }
        await display.run(operations)
        for operation in operations { await operation.wait() }
        let items = operations.map { $0.item() }
        let records = zip(operations, items).map { operation, item in operation.record.map { merge($0, item) } ?? record(item) }
        // A table stays narrow enough for a terminal; json/yaml carry every field.
        Console.out(output.format.render(output.format == .table ? records.map(compact) : records))
        let left = items.filter { $0.phase == .cancelled }
        if !left.isEmpty {
            Console.err("interrupted: stopped watching \(left.count) operation(s); they may still be changing in the cloud:\n")
            for item in left { Console.err("  \(item.label) \(item.resourceID ?? "(no id yet)") last seen \(item.status ?? "?")\n") }
        }
        return ExitStatus.combine(items.map { ExitStatus($0.phase) })
    }

    /// Without --wait: the starting calls' answers (ids), then exit.
    static func printStarted(_ tracked: [TrackedOperation], output: OutputOptions) -> ExitStatus {
        let items = tracked.map { $0.item() }
        let records = items.map { item in
            Record([("name", .string(item.label)), ("id", .optional(item.resourceID)),
                    ("status", .string(item.phase == .running ? "started" : item.statusText)), ("error", .optional(item.message))])
        }
        Console.out(output.format.render(records))
        return ExitStatus.combine(items.map { $0.phase == .running ? .success : ExitStatus($0.phase) })
    }

    /// The columns a person needs after a wait.
    static func compact(_ record: Record) -> Record {
        // A server given a floating IP shows it: the address is what a person came for.
        // A floating IP has an address where other resources have a name.
        let first = record["name"] == nil && record["address"] != nil ? "address" : "name"
        let columns = [first, "id", "status"] + (record["floating_ip"] == nil ? [] : ["floating_ip"])
            + ["attempts", "elapsed_seconds", "error"]
        return Record(columns.map { ($0, record[$0] ?? .null) })
    }

    /// The record of an operation that did not succeed (or succeeded without a result).
    static func record(_ item: ProgressItem) -> Record {
        Record([
            ("name", .string(item.label)), ("id", .optional(item.resourceID)), ("status", .string(item.statusText)),
            ("attempts", .int(item.attempt)), ("elapsed_seconds", .int(Int(item.elapsed.components.seconds))),
            ("error", .optional(item.message)),
        ])
    }

    /// A success's own record plus attempts and elapsed time.
    static func merge(_ record: Record, _ item: ProgressItem) -> Record {
        var merged = record
        let extra: [(name: String, value: Record.Value)] = [
            ("attempts", .int(item.attempt)), ("elapsed_seconds", .int(Int(item.elapsed.components.seconds))), ("error", .null),
        ]
        merged.fields += extra
        return merged
    }
}

/// Ctrl-C while waiting: the first one calls `onInterrupt` (the command then ends normally and
/// reports), a second one exits at once.
final class InterruptWatch: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private var count = 0

    init(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            count += 1
            if count > 1 { exit(ExitStatus.interrupted.rawValue) }
            Console.err("\ninterrupt: stopping (Ctrl-C again to quit at once)\n")
            onInterrupt()
        }
        source.resume()
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
