import Foundation
import Testing

/// Every ```swift block of docs/*.md appears, line for line (indentation aside), in
/// DocSnippetsTests.swift — so an example that no longer compiles or runs fails the build.
@Suite("Documentation snippets are tested")
struct DocSnippetsCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func lines(_ text: some StringProtocol) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func swiftBlocks(_ text: String) -> [[String]] {
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if current != nil {
                    blocks.append(lines(current!.joined(separator: "\n")))
                    current = nil
                } else if line == "```swift" {
                    current = []
                }
                continue
            }
            current?.append(String(line))
        }
        return blocks
    }

    @Test("each Swift example in docs/ is a contiguous part of the snippet tests")
    func covered() throws {
        let tests = Self.lines(try String(contentsOf: Self.root.appendingPathComponent("Tests/DocSnippetsTests/DocSnippetsTests.swift"),
                                          encoding: .utf8))
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted()
        var blocks = 0
        for doc in docs {
            let text = try String(contentsOf: Self.root.appendingPathComponent("docs/\(doc)"), encoding: .utf8)
            for block in Self.swiftBlocks(text) {
                blocks += 1
                let found = (0...max(tests.count - block.count, 0)).contains { Array(tests[$0..<min($0 + block.count, tests.count)]) == block }
                #expect(found, "docs/\(doc): this example is not in DocSnippetsTests.swift:\n\(block.joined(separator: "\n"))")
            }
        }
        #expect(blocks >= 3)
    }
}
