import AsyncHTTPClient
import Foundation
import Logging
import StratusSimulator

/// A running simulator plus an HTTP client, with helpers to authenticate and call the APIs.
struct TestCloud: Sendable {
    let simulator: CloudSimulator

    var base: String { simulator.baseURL }

    /// Runs `body` against a fresh simulator on port 0 (fast timings and a fixed seed by default).
    static func with<T: Sendable>(
        timings: SimulatorTimings = .fast,
        faults: FaultInjection = .none,
        configure: (inout SimulatorConfiguration) -> Void = { _ in },
        _ body: (TestCloud) async throws -> T
    ) async throws -> T {
        var configuration = SimulatorConfiguration()
        configuration.timings = timings
        configuration.faults = faults
        configuration.seed = 7
        configure(&configuration)
        var logger = Logger(label: "stratus.simulator.tests")
        logger.logLevel = .warning
        return try await CloudSimulator.withRunning(configuration: configuration, logger: logger) { simulator in
            try await body(TestCloud(simulator: simulator))
        }
    }

    /// Sends a request. `path` is relative to the simulator root; a JSON `body` is encoded.
    func send(
        _ method: String, _ path: String, token: String? = nil, headers: [String: String] = [:],
        json: Any? = nil, bytes: [UInt8]? = nil, timeout: Duration = .seconds(10)
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "X-Auth-Token", value: token) }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(Array(data))
        } else if let bytes {
            request.body = .bytes(bytes)
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        var collected: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            collected[key] = collected[key].map { $0 + ", " + value } ?? value
        }
        return TestResponse(status: Int(response.status.code), headers: collected, body: Array(buffer.readableBytesView))
    }

    /// A project-scoped token for `user` (password `secret`).
    func token(_ user: String = "demo") async throws -> String {
        let response = try await send("POST", "/identity/v3/auth/tokens", json: Self.passwordAuth(user: user, project: user))
        guard response.status == 201, let token = response.header("x-subject-token") else {
            throw TestFailure("authentication of \(user) failed: \(response.status) \(response.text)")
        }
        return token
    }

    /// The id of `user`'s project, read from a token.
    func projectID(_ user: String = "demo") async throws -> String {
        let response = try await send("POST", "/identity/v3/auth/tokens", json: Self.passwordAuth(user: user, project: user))
        guard let id = response.json?["token"]?["project"]?["id"]?.string else {
            throw TestFailure("no project in token of \(user)")
        }
        return id
    }

    /// A Keystone password-auth body scoped to `project` (nil: unscoped).
    static func passwordAuth(user: String, password: String = "secret", project: String?) -> [String: Any] {
        var auth: [String: Any] = [
            "identity": [
                "methods": ["password"],
                "password": ["user": ["name": user, "domain": ["name": "Default"], "password": password]],
            ]
        ]
        if let project {
            auth["scope"] = ["project": ["name": project, "domain": ["name": "Default"]]]
        }
        return ["auth": auth]
    }

    /// Compute API call at `microversion`.
    func nova(
        _ method: String, _ path: String, token: String, microversion: String = "2.96", json: Any? = nil
    ) async throws -> TestResponse {
        try await send(
            method, "/compute/v2.1" + path, token: token,
            headers: ["OpenStack-API-Version": "compute \(microversion)"], json: json)
    }

    /// Block Storage API call (project-scoped URL) at microversion 3.71.
    /// Repeats `request` until it answers 404 (a delete has finished), up to 20 s; returns that answer.
    func untilNotFound(_ request: () async throws -> TestResponse) async throws -> TestResponse {
        let deadline = ContinuousClock.now + .seconds(20)
        var last = try await request()
        while last.status != 404, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            last = try await request()
        }
        return last
    }

    func cinder(_ method: String, _ path: String, token: String, projectID: String, json: Any? = nil) async throws -> TestResponse {
        try await send(
            method, "/volume/v3/\(projectID)" + path, token: token, headers: ["OpenStack-API-Version": "volume 3.71"],
            json: json)
    }

    /// Image API call.
    func glance(_ method: String, _ path: String, token: String, json: Any? = nil, headers: [String: String] = [:]) async throws -> TestResponse {
        try await send(method, "/image/v2" + path, token: token, headers: headers, json: json)
    }

    /// Creates a server (m1.tiny, CirrOS, no network) and returns its id.
    func createServer(
        token: String, name: String = "test-server", tags: [String]? = nil, metadata: [String: String] = [:]
    ) async throws -> String {
        var server: [String: Any] = [
            "name": name, "imageRef": "155d900f-4e14-4e4c-a73d-069cbf4541e6", "flavorRef": "1", "networks": "none",
            "metadata": metadata,
        ]
        if let tags { server["tags"] = tags }
        let response = try await nova("POST", "/servers", token: token, json: ["server": server])
        guard response.status == 202, let id = response.json?["server"]?["id"]?.string else {
            throw TestFailure("server create failed: \(response.status) \(response.text)")
        }
        return id
    }

    /// Polls `GET path` until `field` (a key path of names) equals `expected`; returns the last body.
    @discardableResult
    func waitFor(
        _ expected: String, at keyPath: [String], poll: () async throws -> TestResponse,
        timeout: Duration = .seconds(20)
    ) async throws -> JSONNode {
        let deadline = ContinuousClock.now + timeout
        var last: String?
        while ContinuousClock.now < deadline {
            let response = try await poll()
            var node = response.json
            for key in keyPath { node = node?[key] }
            last = node?.string
            if last == expected, let body = response.json { return body }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("\(keyPath.joined(separator: ".")) never became \(expected); last \(last ?? "nil")")
    }

    /// Waits until the server reaches `status`.
    @discardableResult
    func waitForServer(_ id: String, status: String, token: String) async throws -> JSONNode {
        try await waitFor(status, at: ["server", "status"]) { try await nova("GET", "/servers/\(id)", token: token) }
    }

    /// Waits until the volume reaches `status`.
    @discardableResult
    func waitForVolume(_ id: String, status: String, token: String, projectID: String) async throws -> JSONNode {
        try await waitFor(status, at: ["volume", "status"]) {
            try await cinder("GET", "/volumes/\(id)", token: token, projectID: projectID)
        }
    }
}

/// A failed test precondition.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
