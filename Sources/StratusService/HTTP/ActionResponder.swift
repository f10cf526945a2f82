import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import StratusJobs

/// Serves one action API: `POST /` with a signed JSON body naming an `action`.
///
/// Order of checks, each answered with densefog's codes: body size and JSON (4100) → signature
/// and key scope (4101 / 4601) → action name (4106) → `Idempotency-Key` (replay, 4105 while the
/// first is running, 4109 for a different body) → the handler's own checks. Every answer is a
/// JSON object with `code`, `action`, `contextId`, and `data` or `message`.
public struct ActionResponder: HTTPResponder {
    public typealias Context = BasicRequestContext

    public let api: APIKind
    let routes: ActionRouter
    let store: any ServiceStore
    let logger: Logger
    let maxBodySize: Int
    let now: @Sendable () -> Date
    let metrics: APIMetrics

    /// - Parameter metrics: where requests are counted and timed; nil makes ``APIMetrics`` for
    ///   `routes` on `MetricsSystem.factory`.
    public init(
        api: APIKind, routes: ActionRouter, store: any ServiceStore, logger: Logger, maxBodySize: Int = 1 << 20,
        now: @escaping @Sendable () -> Date = { Date() }, metrics: APIMetrics? = nil
    ) {
        self.metrics = metrics ?? APIMetrics(api: api, actions: routes.actions)
        self.api = api
        self.routes = routes
        self.store = store
        self.logger = logger
        self.maxBodySize = maxBodySize
        self.now = now
    }

    public func respond(to request: Request, context: Context) async throws -> Response {
        let contextID = ContextID.make()
        let started = ContinuousClock.now
        if request.method == .get, request.uri.path == "/healthz" {
            return Self.plain(200, "ok\n")
        }
        guard request.method == .post else {
            metrics.record(action: nil, code: APIErrorCode.invalidParameter.rawValue, elapsed: ContinuousClock.now - started)
            return reply(APIError(.invalidParameter, "only POST is accepted; send a JSON body with an action"), action: nil, contextID: contextID)
        }
        var request = request
        let body: [UInt8]
        do {
            let buffer = try await request.collectBody(upTo: maxBodySize)
            body = Array(buffer.readableBytesView)
        } catch {
            metrics.record(action: nil, code: APIErrorCode.invalidParameter.rawValue, elapsed: ContinuousClock.now - started)
            return reply(APIError(.invalidParameter, "body larger than \(maxBodySize) bytes"), action: nil, contextID: contextID)
        }
        // The logger gets its metadata only where a line is written: copying it per request to
        // add metadata cost more than the signature check.
        let outcome = await handle(request, body: body, contextID: contextID)
        let elapsed = ContinuousClock.now - started
        metrics.record(action: outcome.action, code: outcome.code, elapsed: elapsed)
        if logger.logLevel <= .debug {
            logger.debug("request", metadata: [
                "context_id": "\(contextID)", "action": "\(outcome.action ?? "-")", "code": "\(outcome.code)",
                "elapsed": "\(elapsed)", "access_key": "\(outcome.accessKeyID ?? "-")",
            ])
        }
        return outcome.response
    }

    struct Outcome {
        var response: Response
        var code: Int
        var action: String?
        var accessKeyID: String?
    }

    /// The server's logger with the request's context id (and action, once known).
    private func logger(contextID: String, action: String? = nil) -> Logger {
        var logger = self.logger
        logger[metadataKey: "context_id"] = .string(contextID)
        if let action { logger[metadataKey: "action"] = .string(action) }
        return logger
    }

