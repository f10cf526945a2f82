import Dispatch
import Foundation
import GRDB
@testable import StratusJobs
import Synchronization
import Testing

@Suite("SQLiteHotReader")
struct SQLiteHotReaderTests {
    static func database() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hot-\(UUID().uuidString).sqlite").path
        let writer = try DatabaseQueue(path: path)
        try writer.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER NOT NULL)")
            for n in 1...100 { try db.execute(sql: "INSERT INTO t (n) VALUES (?)", arguments: [n]) }
        }
        return path
    }

    @Test("while one read holds a connection, a read on another thread proceeds on the second")
    func secondConnectionIsFree() throws {
        let path = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try SQLiteHotReader(path: path, busyTimeout: .seconds(1), connections: 2)
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holderDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? reader.read { db -> Int in
                holding.signal()
                release.wait()
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM t")!
            }
            holderDone.signal()
        }
        holding.wait()
        let second = DispatchSemaphore(value: 0)
        let answer = Mutex<Int?>(nil)
        Thread.detachNewThread {
            let sum = try? reader.read { db in try Int.fetchOne(db, sql: "SELECT sum(n) FROM t") }
            answer.withLock { $0 = sum ?? nil }
            second.signal()
        }
        let finished = second.wait(timeout: .now() + 10) == .success
        release.signal()
        holderDone.wait()
        #expect(finished, "the second read waited for the first connection")
        #expect(answer.withLock { $0 } == 5050)
    }

    @Test("8 threads × 500 reads on 2 connections: every answer right, none lost")
    func manyThreads() throws {
        let path = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try SQLiteHotReader(path: path, busyTimeout: .seconds(5), connections: 2)
        let wrong = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<500 {
                let limit = (thread * 500 + index) % 100 + 1
                let value = try? reader.read { db in
                    try Int.fetchOne(db, sql: "SELECT sum(n) FROM (SELECT n FROM t ORDER BY n LIMIT ?)", arguments: [limit])
                }
                if value != limit * (limit + 1) / 2 { wrong.add(1, ordering: .relaxed) }
                done.add(1, ordering: .relaxed)
            }
        }
        #expect(done.load(ordering: .relaxed) == 4_000)
        #expect(wrong.load(ordering: .relaxed) == 0)
    }
}
