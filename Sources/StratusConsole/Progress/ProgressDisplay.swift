import Foundation

/// Shows tracked operations until they all end: a redrawn board on a terminal, plain event
/// lines otherwise (a pipe, a CI log), nothing at all when quiet.
public struct ProgressDisplay: Sendable {
    /// How progress is written.
    public enum Mode: Sendable, Hashable {
        /// Redraw the board in place (ANSI cursor movement).
        case terminal(width: Int)
        /// One line per change.
        case lines
        /// Nothing.
        case quiet
    }

    public var mode: Mode
    public var interval: Duration
    let write: @Sendable (String) -> Void

    /// `write` receives whole chunks of text (tests collect them; the CLI writes to stderr, so
    /// stdout keeps only the results a script parses).
    public init(mode: Mode, interval: Duration = .milliseconds(200), write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.interval = interval
        self.write = write
    }

    /// The mode for this process: a terminal board when stderr is a terminal, else lines.
    public static func automatic(quiet: Bool = false) -> Mode {
        if quiet { return .quiet }
        guard isatty(STDERR_FILENO) == 1 else { return .lines }
        return .terminal(width: Terminal.width())
    }

    /// Renders until every operation has ended (or the task is cancelled), then once more.
    public func run(_ operations: [TrackedOperation]) async {
        let start = ContinuousClock.now
        var log = ProgressLog()
        var drawn = 0
        let board: ProgressBoard
        if case .terminal(let width) = mode { board = ProgressBoard(width: width) } else { board = ProgressBoard() }
        while true {
            let now = ContinuousClock.now
            let items = operations.map { $0.item(now: now) }
            let finished = items.allSatisfy { $0.phase.isFinal }
            switch mode {
            case .terminal:
                let lines = board.lines(items, elapsed: now - start)
                var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
                for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
                // Clear lines left over from a longer previous frame.
                if drawn > lines.count {
                    for _ in lines.count..<drawn { text += "\r\u{1B}[2K\n" }
                    text += "\u{1B}[\(drawn - lines.count)A"
                }
                write(text)
                drawn = lines.count
            case .lines:
                let events = log.events(items)
                if !events.isEmpty { write(events.joined(separator: "\n") + "\n") }
            case .quiet:
                break
            }
            if finished || Task.isCancelled { return }
            try? await Task.sleep(for: interval)
        }
    }
}

/// The terminal the command runs in.
public enum Terminal {
    /// Columns of the terminal on stderr (COLUMNS, then the tty's size, then 100).
    public static func width() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }
}
