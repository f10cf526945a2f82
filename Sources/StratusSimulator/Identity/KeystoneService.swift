/// The handler of a Keystone route; Keystone checks tokens itself, route by route.
typealias KeystoneHandler = @Sendable (inout CloudState, APIRequest) -> SimulatorReply

/// Keystone v3 (`/identity/v3`): tokens, the catalog and the caller's projects.
enum KeystoneService: SimulatedService {
    static let routes: [Route<KeystoneHandler>] = [
        Route("POST", "auth/tokens", { state, request in state.issueToken(request) }),
        Route("GET", "auth/tokens", { state, request in state.validateToken(request) }),
        Route("DELETE", "auth/tokens", { state, request in state.revokeToken(request) }),
        Route("GET", "auth/projects", { state, request in state.listAuthProjects(request) }),
        Route("GET", "auth/catalog", { state, request in state.authCatalog(request) }),
    ]

    static var errorStyle: ErrorStyle { .keystone }

    /// Only `POST /auth/tokens` is faulted (HTTP errors and latency; it is never dropped).
    static func isFaultable(_ lookup: RouteLookup<KeystoneHandler>, request: APIRequest) -> Bool {
        if case .found(let route, _) = lookup {
            return route.method == "POST" && route.pattern.template == "auth/tokens"
        }
        return false
    }

    static func handle(_ lookup: RouteLookup<KeystoneHandler>, request: APIRequest, state: inout CloudState) -> SimulatorReply {
        let reply: SimulatorReply
        switch lookup {
        case .found(let route, _):
            reply = route.handler(&state, request)
        case .methodNotAllowed:
            reply = errorStyle.reply(405, "The method is not allowed for the requested URL.", request: request)
        case .notFound:
            reply = errorStyle.reply(404, "The resource could not be found.", request: request)
        }
        return decorate(reply, version: nil, request: request)
    }

    static func decorate(_ reply: SimulatorReply, version: APIVersion?, request: APIRequest) -> SimulatorReply {
        reply.adding("Vary", "X-Auth-Token")
    }
}
