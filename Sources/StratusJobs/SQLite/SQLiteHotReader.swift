import Foundation
import GRDB

/// One read-only connection of its own for the hottest reads (a page of jobs, an access key),
/// run synchronously on the calling thread.
///
/// Why not `DatabasePool.read` synchronously: a synchronous read waits for one of the pool's
/// readers, and under load those can all be held by asynchronous reads whose release needs a
/// thread of Swift's cooperative pool — which the synchronous waiters are blocking (two threads
/// on a two-core machine). The reliability suite hit exactly that: the whole `serve` process
/// stalled under 16 connections of `DescribeJobs` while 1,000 creates ran. This connection is
/// used only by short synchronous reads that never suspend, so a waiter waits for nothing but
/// another such read; and it keeps what the synchronous path was for — no thread hop per read.
package final class SQLiteHotReader: Sendable {
    private let queue: DatabaseQueue

    /// Opens `path` read-only (the file must exist; WAL readers never wait for the writer).
    package init(path: String, busyTimeout: Duration) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(Double(JobTime.micros(busyTimeout)) / 1_000_000)
        configuration.label = "stratus.hot-reader"
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs `block` on the connection, on this thread.
    package func read<T>(_ block: (Database) throws -> T) throws -> T {
        try queue.readSync(block)
    }
}

extension DatabaseQueue {
    /// A synchronous read, callable from async code (which otherwise picks GRDB's async overload).
    func readSync<T>(_ block: (Database) throws -> T) throws -> T {
        try read(block)
    }
}
