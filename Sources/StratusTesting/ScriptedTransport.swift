import NIOCore
import NIOHTTP1
import StratusOpenStack
import Synchronization

/// An ``HTTPTransport`` that answers from a script, for testing retry and error handling without
/// a network. Each request takes the next step; every request is recorded.
///
/// ```swift
/// let transport = ScriptedTransport([.status(503), .status(503), .json(200, #"{"ok": true}"#)])
/// ```
public final class ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    public enum Step: Sendable {
        /// Answer with this status, headers and body.
        case response(TransportResponse)
        /// Fail below HTTP.
        case failure(TransportFailure)

        /// An empty answer with `status` and optional headers.
        public static func status(_ status: Int, headers: [(String, String)] = []) -> Step {
            .response(TransportResponse(status: status, headers: HTTPHeaders(headers)))
        }

        /// A JSON answer.
        public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Step {
            var all = HTTPHeaders(headers)
            all.add(name: "Content-Type", value: "application/json")
            return .response(TransportResponse(status: status, headers: all, body: ByteBuffer(string: body)))
        }

        /// A connection that could not be made (never sent).
        public static let connectionRefused = Step.failure(TransportFailure(neverSent: true, reason: "connection refused"))
        /// A connection reset after the request was written (outcome unknown).
        public static let connectionReset = Step.failure(TransportFailure(neverSent: false, reason: "connection reset by peer"))
    }

    private struct State {
        var steps: [Step]
        var requests: [TransportRequest] = []
        var timeouts: [Duration] = []
    }

    private let state: Mutex<State>
    private let fallback: Step?

    /// Creates a transport that plays `steps` in order and then `fallback` forever (or fails the
    /// test with a 599 when there is none).
    public init(_ steps: [Step], fallback: Step? = nil) {
        state = Mutex(State(steps: steps))
        self.fallback = fallback
    }

    /// Every request received, in order.
    public var requests: [TransportRequest] { state.withLock { $0.requests } }
    /// The per-attempt timeout each request was sent with.
    public var timeouts: [Duration] { state.withLock { $0.timeouts } }

    public func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        let step = state.withLock { state -> Step in
            state.requests.append(request)
            state.timeouts.append(timeout)
            if state.steps.isEmpty {
                return fallback ?? .json(599, #"{"message": "ScriptedTransport: script exhausted"}"#)
            }
            return state.steps.removeFirst()
        }
        switch step {
        case .response(let response): return response
        case .failure(let failure): throw failure
        }
    }
}