    private func handle(_ request: Request, body: [UInt8], contextID: String) async -> Outcome {
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/json") {
            return fail(APIError(.invalidParameter, "Content-Type must be application/json"), nil, nil, contextID)
        }
        let envelope: Envelope
        do {
            envelope = try ParamsDecoder.decode(Envelope.self, from: body)
        } catch {
            return fail(error, nil, nil, contextID)
        }
        let action = envelope.action
        let key: AccessKey
        do {
            key = try await authenticate(request, body: body)
        } catch let error as APIError {
            return fail(error, action, nil, contextID)
        } catch {
            logger(contextID: contextID, action: action).error("access key lookup failed", metadata: ["error": "\(error)"])
            return fail(APIError(.internalError, "internal error; report context id \(contextID)"), action, nil, contextID)
        }
        guard ActionRouter.isValidName(action), let handler = routes[action] else {
            let shown = ActionRouter.isValidName(action) ? action : "(invalid name)"
            return fail(APIError(.unsupported, "unknown action \(shown); this API offers: \(routes.actions.joined(separator: ", "))"),
                        nil, key.id, contextID)
        }
        let idempotencyKey = request.headers[HTTPFields.Element.Name("Idempotency-Key")!]
        let scope = "\(api.rawValue):\(key.projectID ?? key.id)"
        var requestFingerprint: String?
        if let idempotencyKey {
            guard !idempotencyKey.isEmpty, idempotencyKey.utf8.count <= 255 else {
                return fail(APIError.invalid("Idempotency-Key", "must be 1 to 255 characters"), action, key.id, contextID)
            }
            let fingerprint = SHA256.hash(data: Array(action.utf8) + [0] + body).hex
            requestFingerprint = fingerprint
            do {
                switch try await store.beginIdempotent(scope: scope, key: idempotencyKey, fingerprint: fingerprint, now: now()) {
                case .reserved:
                    break
                case .inProgress:
                    return fail(APIError(.busyOrForbidden, "a request with this Idempotency-Key is still being handled; retry shortly"),
                                action, key.id, contextID)
                case .mismatch:
                    return fail(APIError(.idempotencyConflict, "Idempotency-Key was already used with a different request"),
                                action, key.id, contextID)
                case .completed(let status, let stored):
                    var response = Self.json(status, stored, contextID: contextID)
                    response.headers[HTTPFields.Element.Name("Idempotent-Replayed")!] = "true"
                    return Outcome(response: response, code: 0, action: action, accessKeyID: key.id)
                }
            } catch {
                logger(contextID: contextID, action: action).error("idempotency store failed", metadata: ["error": "\(error)"])
                return fail(APIError(.internalError, "internal error; report context id \(contextID)"), action, key.id, contextID)
            }
        }
        let actionContext = ActionContext(
            api: api, action: action, contextID: contextID, projectID: key.projectID, accessKeyID: key.id,
            idempotencyKey: idempotencyKey, logger: self.logger, requestFingerprint: requestFingerprint)
        let status: Int
        let responseBody: [UInt8]
        var code = 0
        var remember = true
        do {
            let data = try await handler(body, actionContext)
            status = 200
            responseBody = Self.envelope(action: action, code: 0, contextID: contextID, data: data)
        } catch {
            let apiError = Self.apiError(error, contextID: contextID, logger: logger(contextID: contextID, action: action))
            status = apiError.code.httpStatus
            code = apiError.code.rawValue
            responseBody = Self.errorBody(apiError, action: action, contextID: contextID)
            remember = apiError.code.rawValue < 5000  // a client error replays; a server error may be retried
        }
        if let idempotencyKey {
            do {
                if remember {
                    try await store.finishIdempotent(scope: scope, key: idempotencyKey, status: status, body: responseBody, now: now())
                } else {
                    try await store.abandonIdempotent(scope: scope, key: idempotencyKey)
                }
            } catch {
                logger(contextID: contextID, action: action).error("saving the idempotent answer failed", metadata: ["error": "\(error)"])
            }
        }
        return Outcome(response: Self.json(status, responseBody, contextID: contextID), code: code, action: action, accessKeyID: key.id)
    }

    /// Checks the signature headers and the key's scope for this API.
    private func authenticate(_ request: Request, body: [UInt8]) async throws -> AccessKey {
        let invalid: APIErrorCode = api == .manage ? .manageKeyInvalid : .accessKeyInvalid
        guard let keyID = request.headers[HTTPFields.Element.Name(RequestSignature.accessKeyHeader)!],
              let timestampText = request.headers[HTTPFields.Element.Name(RequestSignature.timestampHeader)!],
              let signature = request.headers[HTTPFields.Element.Name(RequestSignature.signatureHeader)!]
        else {
            throw APIError(invalid, "missing signature: send \(RequestSignature.accessKeyHeader), \(RequestSignature.timestampHeader) and \(RequestSignature.signatureHeader)")
        }
        guard let timestamp = Int64(timestampText) else {
            throw APIError(invalid, "\(RequestSignature.timestampHeader) must be Unix seconds")
        }
        let skew = abs(now().timeIntervalSince1970 - Double(timestamp))
        guard skew <= RequestSignature.window else {
            throw APIError(invalid, "request timestamp is \(Int(skew)) s away from the server's clock (allowed \(Int(RequestSignature.window)) s)")
        }
        guard keyID.utf8.count <= 64, let key = try await store.accessKey(keyID),
              RequestSignature.verify(
                signature: signature, secret: key.secret, method: request.method.rawValue, path: request.uri.path,
                timestamp: timestamp, body: body)
        else {
            throw APIError(invalid, "access key unknown or signature mismatch")
        }
        if let expires = key.expires, expires <= now() {
            throw APIError(invalid, "access key \(key.id) expired at \(expires)")
        }
        switch (api, key.scope) {
        case (.public, .project), (.manage, .manage): return key
        case (.public, .manage): throw APIError(.accessKeyInvalid, "a manage key cannot call the public API")
        case (.manage, .project): throw APIError(.manageKeyInvalid, "the manage API needs a manage key")
        }
    }

    private func fail(_ error: any Error, _ action: String?, _ keyID: String?, _ contextID: String) -> Outcome {
        let apiError = Self.apiError(error, contextID: contextID, logger: logger(contextID: contextID, action: action))
        return Outcome(
            response: reply(apiError, action: action, contextID: contextID), code: apiError.code.rawValue, action: action,
            accessKeyID: keyID)
    }

    private func reply(_ error: APIError, action: String?, contextID: String) -> Response {
        Self.json(error.code.httpStatus, Self.errorBody(error, action: action, contextID: contextID), contextID: contextID)
    }

    static func apiError(_ error: any Error, contextID: String, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as JobStoreError where error.code == .invalidJob:
            return APIError(.invalidParameter, error.message)
        case let error as JobStoreError where error.code == .idempotencyConflict:
            return APIError(.idempotencyConflict, error.message)
        case let error as JobStoreError where error.code == .notFound:
            return APIError(.notFound, error.message)
        case let error as JobStoreError where error.code == .wrongState:
            return APIError(.busyOrForbidden, error.message)
        default:
            logger.error("action failed", metadata: ["error": "\(error)"])
            return APIError(.internalError, "internal error; report context id \(contextID)")
        }
    }

    static func envelope(action: String, code: Int, contextID: String, data: [UInt8]) -> [UInt8] {
        Array(#"{"action":"\#(action)","code":\#(code),"contextId":"\#(contextID)","data":"#.utf8) + data + [UInt8(ascii: "}")]
    }

    static func errorBody(_ error: APIError, action: String?, contextID: String) -> [UInt8] {
        struct Body: Encodable {
            var action: String?
            var code: Int
            var contextId: String
            var message: String
            var items: [APIError.ItemOutcome]?
        }
        let body = Body(
            action: action, code: error.code.rawValue, contextId: contextID, message: error.message,
            items: error.items.isEmpty ? nil : error.items)
        return (try? ActionJSON.encode(body)) ?? Array(#"{"code":5000}"#.utf8)
    }

    static func json(_ status: Int, _ body: [UInt8], contextID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPFields.Element.Name(ContextID.header)!] = contextID
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func plain(_ status: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: HTTPResponse.Status(code: status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Just the `action` field, to route before decoding the parameters.
    struct Envelope: Decodable {
        var action: String
    }
}

/// Request context ids: `ctx-` and 16 hex digits.
public enum ContextID {
    public static let header = "X-Stratus-Context-Id"

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let digits = String(value, radix: 16)
        return "ctx-" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
