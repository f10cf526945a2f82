import Foundation
import StratusJobs
import Synchronization

enum BenchMode: String, Sendable {
    /// densefog's loop: claim 10, run them, sleep 2 s.
    case densefog
    /// The JobWorker with batch-sized picks.
    case stratus
}

/// One measurement, printed as a JSON line.
struct Measurement: Codable {
    var store = ""
    var label = ""
    var jobs = 0
    var seconds = 0.0
    var jobsPerSecond = 0.0
    var latencyP50Milliseconds: Double?
    var latencyP99Milliseconds: Double?
    var peakRSSMiB = 0.0
    var processes = 1
}

enum Bench {
    /// Enqueues `jobs` no-op jobs, then drains them; the clock runs from the worker's start until
    /// the store says every job is finished (completions written, not just handled).
    static func drain(store: any JobStore, jobs: Int, mode: BenchMode) async throws -> Measurement {
        try await enqueueNoops(store, count: jobs)
        let started = ContinuousClock.now
        switch mode {
        case .densefog:
            try await densefogLoop(store: store, until: jobs)
        case .stratus:
            let handled = Atomic<Int>(0)
            let allHandled = JobWakeup()
            var handlers = JobHandlers()
            handlers.register("Noop", raw: { _ in
                if handled.add(1, ordering: .relaxed).newValue == jobs { allHandled.signal() }
                return nil
            })
            let worker = JobWorker(store: store, handlers: handlers, configuration: throughputConfiguration())
            try await withThrowingTaskGroup(of: Void.self) { group in
                let generation = allHandled.generation
                group.addTask { try await worker.run() }
                // Wait in-process (polling the store would compete with the worker), then
                // confirm from the store that every completion is written.
                while handled.load(ordering: .relaxed) < jobs {
                    await allHandled.wait(after: generation, timeout: .seconds(1))
                }
                try await waitUntilFinished(store, count: jobs)
                worker.stop()
                try await group.waitForAll()
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        return Measurement(jobs: jobs, seconds: seconds, jobsPerSecond: Double(jobs) / seconds, peakRSSMiB: peakRSSMiB())
    }

    /// Enqueue → handler start on an idle queue, one job at a time.
    static func idleLatency(store: any JobStore, samples: Int) async throws -> Measurement {
        let started = Mutex<[JobID: ContinuousClock.Instant]>([:])
        let latencies = Mutex<[Double]>([])
        let arrived = JobWakeup()
        var handlers = JobHandlers()
        handlers.register("Probe", raw: { context in
            let now = ContinuousClock.now
            if let enqueued = started.withLock({ $0[context.job.id] }) {
                latencies.withLock { $0.append((now - enqueued).seconds * 1000) }
            }
            arrived.signal()
            return nil
        })
        var configuration = JobWorkerConfiguration()
        configuration.pollInterval = .seconds(5)
        let worker = JobWorker(store: store, handlers: handlers, configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<samples {
                let generation = arrived.generation
                let job = NewJob(projectID: "bench", action: "Probe")
                started.withLock { $0[job.id] = ContinuousClock.now }
                _ = try await store.enqueue([job], now: Date())
                await arrived.wait(after: generation, timeout: .seconds(10))
                try await Task.sleep(for: .milliseconds(5))  // idle again
            }
            worker.stop()
            try await group.waitForAll()
        }
        let sorted = latencies.withLock { $0 }.sorted()
        return Measurement(
            jobs: sorted.count, latencyP50Milliseconds: percentile(sorted, 0.50),
            latencyP99Milliseconds: percentile(sorted, 0.99), peakRSSMiB: peakRSSMiB())
    }

    static func throughputConfiguration() -> JobWorkerConfiguration {
        var configuration = JobWorkerConfiguration()
        configuration.pickSize = 1000
        configuration.execSize = 2000
        configuration.pollInterval = .milliseconds(100)
        return configuration
    }

    static func enqueueNoops(_ store: any JobStore, count: Int) async throws {
        var remaining = count
        while remaining > 0 {
            let batch = min(remaining, 5000)
            _ = try await store.enqueue((0..<batch).map { _ in NewJob(projectID: "bench", action: "Noop") }, now: Date())
            remaining -= batch
        }
    }

    static func waitUntilFinished(_ store: any JobStore, count: Int) async throws {
        while try await store.counts()[.finished, default: 0] < count {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// densefog's worker on our store: every 2 s, claim up to 10 and run them.
    static func densefogLoop(store: any JobStore, until count: Int) async throws {
        var done = 0
        while done < count {
            let jobs = try await store.claim(limit: 10, owner: "densefog", lease: .seconds(600), now: Date())
            let completions = jobs.compactMap(\.lease).map { JobCompletion(lease: $0, outcome: .finished(result: nil)) }
            done += try await store.complete(completions, now: Date()).count
            if done < count { try await Task.sleep(for: .seconds(2)) }
        }
    }

    static func report(_ measurement: Measurement, store: String, label: String, processes: Int = 1) async throws {
        var measurement = measurement
        measurement.store = store
        measurement.label = label
        measurement.processes = processes
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(measurement), as: UTF8.self))
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    /// Peak resident memory of this process (VmHWM), in MiB.
    static func peakRSSMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return kilobytes / 1024
        }
        return 0
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
