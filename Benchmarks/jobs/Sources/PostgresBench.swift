import Foundation
import StratusJobs
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// PostgreSQL runs: drain with 1 worker (in this process) or P worker processes, and idle start
/// latency. Each run uses a schema of its own.
enum PostgresBench {
    static func run(url: String, jobs: Int, processes: Int) async throws {
        let schemaURL = url + (url.contains("?") ? "&" : "?") + "schema=bench_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
        try await PostgresJobStore.withStore(url: schemaURL) { store in
            try await store.migrate()
            if processes <= 1 {
                try await Bench.report(try await Bench.drain(store: store, jobs: jobs, mode: .stratus), store: "postgres", label: "stratus")
                let latencyURL = url + (url.contains("?") ? "&" : "?") + "schema=bench_latency_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
                try await PostgresJobStore.withStore(url: latencyURL) { latencyStore in
                    try await latencyStore.migrate()
                    try await Bench.report(
                        try await Bench.idleLatency(store: latencyStore, samples: 500), store: "postgres", label: "idle start latency")
                }
            } else {
                try await Bench.report(
                    try await drainWithProcesses(store: store, url: schemaURL, jobs: jobs, processes: processes),
                    store: "postgres", label: "stratus", processes: processes)
            }
        }
    }

    /// Enqueues `jobs`, starts `processes` worker processes, and times until all are finished.
    static func drainWithProcesses(store: PostgresJobStore, url: String, jobs: Int, processes: Int) async throws -> Measurement {
        try await Bench.enqueueNoops(store, count: jobs)
        let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        let started = ContinuousClock.now
        var children: [Process] = []
        for _ in 0..<processes {
            let child = Process()
            child.executableURL = executable
            child.arguments = ["pg-worker", url]
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()
            children.append(child)
        }
        while try await store.counts()[.finished, default: 0] < jobs {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = (ContinuousClock.now - started).seconds
        let childPeak = children.map { peakRSSMiB(pid: $0.processIdentifier) }.max() ?? 0
        for child in children {
            kill(child.processIdentifier, SIGTERM)
            child.waitUntilExit()
        }
        return Measurement(jobs: jobs, seconds: seconds, jobsPerSecond: Double(jobs) / seconds, peakRSSMiB: childPeak, processes: processes)
    }

    /// A child: runs a worker with the no-op handler until SIGTERM.
    static func worker(url: String) async throws {
        signal(SIGTERM, SIG_DFL)
        var handlers = JobHandlers()
        handlers.register("Noop", raw: { _ in nil })
        try await PostgresJobStore.withStore(url: url) { store in
            let worker = JobWorker(store: store, handlers: handlers, configuration: Bench.throughputConfiguration())
            try await worker.run()
        }
    }

    static func peakRSSMiB(pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
        }
        return 0
    }
}
