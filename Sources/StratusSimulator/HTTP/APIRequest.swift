import Foundation

/// An incoming request, decoded once: path components, query, headers and the whole body.
struct APIRequest: Sendable {
    /// The HTTP method, e.g. `GET`.
    var method: String
    /// The raw path, e.g. `/compute/v2.1/servers/detail`.
    var path: String
    /// The percent-decoded path components.
    var components: [String]
    /// Values of the `{name}` placeholders of the matched route.
    var parameters: [String: String] = [:]
    /// The query parameters.
    var query: QueryParameters
    /// Request headers, names lowercased.
    var headers: [String: String]
    /// The raw body.
    var body: [UInt8]
    /// `http://host:port` of the simulator.
    var baseURL: String
    /// When the request arrived.
    var now: Date
    /// The request id sent back as `x-openstack-request-id`.
    var requestID: String

    /// The header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The path parameter `name` (empty when the route has none by that name).
    func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }

    /// The body parsed as JSON; nil when empty or malformed.
    var json: JSON? {
        body.isEmpty ? nil : JSON.parse(body)
    }

    /// The auth token sent by the caller.
    var authToken: String? {
        header("x-auth-token")
    }
}
