import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// One request to a service, before auth and endpoint are applied.
struct ServiceRequest: Sendable {
    var service: ServiceType
    var method: HTTPMethod
    /// The path below the service endpoint, starting with "/".
    var path: String
    var query: [(String, String)] = []
    var body: ByteBuffer?
    var headers: HTTPHeaders = [:]
    var safety: RequestSafety
    /// The retry policy for this call; nil uses the configuration's.
    var retry: RetryPolicy?
    /// The highest microversion this call may be sent with (for calls whose payload changed later,
    /// such as Nova generating key pairs only up to 2.91); nil sends the negotiated one.
    var microversionCap: Microversion?

    init(_ service: ServiceType, _ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
         body: ByteBuffer? = nil, safety: RequestSafety? = nil) {
        self.service = service
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.safety = safety ?? (method == .POST || method == .PATCH ? .nonIdempotent : .idempotent)
    }

    /// Encodes `value` as the JSON body.
    init(_ service: ServiceType, _ method: HTTPMethod, _ path: String, json value: some Encodable,
         safety: RequestSafety? = nil) throws {
        let data = try JSONEncoder.sorted.encode(value)
        self.init(service, method, path, body: ByteBuffer(data: data), safety: safety)
    }

    var route: String { "\(method.rawValue) \(path)" }
}

/// The engine under every client call: authenticates, resolves the endpoint, negotiates the
/// microversion, sends with retries under ``RetryPolicy``, re-authenticates once on 401, and turns
/// failures into ``OpenStackError``. It never logs headers or bodies.
final class Requester: Sendable {
    let configuration: CloudConfiguration
    let transport: any HTTPTransport
    let clock: ClockBox
    let logger: Logger
    private let random: Mutex<SplitMix64>
    let session: AuthSession
    let versions = VersionCache()
    let metrics: CloudMetrics

    init(configuration: CloudConfiguration, transport: any HTTPTransport, clock: ClockBox, logger: Logger, seed: UInt64?,
         metrics: CloudMetrics) {
        self.configuration = configuration
        self.metrics = metrics
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.random = Mutex(SplitMix64(seed: seed ?? UInt64.random(in: .min ... .max)))
        self.session = AuthSession(configuration: configuration)
    }

    // MARK: Authenticated service calls

    /// Sends `request` to its service and returns the successful (2xx/3xx) response.
    func send(_ request: ServiceRequest) async throws -> TransportResponse {
        var reauthenticated = false
        var totalAttempts = 0
        while true {
            let state = try await session.current(using: self)
            let base = try endpoint(for: request.service, state: state)
            var headers = request.headers
            if let token = state.token { headers.replaceOrAdd(name: "X-Auth-Token", value: token) }
            try await addMicroversion(to: &headers, service: request.service, base: base, state: state,
                                      cap: request.microversionCap)
            let url = Self.url(base: base, path: request.path, query: request.query)
            let prepared = PreparedRequest(
                transport: TransportRequest(method: request.method, url: url, headers: Self.jsonHeaders(headers, hasBody: request.body != nil),
                                            body: request.body),
                service: request.service.name, route: request.route, safety: request.safety,
                policy: request.retry ?? configuration.retry)
            let (response, attempts) = try await execute(prepared, priorAttempts: totalAttempts)
            totalAttempts += attempts
            if response.status == 401, configuration.credentials.usesKeystone, !reauthenticated {
                reauthenticated = true
                logger.notice("token rejected; re-authenticating once", metadata: [
                    "service": "\(request.service)", "route": "\(request.route)",
                    "request_id": "\(response.requestID ?? "-")",
                ])
                await session.invalidate(token: state.token)
                continue
            }
            if (200..<400).contains(response.status) { return response }
            throw Self.httpError(response, service: request.service.name, route: request.route, attempts: totalAttempts,
                                 code: response.status == 401 ? .authentication : .httpStatus)
        }
    }

    /// Sends and decodes a JSON response body.
    func send<T: Decodable>(_ request: ServiceRequest, decode type: T.Type) async throws -> T {
        try await sendWithDate(request, decode: type).0
    }

    /// Sends, decodes, and returns the server's `Date` header too.
    func sendWithDate<T: Decodable>(_ request: ServiceRequest, decode type: T.Type) async throws -> (T, Date?) {
        let response = try await send(request)
        let date = response.headers.first(name: "Date").flatMap(RetryAfter.parseHTTPDate)
        return (try decode(type, from: response, service: request.service.name, route: request.route), date)
    }

    func decode<T: Decodable>(_ type: T.Type, from response: TransportResponse, service: String, route: String) throws -> T {
        do {
            return try JSONDecoder.openStack().decode(type, from: Data(buffer: response.body))
        } catch {
            throw OpenStackError(code: .decoding, message: "unexpected response body for \(T.self): \(Self.describe(error))",
                                 status: response.status, requestID: response.requestID, service: service, route: route,
                                 underlying: "\(error)")
        }
    }

    // MARK: Endpoints and microversions

