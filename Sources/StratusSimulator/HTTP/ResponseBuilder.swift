import Hummingbird
import NIOCore

/// Turns a ``SimulatorReply`` into a Hummingbird `Response`.
enum ResponseBuilder {
    /// The response for `reply`, with `x-openstack-request-id` added. `HEAD` requests get no body.
    static func response(_ reply: SimulatorReply, for request: APIRequest) -> Response {
        var headers = HTTPFields()
        let bytes: [UInt8]
        switch reply.body {
        case .empty:
            bytes = []
            if reply.status != 204 && reply.status != 304 {
                headers.append(named: "Content-Type", "application/json")
            }
        case .json(let json):
            bytes = Array(json.serialized().utf8)
            headers.append(named: "Content-Type", "application/json")
        case .text(let text, let contentType):
            bytes = Array(text.utf8)
            headers.append(named: "Content-Type", contentType)
        case .bytes(let data, let contentType):
            bytes = data
            headers.append(named: "Content-Type", contentType)
        }
        for (name, value) in reply.headers {
            headers.append(named: name, value)
        }
        if !reply.headers.contains(where: { $0.name.lowercased() == "x-openstack-request-id" }) {
            headers.append(named: "X-OpenStack-Request-Id", request.requestID)
        }
        let body = request.method == "HEAD" ? [] : bytes
        headers.append(named: "Content-Length", String(body.count))
        var buffer = ByteBuffer()
        buffer.writeBytes(body)
        return Response(
            status: .init(code: reply.status, reasonPhrase: reasonPhrase(reply.status)),
            headers: headers,
            body: .init(byteBuffer: buffer)
        )
    }

    /// The reason phrase of a status code.
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 300: return "Multiple Choices"
        default: return ErrorStyle.title(status)
        }
    }
}
