import Foundation

/// An authenticated API call: the request, the caller and the negotiated microversion.
struct ServiceCall: Sendable {
    var request: APIRequest
    var principal: Principal
    var version: APIVersion

    /// When the request is handled.
    var now: Date { request.now }
    /// The query parameters.
    var query: QueryParameters { request.query }

    /// The path parameter `name`.
    func parameter(_ name: String) -> String {
        request.parameter(name)
    }
}

/// The handler of a route of an authenticated API (Nova, Cinder, Glance).
typealias ServiceHandler = @Sendable (inout CloudState, ServiceCall) -> SimulatorReply
