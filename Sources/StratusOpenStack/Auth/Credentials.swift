/// How the client authenticates — the `auth_type` values of openstacksdk that Stratus supports.
///
/// Secrets (passwords, tokens, application-credential secrets) are held here and nowhere else;
/// ``description`` never prints them.
public enum Credentials: Sendable, Hashable, CustomStringConvertible {
    /// Keystone v3 password auth (`auth_type: password`), scoped to a project.
    case password(PasswordCredentials)
    /// Keystone v3 token auth (`auth_type: token`): exchanges an existing token for a scoped one
    /// with a catalog.
    case token(token: String, scope: ProjectScope?)
    /// Keystone v3 application credential (`auth_type: v3applicationcredential`).
    case applicationCredential(id: String?, name: String?, secret: String, user: UserReference?)
    /// A static token sent as is, with no Keystone and no catalog (`auth_type: admin_token`);
    /// every service needs an endpoint override.
    case staticToken(String)
    /// No authentication at all (`auth_type: none`); every service needs an endpoint override.
    case none

    public var description: String {
        switch self {
        case .password(let credentials): return "password(user: \(credentials.user), scope: \(credentials.scope.map { "\($0)" } ?? "unscoped"))"
        case .token(_, let scope): return "token(<redacted>, scope: \(scope.map { "\($0)" } ?? "unscoped"))"
        case .applicationCredential(let id, let name, _, _): return "applicationCredential(\(id ?? name ?? "?"), secret: <redacted>)"
        case .staticToken: return "staticToken(<redacted>)"
        case .none: return "none"
        }
    }

    /// True when requests go through Keystone (a catalog is available).
    public var usesKeystone: Bool {
        switch self {
        case .password, .token, .applicationCredential: return true
        case .staticToken, .none: return false
        }
    }
}

/// A user named by id, or by name within a domain.
public struct UserReference: Sendable, Hashable, CustomStringConvertible {
    /// The user id, when known.
    public var id: String?
    /// The user name (needs a domain).
    public var name: String?
    /// The user's domain.
    public var domain: DomainReference

    /// Creates a reference.
    public init(id: String? = nil, name: String? = nil, domain: DomainReference = .default) {
        self.id = id
        self.name = name
        self.domain = domain
    }

    public var description: String { id ?? "\(name ?? "?")@\(domain)" }
}

/// A domain named by id or name.
public struct DomainReference: Sendable, Hashable, CustomStringConvertible {
    /// The domain id.
    public var id: String?
    /// The domain name.
    public var name: String?

    /// Creates a reference.
    public init(id: String? = nil, name: String? = nil) {
        self.id = id
        self.name = name
    }

    /// The `Default` domain (id `default`).
    public static let `default` = DomainReference(id: "default")

    public var description: String { id ?? name ?? "?" }
}

/// The project a token is scoped to: by id, or by name within a domain.
public struct ProjectScope: Sendable, Hashable, CustomStringConvertible {
    /// The project id.
    public var id: String?
    /// The project name (needs a domain).
    public var name: String?
    /// The project's domain.
    public var domain: DomainReference

    /// Creates a scope.
    public init(id: String? = nil, name: String? = nil, domain: DomainReference = .default) {
        self.id = id
        self.name = name
        self.domain = domain
    }

    public var description: String { id ?? "\(name ?? "?")@\(domain)" }
}

/// Password credentials for Keystone v3.
public struct PasswordCredentials: Sendable, Hashable, CustomStringConvertible {
    /// Who logs in.
    public var user: UserReference
    /// The password (never printed).
    public var password: String
    /// The project to scope the token to; nil for an unscoped token (no catalog).
    public var scope: ProjectScope?

    /// Creates credentials.
    public init(user: UserReference, password: String, scope: ProjectScope?) {
        self.user = user
        self.password = password
        self.scope = scope
    }

    public var description: String { "PasswordCredentials(user: \(user), password: <redacted>)" }
}
