/// A Neutron resource kind that carries tags; its raw value is the collection's path segment.
public enum NetworkResourceKind: String, Sendable, Hashable, CaseIterable {
    /// `networks`.
    case network = "networks"
    /// `subnets`.
    case subnet = "subnets"
    /// `ports`.
    case port = "ports"
    /// `routers`.
    case router = "routers"
    /// `floatingips`.
    case floatingIP = "floatingips"
    /// `security-groups`.
    case securityGroup = "security-groups"
}

/// The aliases of a Neutron's extensions, fetched once per client (a failed fetch is not kept).
actor NeutronExtensionCache {
    private var task: Task<Set<String>, any Error>?
    /// Set once the cloud refused `tags` in a create body although it lists `tag-creation`.
    private(set) var tagsInCreateRefused = false

    func markTagsInCreateRefused() { tagsInCreateRefused = true }

    func value(_ fetch: @escaping @Sendable () async throws -> Set<String>) async throws -> Set<String> {
        if let task { return try await task.value }
        let task = Task { try await fetch() }
        self.task = task
        do {
            return try await task.value
        } catch {
            self.task = nil
            throw error
        }
    }
}
