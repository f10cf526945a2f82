import CMallocStats
import Foundation
import StratusOpenStack
import StratusOperations

/// `stratus-bench-operations handles N CLOUDS_YAML CLOUD`: N pending server-create handles tracked
/// by one monitor in this process, against a cloud whose builds never finish (run.sh starts
/// `stratus simulator --build-seconds 36000` in its own process, so the simulator's memory is not
/// counted here). Prints the resident-memory growth per handle and the cost of monitor ticks over
/// all of them.
func handlesBenchmark(count: Int, cloudsYAML: String, cloudName: String) async throws {
    do {
        let cloud = try CloudConfiguration.load(cloud: cloudName, cloudsYAML: try String(contentsOfFile: cloudsYAML, encoding: .utf8))
        let client = OpenStackClient(configuration: cloud)
        _ = try await client.compute.microversion()
        let monitor = OperationMonitor(client: client, configuration: MonitorConfiguration(requestsPerSecond: 2))
        try await Operations.withRunning(client: client, monitor: monitor) { ops in
            // Warm up allocators and connection pools before the baseline.
            var handles: [CloudOperation<Server>] = []
            handles.reserveCapacity(count)
            let spec = ServerCreateRequest(name: "handle", imageID: "155d900f-4e14-4e4c-a73d-069cbf4541e6", flavorID: "1",
                                           networks: .none)
            for _ in 0..<64 { handles.append(try await ops.servers.create(spec)) }
            let baseline = currentRSSKiB()
            let heapBaseline = stratus_heap_in_use()
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: [CloudOperation<Server>].self) { group in
                let workers = 32
                for worker in 0..<workers {
                    group.addTask {
                        var mine: [CloudOperation<Server>] = []
                        for _ in stride(from: worker, to: count, by: workers) {
                            mine.append(try await ops.servers.create(spec))
                        }
                        return mine
                    }
                }
                for try await batch in group { handles += batch }
            }
            let created = ContinuousClock.now - start
            while ops.monitor.pendingCount < handles.count { try await Task.sleep(for: .milliseconds(50)) }
            let ticksBefore = ops.monitor.stats.ticks
            let tickStart = ContinuousClock.now
            while ops.monitor.stats.ticks < ticksBefore + 3 { try await Task.sleep(for: .milliseconds(20)) }
            let threeTicks = ContinuousClock.now - tickStart
            let rss = currentRSSKiB()
            let perHandle = Double(rss - baseline) * 1024 / Double(handles.count - 64)
            // Live heap: what the handles hold once the ticks' transient memory (the list
            // answers, decoded) is freed — RSS keeps those pages, the heap counter does not.
            let heap = stratus_heap_in_use()
            let heapPerHandle = Double(Int(heap) - Int(heapBaseline)) / Double(handles.count - 64)
            let report: [String: Any] = [
                "handles": handles.count,
                "pending_in_monitor": ops.monitor.pendingCount,
                "rss_baseline_kib": baseline,
                "rss_with_handles_kib": rss,
                "bytes_per_handle": Int(perHandle.rounded()),
                "heap_bytes_per_handle": Int(heapPerHandle.rounded()),
                "heap_baseline_bytes": Int(heapBaseline),
                "heap_with_handles_bytes": Int(heap),
                "seconds_to_start_handles": Double(created.components.seconds) + Double(created.components.attoseconds) / 1e18,
                "seconds_for_3_ticks_incl_intervals": Double(threeTicks.components.seconds) + Double(threeTicks.components.attoseconds) / 1e18,
                "monitor_requests_total": ops.monitor.stats.requests,
            ]
            let data = try JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
            // For heap profilers (perf uprobes on malloc/free): end with every handle still live.
            if ProcessInfo.processInfo.environment["STRATUS_BENCH_EXIT_WITH_HANDLES"] != nil { exit(0) }
            for handle in handles { handle.cancel() }
        }
    }
}

/// Current resident set size from /proc/self/statm, in KiB.
func currentRSSKiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
}