    func endpoint(for service: ServiceType, state: AuthState) throws -> String {
        let raw: String
        if let override = configuration.endpointOverrides[service] {
            raw = override
        } else if let catalog = state.catalog,
                  let url = try? catalog.url(for: service, interface: configuration.interface, region: configuration.region) {
            raw = url
        } else if service == .identity, let authURL = configuration.authURL {
            raw = authURL
        } else if let catalog = state.catalog {
            raw = try catalog.url(for: service, interface: configuration.interface, region: configuration.region)
        } else {
            throw OpenStackError(code: .endpointNotFound,
                                 message: "no catalog and no '\(service.name.replacingOccurrences(of: "-", with: "_"))_endpoint_override' for \(service)",
                                 service: service.name)
        }
        return EndpointNormalizer.normalize(raw, service: service, projectID: state.projectID)
    }

    private func addMicroversion(to headers: inout HTTPHeaders, service: ServiceType, base: String, state: AuthState,
                                 cap: Microversion?) async throws {
        guard var version = try await microversion(for: service, base: base, state: state) else { return }
        if let cap { version = min(version, cap) }
        switch service {
        case .compute:
            headers.replaceOrAdd(name: "OpenStack-API-Version", value: "compute \(version)")
            headers.replaceOrAdd(name: "X-OpenStack-Nova-API-Version", value: "\(version)")
        case .blockStorage:
            headers.replaceOrAdd(name: "OpenStack-API-Version", value: "volume \(version)")
        default:
            break
        }
    }

    /// The negotiated microversion of `service` (compute and block storage), nil for others.
    func microversion(for service: ServiceType, base: String? = nil, state: AuthState? = nil) async throws -> Microversion? {
        let clientMax: Microversion
        switch service {
        case .compute: clientMax = configuration.computeMicroversion
        case .blockStorage: clientMax = configuration.volumeMicroversion
        default: return nil
        }
        let resolvedState: AuthState
        if let state { resolvedState = state } else { resolvedState = try await session.current(using: self) }
        let resolvedBase = try base ?? endpoint(for: service, state: resolvedState)
        return try await versions.value(for: service.name) {
            try await self.negotiate(service: service, base: resolvedBase, clientMax: clientMax, token: resolvedState.token)
        }
    }

    private func negotiate(service: ServiceType, base: String, clientMax: Microversion, token: String?) async throws -> Microversion {
        let url = EndpointNormalizer.versionDocumentURL(base)
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let token { headers.add(name: "X-Auth-Token", value: token) }
        let prepared = PreparedRequest(transport: TransportRequest(method: .GET, url: url, headers: headers),
                                       service: service.name, route: "GET (version document)", safety: .idempotent,
                                       policy: configuration.retry)
        let (response, attempts) = try await execute(prepared, priorAttempts: 0)
        guard (200..<300).contains(response.status) else {
            throw Self.httpError(response, service: service.name, route: prepared.route, attempts: attempts, code: .httpStatus)
        }
        let document = try decode(VersionDocument.self, from: response, service: service.name, route: prepared.route)
        let entry = document.best(major: clientMax.major)
        guard let chosen = Microversion.negotiate(
            clientMax: clientMax,
            serverMin: entry?.min_version.flatMap { Microversion(parsing: $0) },
            serverMax: entry?.version.flatMap { Microversion(parsing: $0) })
        else {
            throw OpenStackError(code: .unsupported,
                                 message: "\(service) supports microversions \(entry?.min_version ?? "?")–\(entry?.version ?? "?"), "
                                     + "which do not include \(clientMax) or below", service: service.name)
        }
        logger.debug("negotiated microversion", metadata: ["service": "\(service)", "version": "\(chosen)",
                                                          "server_max": "\(entry?.version ?? "none")"])
        return chosen
    }

    // MARK: The retry loop

    struct PreparedRequest: Sendable {
        var transport: TransportRequest
        var service: String
        var route: String
        var safety: RequestSafety
        var policy: RetryPolicy
    }

