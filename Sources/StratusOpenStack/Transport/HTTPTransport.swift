import NIOCore
import NIOHTTP1

/// One HTTP request as the client sends it: method, absolute URL, headers and an optional body.
public struct TransportRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The absolute URL, query string included.
    public var url: String
    /// Request headers (the auth token among them: never log them).
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: ByteBuffer?

    /// Creates a request.
    public init(method: HTTPMethod, url: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response: status, headers and the whole body.
public struct TransportResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: HTTPHeaders
    /// The complete body.
    public var body: ByteBuffer

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The OpenStack request id: `x-openstack-request-id`, else Nova's `x-compute-request-id`.
    public var requestID: String? {
        headers.first(name: "x-openstack-request-id") ?? headers.first(name: "x-compute-request-id")
    }
}

/// A failure below HTTP, classified by whether the request can have reached the server.
///
/// The distinction is what makes create POSTs safe: a request that ``neverSent`` can be replayed
/// without risk of a duplicate; any other failure leaves its outcome unknown.
public struct TransportFailure: Error, Sendable, CustomStringConvertible {
    /// True only when the request provably never left this process (no connection could be made).
    public var neverSent: Bool
    /// A timeout rather than a refusal or reset.
    public var isTimeout: Bool
    /// A description of the underlying error.
    public var reason: String

    /// Creates a failure.
    public init(neverSent: Bool, isTimeout: Bool = false, reason: String) {
        self.neverSent = neverSent
        self.isTimeout = isTimeout
        self.reason = reason
    }

    public var description: String {
        (neverSent ? "connection not established: " : "connection failed after sending: ") + reason
    }
}

/// Sends HTTP requests. ``AsyncHTTPClientTransport`` is the real one; tests may script their own.
///
/// Implementations throw ``TransportFailure`` for failures below HTTP and return every HTTP status,
/// successful or not, as a ``TransportResponse``.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the complete response, or throws ``TransportFailure``.
    func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse
}
