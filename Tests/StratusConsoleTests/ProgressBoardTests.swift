import Foundation
import StratusConsole
import Testing

@Suite("Progress display")
struct ProgressBoardTests {
    @Test("one line per resource: status, elapsed, attempt, id, and the fault the moment it fails")
    func detailLines() {
        let board = ProgressBoard(width: 200)
        let lines = board.lines([
            ProgressItem(label: "web-1", resourceID: "a1", status: "BUILD/spawning", attempt: 1, maxAttempts: 3,
                         elapsed: .milliseconds(4200)),
            ProgressItem(label: "web-2", resourceID: "b2", status: "ERROR", attempt: 3, maxAttempts: 3, elapsed: .seconds(65),
                         phase: .failed("No valid host was found.")),
            ProgressItem(label: "web-3", resourceID: "c3", status: "ACTIVE", elapsed: .seconds(9), phase: .succeeded),
        ], elapsed: .seconds(65))
        #expect(lines.count == 4, "a failed item's reason goes on a line of its own")
        #expect(lines[0].hasPrefix("… web-1"))
        #expect(lines[0].contains("BUILD/spawning") && lines[0].contains("4.2s") && lines[0].contains("attempt 1/3")
            && lines[0].contains("a1"))
        #expect(lines[1].hasPrefix("✘ web-2") && lines[1].contains("FAILED") && lines[1].contains("1m05s")
            && lines[1].contains("attempt 3/3") && lines[1].hasSuffix("b2"))
        #expect(lines[2] == "    ↳ No valid host was found.")
        #expect(lines[3].hasPrefix("✔ web-3") && lines[3].contains("ACTIVE") && !lines[3].contains("attempt"))
    }

    @Test("more than ten resources: one bar with counts by status, failures listed under it")
    func aggregate() {
        var items = (1...20).map { ProgressItem(label: "web-\($0)", status: "BUILD", elapsed: .seconds(3)) }
        for index in 0..<12 { items[index].phase = .succeeded; items[index].status = "ACTIVE" }
        items[12].phase = .failed("boom")
        items[13].attempt = 2
        items[13].maxAttempts = 3
        let lines = ProgressBoard(width: 120).lines(items, elapsed: .seconds(12))
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("[" + String(repeating: "#", count: 19) + String(repeating: "-", count: 11) + "]"))
        #expect(lines[0].contains("12/20 done, 1 failed, 7 BUILD (1 retrying)"))
        #expect(lines[0].hasSuffix("12.0s"))
        #expect(lines[1].hasPrefix("✘ web-13") && lines[1].hasSuffix("— boom"))
    }

    @Test("lines are cut to the terminal's width")
    func width() {
        let line = ProgressBoard(width: 40).line(ProgressItem(label: "x", status: "BUILD", phase: .failed(String(repeating: "f", count: 200))))
        #expect(line.count == 40)
        #expect(line.hasSuffix("…"))
    }

    @Test("plain mode prints a line per change and nothing when nothing changed")
    func log() {
        var log = ProgressLog()
        var item = ProgressItem(label: "web-1", resourceID: "a1", status: "BUILD", elapsed: .seconds(1))
        #expect(log.events([item]) == ["web-1 BUILD id=a1 elapsed=1.0s"])
        item.elapsed = .seconds(2)
        #expect(log.events([item]).isEmpty)
        item.attempt = 2
        #expect(log.events([item]) == ["web-1 BUILD id=a1 attempt=2 elapsed=2.0s"])
        item.phase = .failed("No valid host")
        #expect(log.events([item]) == ["web-1 FAILED id=a1 attempt=2 elapsed=2.0s reason=\"No valid host\""])
    }

    @Test("the terminal display redraws in place and ends when every operation has ended")
    func terminalRedraw() async throws {
        let collected = Collected()
        let tracked = [TrackedOperation(failedToStart: "web-1", message: "quota exceeded")]
        let display = ProgressDisplay(mode: .terminal(width: 80), interval: .milliseconds(10)) { collected.append($0) }
        await display.run(tracked)
        let text = collected.text
        #expect(text.contains("\r\u{1B}[2K✘ web-1"))
        #expect(text.contains("↳ quota exceeded"))
    }
}

/// Text written by a display, collected for the test.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [String] = []
    func append(_ text: String) { lock.lock(); chunks.append(text); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return chunks.joined() }
}
