/// The outcome of looking a request up in a route table.
enum RouteLookup<Handler: Sendable> {
    /// A route matched; parameters are captured.
    case found(Route<Handler>, parameters: [String: String])
    /// The path exists but not for this method.
    case methodNotAllowed(template: String)
    /// Nothing matched.
    case notFound
}

extension Array {
    /// Finds the route for `method` and `components`. `HEAD` falls back to `GET` routes.
    func lookup<Handler>(_ method: String, _ components: ArraySlice<String>) -> RouteLookup<Handler>
    where Element == Route<Handler> {
        var pathMatched: String?
        for route in self {
            guard let parameters = route.pattern.match(components) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .found(route, parameters: parameters)
            }
            pathMatched = pathMatched ?? route.pattern.template
        }
        if let pathMatched { return .methodNotAllowed(template: pathMatched) }
        return .notFound
    }
}
