import Foundation
import StratusTesting

/// Machines of their own on this one: network namespaces on a bridge, each with its own
/// address, so a "host" can be killed and the others must carry on over the network.
enum Netns {
    static let bridge = "stratusbr0"
    static let gateway = "10.231.0.1"
    static func name(_ index: Int) -> String { "stratus-h\(index)" }
    static func address(_ index: Int) -> String { "10.231.0.\(10 + index)" }

    /// Whether this machine lets us make namespaces (root, iproute2, the kernel allows it).
    static var available: Bool {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { return false }
        return runBlocking("ip netns add stratus-probe && ip netns del stratus-probe") == 0
    }

    /// Creates the bridge and `count` namespaces (removing leftovers of an earlier run first).
    static func setUp(count: Int) async throws {
        await tearDown(count: count)
        var script = ["ip link add \(bridge) type bridge", "ip addr add \(gateway)/16 dev \(bridge)", "ip link set \(bridge) up"]
        for index in 1...count {
            let ns = name(index)
            script += [
                "ip netns add \(ns)",
                "ip link add sv\(index)h type veth peer name sv\(index)n",
                "ip link set sv\(index)n netns \(ns)",
                "ip link set sv\(index)h master \(bridge)",
                "ip link set sv\(index)h up",
                "ip -n \(ns) addr add \(address(index))/16 dev sv\(index)n",
                "ip -n \(ns) link set sv\(index)n up",
                "ip -n \(ns) link set lo up",
                "ip -n \(ns) route add default via \(gateway)",
            ]
        }
        for line in script {
            if await run(line) != 0 { throw StackError("network namespaces: `\(line)` failed") }
        }
    }

    static func tearDown(count: Int) async {
        for index in 1...count { await run("ip netns del \(name(index)) 2>/dev/null") }
        await run("ip link del \(bridge) 2>/dev/null")
    }

    /// Runs `command` in `/bin/sh`; its exit status.
    @discardableResult
    static func run(_ command: String) async -> Int32 {
        guard let child = try? ChildProcess("/bin/sh", ["-c", command], environment: ProcessInfo.processInfo.environment) else {
            return -1
        }
        return await child.wait()
    }

    /// The same, blocking: for the suite's `.enabled(if:)` condition, evaluated outside async code.
    static func runBlocking(_ command: String) -> Int32 {
        guard let child = try? ChildProcess("/bin/sh", ["-c", command], environment: ProcessInfo.processInfo.environment) else {
            return -1
        }
        return child.waitBlocking()
    }
}

/// The restartable PostgreSQL of .ci/run, opened to the namespaces' network for one scenario
/// (listen address and pg_hba line added, then removed again).
struct SharedPostgres {
    let dataDirectory: String
    let restart: String

    init?(restartCommand: String?) {
        guard let restartCommand, let range = restartCommand.range(of: #"-D (\S+)"#, options: .regularExpression) else { return nil }
        dataDirectory = String(restartCommand[range].dropFirst(3))
        restart = restartCommand
    }

    private var marker: String { "# stratus-reliability-netns" }

    func open() async throws {
        let auto = dataDirectory + "/postgresql.auto.conf"
        let hba = dataDirectory + "/pg_hba.conf"
        let add = "listen_addresses = '127.0.0.1,\(Netns.gateway)' \(marker)\n"
        let rule = "host all all 10.231.0.0/16 scram-sha-256 \(marker)\n"
        try append(add, to: auto)
        try append(rule, to: hba)
        guard await Netns.run(restart + " >/dev/null") == 0 else { throw StackError("PostgreSQL did not restart with the namespace address") }
    }

    func close() async {
        for file in [dataDirectory + "/postgresql.auto.conf", dataDirectory + "/pg_hba.conf"] {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasSuffix(marker) }
                try? kept.joined(separator: "\n").write(toFile: file, atomically: false, encoding: .utf8)
            }
        }
        await Netns.run(restart + " >/dev/null")
    }

    private func append(_ line: String, to file: String) throws {
        guard let handle = FileHandle(forWritingAtPath: file) else { throw StackError("cannot write \(file)") }
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try handle.close()
    }
}
