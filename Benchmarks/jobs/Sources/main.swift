// Job-queue benchmark: no-op jobs, enqueue then drain, and start latency on an idle queue.
//
//   stratus-bench-jobs sqlite [--jobs N]
//   stratus-bench-jobs postgres URL [--jobs N] [--processes P]
//   stratus-bench-jobs pg-worker URL          (a child process of the multi-process run)
//
// Prints one JSON object per measurement on stdout; Benchmarks/jobs/run.sh makes a table.
import Foundation
import StratusJobs

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let jobCount = Int(option("--jobs") ?? "100000") ?? 100_000

switch arguments.first {
case "sqlite":
    let directory = NSTemporaryDirectory() + "stratus-bench-jobs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (label, mode) in [("densefog cadence (pick 10 every 2 s)", BenchMode.densefog), ("stratus", .stratus)] {
        let store = try SQLiteJobStore(path: directory + "/\(mode).sqlite")
        try await store.migrate()
        let count = mode == .densefog ? 60 : jobCount
        try await Bench.report(try await Bench.drain(store: store, jobs: count, mode: mode), store: "sqlite", label: label)
    }
    let store = try SQLiteJobStore(path: directory + "/latency.sqlite")
    try await store.migrate()
    try await Bench.report(try await Bench.idleLatency(store: store, samples: 500), store: "sqlite", label: "idle start latency")
case "postgres":
    guard arguments.count > 1 else { fatalError("postgres needs a URL") }
    try await PostgresBench.run(url: arguments[1], jobs: jobCount, processes: Int(option("--processes") ?? "1") ?? 1)
case "pg-worker":
    guard arguments.count > 1 else { fatalError("pg-worker needs a URL") }
    try await PostgresBench.worker(url: arguments[1])
default:
    FileHandle.standardError.write(Data("usage: stratus-bench-jobs sqlite|postgres URL [--jobs N] [--processes P]\n".utf8))
    exit(2)
}
