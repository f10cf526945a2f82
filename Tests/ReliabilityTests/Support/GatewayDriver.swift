import AsyncHTTPClient
import Foundation
import NIOCore
import StratusOpenStack
import StratusService
import Testing

/// What a careful client of the gateway does: every mutating call carries an `Idempotency-Key`
/// and is retried with the same key when the answer is lost (the API process died, a 5xx) — so
/// a retry never creates twice.
struct GatewayDriver: Sendable {
    let client: ActionClient

    /// Calls `action` until an answer with a JSON code arrives (connection errors and 5xx are
    /// retried with the same idempotency key, for at most `patience`). Counts the retries.
    func call(_ action: String, _ params: [String: Any], key: String, patience: Duration = .seconds(120),
              retries: LockedBox<Int>? = nil) async throws -> ActionClient.Answer {
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                let answer = try await client.call(action, params, idempotencyKey: key)
                // 4105 on an idempotency key: the first request is still being handled (or its
                // process died holding it): ask again later.
                if answer.status < 500 && answer.code != 4105 { return answer }
            } catch {
                if ContinuousClock.now > deadline { throw error }
            }
            retries?.withLock { $0 += 1 }
            if ContinuousClock.now > deadline { throw StackError("\(action) with key \(key) never answered") }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    /// One gateway row.
    struct Row: Sendable {
        var id: String
        var status: String
        var providerID: String?
        var error: String?
    }

    /// Every instance row of the project (all pages), deleted ones excluded.
    func instances() async throws -> [Row] {
        var rows: [Row] = []
        var offset = 0
        while true {
            let answer: ActionClient.Answer
            do {
                answer = try await client.call("DescribeInstances", ["Limit": 1000, "Offset": offset])
            } catch {
                throw StackError("DescribeInstances (offset \(offset)) failed: \(error)")
            }
            let data = (answer.json?["data"] as? [String: Any]) ?? [:]
            let items = (data["Items"] as? [[String: Any]]) ?? []
            for item in items {
                rows.append(Row(id: item["Id"] as? String ?? "", status: item["Status"] as? String ?? "",
                                providerID: item["ProviderId"] as? String,
                                error: (item["Attributes"] as? [String: String])?["error"]))
            }
            offset += items.count
            if items.isEmpty || offset >= (data["Total"] as? Int ?? 0) { return rows }
        }
    }

    /// Waits until no instance is `creating` (or `terminating`); returns the rows.
    func settle(timeout: Duration) async throws -> [Row] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let rows = try await instances()
            if rows.allSatisfy({ !$0.status.hasSuffix("ing") }) || ContinuousClock.now > deadline { return rows }
            try await Task.sleep(for: .seconds(1))
        }
    }
}

/// The cloud's side of the count: servers, grouped by the client token Stratus put on them.
enum CloudCensus {
    struct Result: Sendable {
        var servers: [Server]
        /// Tokens carried by more than one live server.
        var duplicateTokens: Int
        /// Gateway instances with more than one live server.
        var duplicateInstances: Int
        /// Live servers no gateway row points at.
        var orphans: [String]
    }

    /// Lists the live servers the gateway made for `project` (through the same clouds.yaml; the
    /// gateway tags each with `stratus_project` and `stratus_instance` metadata) and compares
    /// them with the gateway's `rows`.
    static func count(cloud: Stack.Cloud, project: String, rows: [GatewayDriver.Row]) async throws -> Result {
        let configuration = try CloudConfiguration.load(
            cloud: cloud.name, environment: ["OS_CLIENT_CONFIG_FILE": cloud.cloudsYAML, "HOME": NSHomeDirectory()])
        let client = OpenStackClient(configuration: configuration)
        let servers = try await client.compute.servers()
            .filter { $0.metadata["stratus_project"] == project && $0.status != .deleted && $0.taskState != "deleting" }
        var byToken: [String: Int] = [:]
        var byInstance: [String: Int] = [:]
        for server in servers {
            if let token = server.metadata["stratus_token"] { byToken[token, default: 0] += 1 }
            if let instance = server.metadata["stratus_instance"] { byInstance[instance, default: 0] += 1 }
        }
        let known = Set(rows.compactMap(\.providerID))
        return Result(servers: servers, duplicateTokens: byToken.values.filter { $0 > 1 }.count,
                      duplicateInstances: byInstance.values.filter { $0 > 1 }.count,
                      orphans: servers.map(\.id).filter { !known.contains($0) })
    }

    /// Switches the simulator's faults off (so the census itself is not faulted).
    static func calmSimulator(_ url: String) async throws {
        var request = HTTPClientRequest(url: url + "/_sim/faults")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{}"))
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
    }

    /// The simulator's request counters: total requests.
    static func simulatorRequests(_ url: String) async throws -> Int {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/_sim/stats"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 22)
        let json = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return json?["total"] as? Int ?? -1
    }
}
