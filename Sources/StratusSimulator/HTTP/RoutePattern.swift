/// A path template such as `servers/{id}/tags/{tag}`, matched against path components.
struct RoutePattern: Sendable {
    private enum Segment: Sendable {
        case literal(String)
        case parameter(String)
    }

    private let segments: [Segment]
    /// The template text, used in request statistics.
    let template: String

    /// Parses a template; `{name}` segments capture one component.
    init(_ template: String) {
        self.template = template
        self.segments = template.split(separator: "/").map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The captured parameters when `components` match exactly, nil otherwise.
    func match(_ components: ArraySlice<String>) -> [String: String]? {
        guard components.count == segments.count else { return nil }
        var captured: [String: String] = [:]
        for (segment, component) in zip(segments, components) {
            switch segment {
            case .literal(let literal):
                guard literal == component else { return nil }
            case .parameter(let name):
                guard !component.isEmpty else { return nil }
                captured[name] = component
            }
        }
        return captured
    }
}
