/// Keystone (Identity API v3) calls beyond authentication.
public struct IdentityClient: Sendable {
    let requester: Requester

    /// A project the current user can scope to.
    public struct Project: Sendable, Hashable, Decodable {
        /// The project id.
        public var id: String
        /// The project name.
        public var name: String
        /// The project's domain id.
        public var domainID: String?
        /// Whether it is enabled.
        public var enabled: Bool?

        enum CodingKeys: String, CodingKey { case id, name, domainID = "domain_id", enabled }
    }

    /// `GET /v3/auth/projects`: the projects the token's user may scope to.
    public func projects() async throws -> [Project] {
        struct Envelope: Decodable { var projects: [Project] }
        return try await requester.send(ServiceRequest(.identity, .GET, "/auth/projects"), decode: Envelope.self).projects
    }
}
