import Foundation

/// The result of authenticating: the token to send, when it expires, the catalog and who we are.
public struct AuthState: Sendable, CustomStringConvertible {
    /// The token (`X-Auth-Token`); nil for `auth_type: none`. Never log it.
    public var token: String?
    /// When the token expires; nil when it never does (static tokens).
    public var expiresAt: Date?
    /// The catalog; nil without Keystone.
    public var catalog: ServiceCatalog?
    /// The scoped project's id.
    public var projectID: String?
    /// The scoped project's name.
    public var projectName: String?
    /// The user's id.
    public var userID: String?
    /// The user's role names in the project.
    public var roles: [String]

    /// Creates a state.
    public init(token: String?, expiresAt: Date?, catalog: ServiceCatalog?, projectID: String?, projectName: String? = nil,
                userID: String?, roles: [String] = []) {
        self.token = token
        self.expiresAt = expiresAt
        self.catalog = catalog
        self.projectID = projectID
        self.projectName = projectName
        self.userID = userID
        self.roles = roles
    }

    /// True when the token expires within `margin` of `now`.
    public func isNearExpiry(margin: Duration, now: Date = Date()) -> Bool {
        guard let expiresAt else { return false }
        let seconds = Double(margin.components.seconds) + Double(margin.components.attoseconds) / 1e18
        return expiresAt.timeIntervalSince(now) <= seconds
    }

    public var description: String {
        "AuthState(token: <redacted>, expiresAt: \(expiresAt.map { OpenStackDate.format($0) } ?? "never"), "
            + "project: \(projectID ?? "-"), user: \(userID ?? "-"), roles: \(roles))"
    }
}

/// Keystone's token body, the parts Stratus reads.
struct TokenResponse: Decodable {
    struct Token: Decodable {
        struct Named: Decodable {
            var id: String
            var name: String?
        }
        var expires_at: Date?
        var catalog: ServiceCatalog?
        var project: Named?
        var user: Named?
        var roles: [Named]?
    }
    var token: Token
}
