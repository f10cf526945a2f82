/// How a service spells its errors.
enum ErrorStyle: Sendable {
    /// Nova and Cinder: `{"itemNotFound": {"code": 404, "message": "…"}}`.
    case faultWrapper
    /// Keystone (and keystonemiddleware's 401): `{"error": {"code": 401, "message": "…", "title": "Unauthorized"}}`.
    case keystone
    /// Glance (webob): JSON `{"message", "code": "404 Not Found", "title"}` when the client accepts
    /// `application/json`, plain text when it accepts only `text/plain`, HTML otherwise.
    case webob
    /// Neutron: `{"NeutronError": {"type": "HTTPNotFound", "message": "…", "detail": ""}}`.
    case neutron

    /// The error reply for `status` with `message`.
    func reply(_ status: Int, _ message: String, request: APIRequest) -> SimulatorReply {
        switch self {
        case .faultWrapper:
            return .json(status, [Self.faultName(status): ["code": .int(status), "message": .string(message)]])
        case .keystone:
            return .json(
                status, ["error": ["code": .int(status), "message": .string(message), "title": .string(Self.title(status))]]
            )
        case .neutron:
            return Self.neutron(status, type: Self.neutronType(status), message)
        case .webob:
            let title = Self.title(status)
            let accept = request.header("accept") ?? "*/*"
            if accept.contains("application/json") {
                return .json(
                    status,
                    [
                        "code": .string("\(status) \(title)"), "title": .string(title),
                        "message": .string(message + "<br /><br />\n\n\n"),
                    ]
                )
            }
            if accept.contains("text/plain") && !accept.contains("html") && !accept.contains("*/*") {
                return SimulatorReply(
                    status: status,
                    body: .text("\(status) \(title)\n\n\(message)\n\n   ", contentType: "text/plain; charset=UTF-8")
                )
            }
            let html = "<html>\n <head>\n  <title>\(status) \(title)</title>\n </head>\n <body>\n  <h1>\(status) \(title)</h1>\n  \(message)<br /><br />\n\n\n\n </body>\n</html>"
            return SimulatorReply(status: status, body: .text(html, contentType: "text/html; charset=UTF-8"))
        }
    }

    /// A Neutron error of a specific exception `type` (e.g. `NetworkNotFound`).
    static func neutron(_ status: Int, type: String, _ message: String) -> SimulatorReply {
        .json(status, ["NeutronError": ["type": .string(type), "message": .string(message), "detail": ""]])
    }

    /// The exception type Neutron names for a plain HTTP error (`HTTPNotFound`, `HTTPConflict`, …).
    static func neutronType(_ status: Int) -> String {
        "HTTP" + title(status).replacingOccurrences(of: " ", with: "")
    }

    /// The 401 every API answers for a missing, invalid or expired token (keystonemiddleware's shape).
    static func unauthorized(_ request: APIRequest) -> SimulatorReply {
        ErrorStyle.keystone.reply(401, "The request you have made requires authentication.", request: request)
            .adding("WWW-Authenticate", "Keystone uri=\"\(request.baseURL)/identity/v3\"")
    }

    /// The wrapper key Nova and Cinder use for a status (`nova/api/openstack/wsgi.py`'s `_FAULT_NAMES`).
    static func faultName(_ status: Int) -> String {
        switch status {
        case 400: return "badRequest"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "itemNotFound"
        case 405: return "badMethod"
        case 409: return "conflictingRequest"
        case 413, 429: return "overLimit"
        case 415: return "badMediaType"
        case 501: return "notImplemented"
        case 503: return "serviceUnavailable"
        default: return "computeFault"
        }
    }

    /// The HTTP reason phrase of a status.
    static func title(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 409: return "Conflict"
        case 413: return "Request Entity Too Large"
        case 415: return "Unsupported Media Type"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Error"
        }
    }
}
