/// A service whose every route needs a valid project-scoped token and a microversion.
protocol AuthenticatedService: SimulatedService where Handler == ServiceHandler {
    /// Reads the microversion the client asked for.
    static func negotiate(_ request: APIRequest, state: CloudState) -> NegotiatedVersion
}

extension AuthenticatedService {
    static func isFaultable(_ lookup: RouteLookup<Handler>, request: APIRequest) -> Bool {
        true
    }

    static func handle(_ lookup: RouteLookup<Handler>, request: APIRequest, state: inout CloudState) -> SimulatorReply {
        guard let principal = state.authenticate(request) else {
            return decorate(ErrorStyle.unauthorized(request), version: nil, request: request)
        }
        let version: APIVersion
        switch negotiate(request, state: state) {
        case .version(let negotiated): version = negotiated
        case .refused(let reply): return reply
        }
        let reply: SimulatorReply
        switch lookup {
        case .found(let route, let parameters):
            var routed = request
            routed.parameters = parameters
            reply = route.handler(&state, ServiceCall(request: routed, principal: principal, version: version))
        case .methodNotAllowed:
            reply = errorStyle.reply(405, "The method is not allowed for the requested URL.", request: request)
        case .notFound:
            reply = errorStyle.reply(404, "The resource could not be found.", request: request)
        }
        return decorate(reply, version: version, request: request)
    }
}