    /// Sends with retries. Returns the last response (which may be an error status the caller
    /// turns into an error) and the number of attempts; throws for transport failures, unknown
    /// outcomes and the deadline.
    func execute(_ request: PreparedRequest, priorAttempts: Int) async throws -> (TransportResponse, Int) {
        let policy = request.policy
        let start = clock.elapsed()
        let metricsRoute = RouteTemplate.of(request.route)
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let elapsed = clock.elapsed() - start
            let remaining = policy.deadline - elapsed
            let outcome: AttemptOutcome
            var lastResponse: TransportResponse?
            var failure: TransportFailure?
            let sentAt = ContinuousClock.now
            do {
                let response = try await transport.send(request.transport, timeout: min(policy.attemptTimeout, remaining))
                metrics.attempt(service: request.service, route: metricsRoute, status: response.status,
                                duration: ContinuousClock.now - sentAt)
                guard policy.retryableStatuses.contains(response.status) else { return (response, attempt) }
                lastResponse = response
                outcome = .status(response.status, retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
            } catch let error as TransportFailure {
                metrics.attempt(service: request.service, route: metricsRoute, status: nil, duration: ContinuousClock.now - sentAt)
                failure = error
                outcome = .transport(neverSent: error.neverSent)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                metrics.attempt(service: request.service, route: metricsRoute, status: nil, duration: ContinuousClock.now - sentAt)
                failure = AsyncHTTPClientTransport.classify(error)
                outcome = .transport(neverSent: failure!.neverSent)
            }
            let decision = random.withLock { generator in
                policy.decide(after: outcome, attempt: attempt, elapsed: clock.elapsed() - start, safety: request.safety,
                              using: &generator)
            }
            let requestID = lastResponse?.requestID
            switch decision {
            case .retry(let wait):
                metrics.retry(service: request.service, route: metricsRoute)
                logger.warning("retrying after a transient failure", metadata: [
                    "service": "\(request.service)", "route": "\(request.route)",
                    "failure": "\(lastResponse.map { "HTTP \($0.status)" } ?? failure.map { "\($0)" } ?? "?")",
                    "request_id": "\(requestID ?? "-")", "attempt": "\(attempt)", "max_attempts": "\(policy.maxAttempts)",
                    "wait_ms": "\(wait.totalMilliseconds)",
                ])
                try await clock.sleep(wait)
            case .outcomeUnknown:
                let cause = lastResponse.map { "HTTP \($0.status): \(ErrorBody.message(from: $0.body, status: $0.status))" }
                    ?? failure.map { "\($0)" } ?? "unknown"
                logger.warning("not replaying a non-idempotent request whose outcome is unknown", metadata: [
                    "service": "\(request.service)", "route": "\(request.route)", "request_id": "\(requestID ?? "-")",
                    "cause": "\(cause)",
                ])
                throw OpenStackError(
                    code: .outcomeUnknown,
                    message: "the request may or may not have taken effect (\(cause)); it was not replayed",
                    status: lastResponse?.status, requestID: requestID, service: request.service, route: request.route,
                    attempts: priorAttempts + attempt, underlying: failure?.reason)
            case .fail:
                if let lastResponse { return (lastResponse, attempt) }
                let failure = failure!
                let deadlineHit = clock.elapsed() - start >= policy.deadline || (attempt < policy.maxAttempts && failure.isTimeout)
                throw OpenStackError(
                    code: deadlineHit && attempt < policy.maxAttempts ? .deadlineExceeded : .transport,
                    message: failure.description, service: request.service, route: request.route,
                    attempts: priorAttempts + attempt, underlying: failure.reason)
            }
        }
    }

    // MARK: Helpers

    static func httpError(_ response: TransportResponse, service: String, route: String, attempts: Int,
                          code: OpenStackError.Code) -> OpenStackError {
        OpenStackError(code: code, message: ErrorBody.message(from: response.body, status: response.status),
                       status: response.status, requestID: response.requestID, service: service, route: route,
                       attempts: attempts, retryAfter: RetryAfter.parse(response.headers.first(name: "Retry-After")))
    }

    static func url(base: String, path: String, query: [(String, String)]) -> String {
        var url = base
        if !path.isEmpty {
            if url.hasSuffix("/") { url.removeLast() }
            url += path.hasPrefix("/") ? path : "/" + path
        }
        if !query.isEmpty {
            url += "?" + query.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
        }
        return url
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func jsonHeaders(_ headers: HTTPHeaders, hasBody: Bool) -> HTTPHeaders {
        var headers = headers
        if !headers.contains(name: "Accept") { headers.add(name: "Accept", value: "application/json") }
        if hasBody, !headers.contains(name: "Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        if !headers.contains(name: "User-Agent") { headers.add(name: "User-Agent", value: "stratus/0.1") }
        return headers
    }

    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is not a \(type)"
        case .dataCorrupted(let context):
            return context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }
}

/// Version documents: `{"version": {...}}` (Nova's `/v2.1/`) or `{"versions": [...]}` (roots, Cinder).
struct VersionDocument: Decodable {
    struct Entry: Decodable {
        var id: String
        var status: String?
        var version: String?
        var min_version: String?
    }
    var version: Entry?
    var versions: [Entry]?

    func best(major: Int) -> Entry? {
        if let version { return version }
        let candidates = (versions ?? []).filter { $0.id.hasPrefix("v\(major)") }
        return candidates.first { $0.status?.uppercased() == "CURRENT" } ?? candidates.last
    }
}

/// Caches one value per key, computing it at most once even under concurrent callers.
actor VersionCache {
    private var tasks: [String: Task<Microversion, any Error>] = [:]

    func value(for key: String, compute: @escaping @Sendable () async throws -> Microversion) async throws -> Microversion {
        if let task = tasks[key] {
            return try await task.value
        }
        let task = Task { try await compute() }
        tasks[key] = task
        do {
            return try await task.value
        } catch {
            tasks[key] = nil
            throw error
        }
    }
}
