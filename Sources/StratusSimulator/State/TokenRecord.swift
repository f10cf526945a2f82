import Foundation

/// One issued Keystone token.
struct TokenRecord: Sendable {
    /// The opaque token string sent as `X-Auth-Token`.
    var id: String
    /// The user it was issued to.
    var userID: String
    /// The project it is scoped to; nil for an unscoped token.
    var projectID: String?
    /// The authentication methods (`password`, `token`).
    var methods: [String]
    /// When it was issued.
    var issuedAt: Date
    /// When it expires (shown to clients truncated to whole seconds).
    var expiresAt: Date
    /// Keystone's audit id.
    var auditID: String
    /// Whether it has been revoked with `DELETE /auth/tokens`.
    var revoked = false

    /// Whether the token can be used at `now`.
    func isValid(at now: Date) -> Bool {
        !revoked && now < expiresAt
    }
}
