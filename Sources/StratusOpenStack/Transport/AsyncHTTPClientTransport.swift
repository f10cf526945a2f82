import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix
import NIOHTTP1

/// The production ``HTTPTransport`` on AsyncHTTPClient.
///
/// By default it uses ``sharedClient``, a process-wide client that needs no shutdown; pass your own
/// client to tune pools or TLS (you then own its shutdown). Connection-phase failures (refused, unreachable,
/// connect timeout, no connection from the pool in time) are reported as
/// ``TransportFailure/neverSent``; everything after a connection exists (reset, read timeout,
/// remote close) is reported as possibly sent.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The underlying client.
    public let client: HTTPClient
    /// The largest response body accepted (default 64 MiB).
    public var maxResponseBytes: Int

    /// A process-wide client like `HTTPClient.shared`, but with room for 64 connections per host
    /// (AsyncHTTPClient's default is 8): a hundred concurrent creates should not queue behind eight
    /// sockets. It lives as long as the process and is never shut down.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Creates a transport on `client` (default ``sharedClient``).
    public init(client: HTTPClient = AsyncHTTPClientTransport.sharedClient, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = request.method
        outgoing.headers = request.headers
        if let body = request.body {
            outgoing.body = .bytes(body)
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .nanoseconds(timeout.totalNanoseconds))
        } catch {
            throw Self.classify(error)
        }
        do {
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return TransportResponse(status: Int(response.status.code), headers: response.headers, body: body)
        } catch {
            throw TransportFailure(neverSent: false, isTimeout: Self.isTimeout(error), reason: "reading the response body: \(error)")
        }
    }

    /// Maps AsyncHTTPClient and NIO errors to ``TransportFailure``.
    static func classify(_ error: any Error) -> TransportFailure {
        if let failure = error as? TransportFailure { return failure }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .invalidURL, .emptyHost,
                 .emptyScheme, .alreadyShutdown, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
                return TransportFailure(neverSent: true, isTimeout: isTimeout(error), reason: "\(clientError)")
            default:
                return TransportFailure(neverSent: false, isTimeout: isTimeout(error), reason: "\(clientError)")
            }
        }
        if error is NIOConnectionError {
            return TransportFailure(neverSent: true, reason: "\(error)")
        }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return TransportFailure(neverSent: true, isTimeout: true, reason: "\(error)")
        }
        if let ioError = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL].contains(ioError.errnoCode) {
            return TransportFailure(neverSent: true, reason: "\(error)")
        }
        if error is CancellationError {
            return TransportFailure(neverSent: false, reason: "cancelled")
        }
        return TransportFailure(neverSent: false, isTimeout: isTimeout(error), reason: "\(error)")
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        guard let clientError = error as? HTTPClientError else { return false }
        return [.readTimeout, .writeTimeout, .deadlineExceeded, .connectTimeout, .getConnectionFromPoolTimeout]
            .contains(clientError)
    }
}

