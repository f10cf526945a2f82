import Foundation

/// An access key: an id anyone may see, a secret only its holder knows, and what it may reach —
/// one project on the public API, or the manage API.
public struct AccessKey: Sendable, Hashable {
    /// Which API a key opens.
    public enum Scope: String, Sendable, Hashable, Codable {
        /// The public API, for one project.
        case project
        /// The manage API, for operators.
        case manage
    }

    public var id: String
    /// Kept server-side to verify signatures; returned only once, by the call that creates it.
    public var secret: String
    public var scope: Scope
    /// The project a `.project` key acts for; nil for `.manage` keys.
    public var projectID: String?
    public var created: Date
    /// The key stops working at this time, if set.
    public var expires: Date?

    public init(id: String, secret: String, scope: Scope, projectID: String?, created: Date, expires: Date?) {
        self.id = id
        self.secret = secret
        self.scope = scope
        self.projectID = projectID
        self.created = created
        self.expires = expires
    }

    /// A new key with random id and secret.
    public static func generate(scope: Scope, projectID: String?, now: Date, expires: Date? = nil) -> AccessKey {
        AccessKey(
            id: (scope == .manage ? "MK" : "AK") + randomToken(bytes: 10).uppercased(),
            secret: randomToken(bytes: 24), scope: scope, projectID: projectID, created: now, expires: expires)
    }

    static func randomToken(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }.hex
    }
}
