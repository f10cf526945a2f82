import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A local HTTP server that records webhook POSTs and can answer the first few with 500.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        let path: String
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let state = Mutex<(received: [Received], failuresLeft: Int)>(([], 0))

    init(failFirst: Int = 0) {
        state.withLock { $0.failuresLeft = failFirst }
    }

    var received: [Received] { state.withLock { $0.received } }

    /// Runs the receiver on a free loopback port for the duration of `body`.
    func withRunning<T: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("**") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let fail = self.state.withLock { state -> Bool in
                state.received.append(Received(path: request.uri.path, body: Array(buffer.readableBytesView)))
                guard state.failuresLeft > 0 else { return false }
                state.failuresLeft -= 1
                return true
            }
            return Response(status: fail ? .internalServerError : .ok)
        }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            var iterator = portStream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            defer { group.cancelAll() }
            return try await body("http://127.0.0.1:\(port)")
        }
    }
}
