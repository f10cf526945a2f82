/// Renders progress items as lines for a terminal: one line per item, or — for more than
/// ``detailLimit`` items — an aggregate bar with the failures listed under it.
///
/// Pure: the same items give the same lines, so tests check exactly what a person sees.
public struct ProgressBoard: Sendable {
    /// Above this many items the board shows a bar instead of one line each.
    public var detailLimit: Int
    /// Lines are cut to this many columns (the terminal's width).
    public var width: Int

    public init(detailLimit: Int = 10, width: Int = 100) {
        self.detailLimit = detailLimit
        self.width = max(width, 40)
    }

    /// The lines to show now.
    public func lines(_ items: [ProgressItem], elapsed: Duration) -> [String] {
        guard items.count > detailLimit else { return items.flatMap(detail) }
        return aggregate(items, elapsed: elapsed)
    }

    /// One item's line and, when the item failed, its reason on the line below — where a long
    /// fault message is not cut off by the id.
    public func detail(_ item: ProgressItem) -> [String] {
        let head = line(item, withMessage: false)
        guard let message = item.message else { return [head] }
        return [head, cut("    ↳ " + message)]
    }

    /// One item: `web-1  BUILD/spawning  12.3s  attempt 2/3  <id>` and, on failure, the reason.
    public func line(_ item: ProgressItem) -> String { line(item, withMessage: true) }

    func line(_ item: ProgressItem, withMessage: Bool) -> String {
        let mark: String
        switch item.phase {
        case .running: mark = "…"
        case .succeeded: mark = "✔"
        case .failed, .timedOut: mark = "✘"
        case .cancelled: mark = "!"
        }
        var text = "\(mark) \(pad(item.label, 18)) \(pad(item.statusText, 16)) \(pad(item.elapsed.shortText, 7))"
        if item.maxAttempts > 1 || item.attempt > 1 { text += " attempt \(item.attempt)/\(max(item.maxAttempts, item.attempt))" }
        if let id = item.resourceID { text += "  \(id)" }
        if withMessage, let message = item.message { text += "  — \(message)" }
        return cut(text)
    }

    func aggregate(_ items: [ProgressItem], elapsed: Duration) -> [String] {
        let done = items.filter { $0.phase == .succeeded }.count
        let failed = items.filter { if case .failed = $0.phase { return true } else { return false } }.count
        let timedOut = items.filter { if case .timedOut = $0.phase { return true } else { return false } }.count
        let running = items.filter { $0.phase == .running }
        let retrying = running.filter { $0.attempt > 1 }.count
        let barWidth = 30
        let filled = items.isEmpty ? 0 : (done + failed + timedOut) * barWidth / items.count
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        var counts: [String: Int] = [:]
        for item in running { counts[item.statusText, default: 0] += 1 }
        var summary = "[\(bar)] \(done)/\(items.count) done"
        if failed > 0 { summary += ", \(failed) failed" }
        if timedOut > 0 { summary += ", \(timedOut) timed out" }
        if !counts.isEmpty {
            summary += ", " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        if retrying > 0 { summary += " (\(retrying) retrying)" }
        summary += "  \(elapsed.shortText)"
        var lines = [cut(summary)]
        let problems = items.filter { $0.phase != .running && $0.phase != .succeeded }
        lines += problems.prefix(8).map(line)
        if problems.count > 8 { lines.append("  … and \(problems.count - 8) more") }
        return lines
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func cut(_ text: String) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}
