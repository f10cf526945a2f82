/// The one error type of the OpenStack client layer.
///
/// An opaque struct rather than an enum, so new codes never break users' `switch` statements.
/// It carries what an operator needs to act — the code, the HTTP status, the OpenStack request id
/// (`x-openstack-request-id`), the server's message (or an ERROR server's fault), the service and
/// route, and how many attempts were made — and never a secret: request headers and bodies are not
/// part of it, and ``description`` is built from the fields below only.
public struct OpenStackError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case httpStatus, transport, outcomeUnknown, authentication, configuration
            case decoding, endpointNotFound, deadlineExceeded, unsupported, notFound, ambiguous
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The service answered with a non-success HTTP status (see ``OpenStackError/status``).
        public static let httpStatus = Code(.httpStatus)
        /// The request failed below HTTP (connection refused, reset, timed out) and was not retried further.
        public static let transport = Code(.transport)
        /// A non-idempotent request (a create POST) may or may not have taken effect: it reached the
        /// wire and then failed ambiguously (connection reset, timeout, 5xx). It was deliberately not
        /// replayed. Resolve it by looking the resource up (for example by its client token).
        public static let outcomeUnknown = Code(.outcomeUnknown)
        /// Keystone refused the credentials, or a service still answered 401 after re-authenticating.
        public static let authentication = Code(.authentication)
        /// The cloud configuration (clouds.yaml, `OS_*`) is missing, malformed or inconsistent.
        public static let configuration = Code(.configuration)
        /// A response body could not be decoded into the expected type.
        public static let decoding = Code(.decoding)
        /// The service catalog has no endpoint for the requested service type, interface and region.
        public static let endpointNotFound = Code(.endpointNotFound)
        /// The call's overall deadline passed before a successful answer.
        public static let deadlineExceeded = Code(.deadlineExceeded)
        /// The cloud does not support what was asked (for example a filter that needs a newer microversion).
        public static let unsupported = Code(.unsupported)
        /// A lookup by name or id found nothing.
        public static let notFound = Code(.notFound)
        /// A lookup by name found more than one match.
        public static let ambiguous = Code(.ambiguous)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The HTTP status of the last answer, when there was one.
    public var status: Int?
    /// The OpenStack request id of the last answer (`x-openstack-request-id` or `x-compute-request-id`).
    public var requestID: String?
    /// The server's message, an ERROR resource's fault, or a description of the local failure.
    public var message: String
    /// The service type the request went to (`compute`, `block-storage`, `image`, `identity`).
    public var service: String?
    /// The HTTP method and path (no query string, no host) of the failed request.
    public var route: String?
    /// How many times the request was sent.
    public var attempts: Int
    /// The delay the server asked for with `Retry-After`, if any.
    public var retryAfter: Duration?
    /// A description of the underlying low-level error (never containing request headers or bodies).
    public var underlying: String?

    /// Creates an error; most users only read errors, but layers above (operations) create them too.
    public init(
        code: Code, message: String, status: Int? = nil, requestID: String? = nil, service: String? = nil,
        route: String? = nil, attempts: Int = 0, retryAfter: Duration? = nil, underlying: String? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
        self.service = service
        self.route = route
        self.attempts = attempts
        self.retryAfter = retryAfter
        self.underlying = underlying
    }

    /// True when the service answered 404 (or a lookup found nothing).
    public var isNotFound: Bool { status == 404 || code == .notFound }
    /// True when the service answered 409 Conflict.
    public var isConflict: Bool { status == 409 }

    public var description: String {
        var parts: [String] = []
        if let service { parts.append(service) }
        if let route { parts.append(route) }
        var head = parts.joined(separator: " ")
        if let status { head += head.isEmpty ? "HTTP \(status)" : " → HTTP \(status)" }
        var text = head.isEmpty ? message : "\(head): \(message)"
        var details: [String] = ["code: \(code)"]
        if let requestID { details.append("request id: \(requestID)") }
        if attempts > 0 { details.append("attempts: \(attempts)") }
        if let underlying { details.append("cause: \(underlying)") }
        text += " (" + details.joined(separator: ", ") + ")"
        return text
    }
}
