import Foundation

/// One simulated OpenStack API behind a path prefix.
protocol SimulatedService {
    /// What a route's handler is.
    associatedtype Handler: Sendable
    /// The routes, relative to the service prefix.
    static var routes: [Route<Handler>] { get }
    /// How the service spells its errors.
    static var errorStyle: ErrorStyle { get }
    /// Whether fault injection applies to the request.
    static func isFaultable(_ lookup: RouteLookup<Handler>, request: APIRequest) -> Bool
    /// Answers the request (called under the state lock, after `settle`).
    static func handle(_ lookup: RouteLookup<Handler>, request: APIRequest, state: inout CloudState) -> SimulatorReply
    /// Adds service-specific headers (microversion echo, extra request ids) to a reply.
    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply
}
