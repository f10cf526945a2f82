import AsyncHTTPClient
import Foundation
import NIOCore

/// Calls an action API with signed requests — for tests, the CLI and your own tools.
///
/// ```swift
/// let api = ActionClient(baseURL: "http://127.0.0.1:8080", accessKeyID: key, secret: secret)
/// let answer = try await api.call("DescribeJobs", ["Limit": 10])
/// ```
public struct ActionClient: Sendable {
    public let baseURL: String
    public let accessKeyID: String
    private let secret: String
    private let httpClient: HTTPClient

    public init(baseURL: String, accessKeyID: String, secret: String, httpClient: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.accessKeyID = accessKeyID
        self.secret = secret
        self.httpClient = httpClient
    }

    /// One answer: HTTP status, the parsed JSON object, and the raw bytes.
    public struct Answer: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var headers: [String: String]

        public init(status: Int, body: [UInt8], headers: [String: String]) {
            self.status = status
            self.body = body
            self.headers = headers
        }

        /// The `code` field: 0 on success.
        public var code: Int { (json?["code"] as? Int) ?? -1 }
        public var message: String? { json?["message"] as? String }
        public var contextID: String? { json?["contextId"] as? String }
        /// The body parsed as a JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
        /// `data` decoded as `T`.
        public func data<T: Decodable>(as type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(DataWrapper<T>.self, from: Data(body)).data
        }
    }

    /// Calls `action` with `params` (merged into the body beside `action`).
    public func call(_ action: String, _ params: [String: Any] = [:], idempotencyKey: String? = nil) async throws -> Answer {
        var object = params
        object["action"] = action
        let body = Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
        return try await send(body: body, idempotencyKey: idempotencyKey)
    }

    /// Sends raw body bytes, signed (for tests that send malformed bodies).
    public func send(
        body: [UInt8], idempotencyKey: String? = nil, signed: Bool = true, contentType: String = "application/json",
        extraHeaders: [(String, String)] = []
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + "/")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        if signed {
            for (name, value) in RequestSignature.headers(accessKeyID: accessKeyID, secret: secret, body: body) {
                request.headers.add(name: name, value: value)
            }
        }
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        for (name, value) in extraHeaders { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await httpClient.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), body: Array(bytes.readableBytesView), headers: headers)
    }
}

/// `{"data": …}` around a value.
private struct DataWrapper<T: Decodable>: Decodable { var data: T }
