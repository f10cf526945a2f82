/// Progress for a pipe or a log file: one plain line per change (new status, new attempt, the
/// end), never a redraw.
public struct ProgressLog: Sendable {
    private var seen: [String: (status: String, attempt: Int, phase: ProgressItem.Phase)] = [:]

    public init() {}

    /// Lines for what changed since the previous call. Items are keyed by label.
    public mutating func events(_ items: [ProgressItem]) -> [String] {
        var lines: [String] = []
        for item in items {
            let before = seen[item.label]
            let now = (status: item.statusText, attempt: item.attempt, phase: item.phase)
            if let before, before.status == now.status, before.attempt == now.attempt, before.phase == now.phase { continue }
            seen[item.label] = now
            var line = "\(item.label) \(item.statusText)"
            if let id = item.resourceID { line += " id=\(id)" }
            if item.attempt > 1 { line += " attempt=\(item.attempt)" }
            line += " elapsed=\(item.elapsed.shortText)"
            if let message = item.message { line += " reason=\"\(message)\"" }
            lines.append(line)
        }
        return lines
    }
}
