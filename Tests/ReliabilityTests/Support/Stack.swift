import Foundation
import StratusService
import StratusTesting
import Testing

/// The whole system as separate processes, the way an operator runs it: `stratus simulator` (or
/// the real cloud), `stratus serve` (API + worker) and extra `stratus worker`s, sharing one
/// database — so the suite can kill any of them with SIGKILL.
final class Stack: @unchecked Sendable {
    /// The `stratus` binary next to the test bundle.
    static var binary: String? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let path = directory.appendingPathComponent("stratus").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// A cloud the gateway drives: a clouds.yaml file and a cloud name in it.
    struct Cloud: Sendable {
        var cloudsYAML: String
        var name: String
        /// The simulator's base URL (for `/_sim/*`), nil for the real cloud.
        var simulatorURL: String?
    }

    let directory: String
    let database: String
    let cloud: Cloud
    let publicPort: Int
    let managePort: Int
    private(set) var serve: ChildProcess?
    private(set) var workers: [ChildProcess] = []
    /// Every process this stack started, for the log scan.
    private(set) var everyProcess: [ChildProcess] = []

    init(directory: String, database: String? = nil, cloud: Cloud, simulator: ChildProcess? = nil) {
        self.directory = directory
        self.database = database ?? directory + "/stratus.sqlite"
        self.cloud = cloud
        self.publicPort = Self.freePort()
        self.managePort = Self.freePort()
        if let simulator { everyProcess.append(simulator) }
    }

    /// A scratch directory for one scenario.
    static func scratch(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "stratus-reliability-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Starts `stratus simulator` with `faults` (its command-line switches) on a free port.
    static func simulator(directory: String, arguments: [String]) async throws -> (Cloud, ChildProcess) {
        let binary = try #require(binary)
        let yaml = directory + "/simulator-clouds.yaml"
        let child = try ChildProcess(binary, ["simulator", "--port", "0", "--write-clouds-yaml", yaml, "--log-level", "warning"]
            + arguments, environment: ProcessInfo.processInfo.environment)
        guard await child.waitForOutput("Press Ctrl-C to stop.", timeout: .seconds(30)) else {
            throw StackError("the simulator did not start: \(child.errorOutput)")
        }
        let url = child.output.split(separator: "\n").first { $0.hasPrefix("Stratus simulator listening on ") }
            .map { String($0.dropFirst("Stratus simulator listening on ".count).split(separator: " ")[0]) }
        return (Cloud(cloudsYAML: yaml, name: "stratus-simulator", simulatorURL: url), child)
    }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["OS_CLIENT_CONFIG_FILE"] = cloud.cloudsYAML
        env.removeValue(forKey: "OS_CLOUD")
        return env
    }

    /// Starts (or restarts) `stratus serve` on the stack's ports and waits until it is ready.
    func startServe(extra: [String] = []) async throws {
        let binary = try #require(Self.binary)
        let child = try ChildProcess(binary, [
            "serve", "--state-dir", directory, "--database", database, "--os-cloud", cloud.name,
            "--public-port", "\(publicPort)", "--manage-port", "\(managePort)", "--metrics-port", "0", "--log-level", "info",
        ] + extra, environment: environment)
        everyProcess.append(child)
        serve = child
        guard await child.waitForOutput("Stratus gateway ready", timeout: .seconds(60)) else {
            throw StackError("serve did not start: \(child.output)\n\(child.errorOutput)")
        }
    }

    /// Starts one more `stratus worker` on the same database and cloud.
    func startWorker() throws {
        let binary = try #require(Self.binary)
        let child = try ChildProcess(binary, ["worker", "--database", database, "--os-cloud", cloud.name, "--metrics-port", "0", "--log-level", "info"],
                                     environment: environment)
        everyProcess.append(child)
        workers.append(child)
    }

    /// SIGKILL: no shutdown, no flush — what a power cut or the OOM killer does.
    func killServe() async {
        guard let serve else { return }
        serve.signal(SIGKILL)
        _ = await serve.wait()
        self.serve = nil
    }

    func killWorker(_ index: Int) async {
        workers[index].signal(SIGKILL)
        _ = await workers[index].wait()
    }

    func restartWorker(_ index: Int) throws {
        let binary = try #require(Self.binary)
        let child = try ChildProcess(binary, ["worker", "--database", database, "--os-cloud", cloud.name, "--metrics-port", "0", "--log-level", "info"],
                                     environment: environment)
        everyProcess.append(child)
        workers[index] = child
    }

    /// Stops everything (SIGTERM, then SIGKILL).
    func stop() async {
        for child in everyProcess { child.signal(SIGTERM) }
        for child in everyProcess {
            let waiter = Task { await child.wait() }
            let killer = Task { try await Task.sleep(for: .seconds(10)); child.signal(SIGKILL) }
            _ = await waiter.value
            killer.cancel()
        }
    }

    /// The manage API's client, from the key `serve` wrote on first start.
    func manageClient() throws -> ActionClient {
        let env = try String(contentsOfFile: directory + "/manage.env", encoding: .utf8)
        func value(_ name: String) throws -> String {
            let line = try #require(env.split(separator: "\n").first { $0.hasPrefix("export \(name)=") })
            return String(line.dropFirst("export \(name)=".count))
        }
        return ActionClient(baseURL: "http://127.0.0.1:\(managePort)", accessKeyID: try value("STRATUS_ACCESS_KEY_ID"),
                            secret: try value("STRATUS_SECRET_KEY"))
    }

    /// A project with a big quota and its public client; also returns the key's secret (for the
    /// log scan).
    func project(_ id: String, instances: Int = 5000) async throws -> (client: ActionClient, secret: String) {
        let manage = try manageClient()
        let created = try await manage.call("CreateProject", ["ProjectId": id])
        #expect(created.code == 0, "\(created.message ?? "")")
        let quota = try await manage.call("UpdateQuota", ["ProjectId": id, "Quotas": ["instance": ["Count": instances]]])
        #expect(quota.code == 0, "\(quota.message ?? "")")
        struct Key: Decodable { var AccessKeyId: String; var Secret: String }
        let key = try await manage.call("CreateAccessKey", ["ProjectId": id]).data(as: Key.self)
        return (ActionClient(baseURL: "http://127.0.0.1:\(publicPort)", accessKeyID: key.AccessKeyId, secret: key.Secret), key.Secret)
    }

    /// Every log line every process of this stack wrote.
    var allOutput: String { everyProcess.map { $0.output + $0.errorOutput }.joined(separator: "\n") }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct StackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A value behind a lock.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
