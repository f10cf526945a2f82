/// A response as the simulator's handlers build it, before it becomes a Hummingbird `Response`.
struct SimulatorReply: Sendable {
    /// The body of a reply.
    enum Body: Sendable {
        case empty
        case json(JSON)
        case text(String, contentType: String)
        case bytes([UInt8], contentType: String)
    }

    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: Body = .empty

    /// A JSON reply.
    static func json(_ status: Int, _ json: JSON, headers: [(name: String, value: String)] = []) -> SimulatorReply {
        SimulatorReply(status: status, headers: headers, body: .json(json))
    }

    /// A reply without a body.
    static func empty(_ status: Int, headers: [(name: String, value: String)] = []) -> SimulatorReply {
        SimulatorReply(status: status, headers: headers, body: .empty)
    }

    /// A copy with one more header.
    func adding(_ name: String, _ value: String) -> SimulatorReply {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }

    /// Whether the status is 2xx.
    var isSuccess: Bool { (200..<300).contains(status) }
}
