import Foundation

/// The suite's report: one table per scenario, printed and appended to
/// `$TMPDIR/stratus-reliability-report.md` (docs/reliability.md holds the last CI run's copy).
enum Report {
    static let path = NSTemporaryDirectory() + "stratus-reliability-report.md"

    static func scenario(_ title: String, _ rows: [(String, String)], notes: String? = nil) {
        var text = "\n### \(title)\n\n| count | value |\n|---|---|\n"
        for (name, value) in rows { text += "| \(name) | \(value) |\n" }
        if let notes { text += "\n\(notes)\n" }
        print(text)
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: Data(("# Stratus reliability report\n" + text).utf8))
        }
    }
}

/// Whether the suite runs: it drives real processes for minutes, so `swift test` skips it and
/// the README's test command runs it on its own with `STRATUS_SYSTEM_TESTS=1`.
enum Reliability {
    static var enabled: Bool { ProcessInfo.processInfo.environment["STRATUS_SYSTEM_TESTS"] == "1" }

    /// The soak factor: `STRATUS_SOAK=N` runs N times the creates and N times the kill rounds
    /// (CI runs 1, bounded to a few minutes; people run `STRATUS_SOAK=10` for an hour or so).
    static var soak: Int { max(1, Int(ProcessInfo.processInfo.environment["STRATUS_SOAK"] ?? "") ?? 1) }
}
