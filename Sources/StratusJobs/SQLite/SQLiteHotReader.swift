import Foundation
import GRDB
import Synchronization

/// Read-only connections of their own for the hottest reads (a page of jobs, an access key),
/// run synchronously on the calling thread.
///
/// Why not `DatabasePool.read` synchronously: a synchronous read waits for one of the pool's
/// readers, and under load those can all be held by asynchronous reads whose release needs a
/// thread of Swift's cooperative pool — which the synchronous waiters are blocking (two threads
/// on a two-core machine). The reliability suite hit exactly that: the whole `serve` process
/// stalled under 16 connections of `DescribeJobs` while 1,000 creates ran. These connections
/// are used only by short synchronous reads that never suspend, so a waiter waits for nothing but
/// another such read; and it keeps what the synchronous path was for — no thread hop per read.
package final class SQLiteHotReader: Sendable {
    private let connections: [DatabaseQueue]
    /// Bit `i` set while connection `i` is in use.
    private let inUse = Mutex<UInt64>(0)

    /// Opens `path` read-only (the file must exist; WAL readers never wait for the writer), with
    /// one connection per core: with a single one, the second core's reads queued behind the
    /// first's (a futex wait and two context switches each — 8% of `DescribeJobs`' profile).
    /// At most 16 by default: each connection keeps a page cache of its own.
    package init(path: String, busyTimeout: Duration,
                 connections count: Int = min(ProcessInfo.processInfo.activeProcessorCount, 16)) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Double(JobTime.micros(busyTimeout)) / 1_000_000)
        configuration.label = "stratus.hot-reader"
        connections = try (0..<min(max(count, 1), 64)).map { _ in try DatabaseQueue(path: path, configuration: configuration) }
    }

    /// Runs `block` on a free connection, on this thread; when all are busy, waits for one.
    package func read<T>(_ block: (Database) throws -> T) throws -> T {
        let free = inUse.withLock { bits -> Int? in
            let available = ~bits & (connections.count == 64 ? ~0 : (1 << UInt64(connections.count)) - 1)
            guard available != 0 else { return nil }
            let index = available.trailingZeroBitCount
            bits |= 1 << UInt64(index)
            return index
        }
        guard let free else {
            // Every connection busy (more threads than cores): queue behind one; each holder runs
            // a short read that never suspends, so this wait is short and cannot deadlock.
            return try connections[Int.random(in: 0..<connections.count)].readSync(block)
        }
        defer { inUse.withLock { $0 &= ~(1 << UInt64(free)) } }
        return try connections[free].readSync(block)
    }
}

extension DatabaseQueue {
    /// A synchronous read, callable from async code (which otherwise picks GRDB's async overload).
    func readSync<T>(_ block: (Database) throws -> T) throws -> T {
        try read(block)
    }
}
