import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Holds the current token and re-authenticates when it is near expiry or rejected.
/// Concurrent callers share one authentication request.
actor AuthSession {
    let configuration: CloudConfiguration
    private var state: AuthState?
    private var inFlight: Task<AuthState, any Error>?

    init(configuration: CloudConfiguration) {
        self.configuration = configuration
    }

    /// A usable token: the cached one unless it expires within the refresh margin.
    func current(using requester: Requester) async throws -> AuthState {
        if let state, !state.isNearExpiry(margin: configuration.tokenRefreshMargin) { return state }
        return try await authenticate(using: requester)
    }

    /// Forgets `token` after a service rejected it (only if it is still the current one).
    func invalidate(token: String?) {
        if state?.token == token { state = nil }
    }

    private func authenticate(using requester: Requester) async throws -> AuthState {
        if let inFlight { return try await inFlight.value }
        let configuration = self.configuration
        let task = Task { try await Self.requestToken(configuration: configuration, requester: requester) }
        inFlight = task
        defer { inFlight = nil }
        let fresh = try await task.value
        state = fresh
        return fresh
    }

    static func requestToken(configuration: CloudConfiguration, requester: Requester) async throws -> AuthState {
        let identityBody: [String: Any]
        var scope: ProjectScope?
        switch configuration.credentials {
        case .staticToken(let token):
            return AuthState(token: token, expiresAt: nil, catalog: nil, projectID: nil, userID: nil)
        case .none:
            return AuthState(token: nil, expiresAt: nil, catalog: nil, projectID: nil, userID: nil)
        case .password(let credentials):
            var user: [String: Any] = ["password": credentials.password]
            if let id = credentials.user.id { user["id"] = id } else {
                user["name"] = credentials.user.name ?? ""
                user["domain"] = domainJSON(credentials.user.domain)
            }
            identityBody = ["methods": ["password"], "password": ["user": user]]
            scope = credentials.scope
        case .token(let token, let tokenScope):
            identityBody = ["methods": ["token"], "token": ["id": token]]
            scope = tokenScope
        case .applicationCredential(let id, let name, let secret, let user):
            var credential: [String: Any] = ["secret": secret]
            if let id { credential["id"] = id } else {
                credential["name"] = name ?? ""
                if let user {
                    var userJSON: [String: Any] = [:]
                    if let userID = user.id { userJSON["id"] = userID } else {
                        userJSON["name"] = user.name ?? ""
                        userJSON["domain"] = domainJSON(user.domain)
                    }
                    credential["user"] = userJSON
                }
            }
            identityBody = ["methods": ["application_credential"], "application_credential": credential]
        }
        var auth: [String: Any] = ["identity": identityBody]
        if let scope {
            var project: [String: Any] = [:]
            if let id = scope.id { project["id"] = id } else {
                project["name"] = scope.name ?? ""
                project["domain"] = domainJSON(scope.domain)
            }
            auth["scope"] = ["project": project]
        }
        let body = try JSONSerialization.data(withJSONObject: ["auth": auth])
        guard let authURL = configuration.authURL else {
            throw OpenStackError(code: .configuration, message: "cloud '\(configuration.name)' has no auth_url")
        }
        let base = configuration.endpointOverrides[.identity]
            .map { EndpointNormalizer.normalize($0, service: .identity, projectID: nil) }
            ?? EndpointNormalizer.normalize(authURL, service: .identity, projectID: nil)
        let route = "POST /auth/tokens"
        let request = Requester.PreparedRequest(
            transport: TransportRequest(method: .POST, url: base + "/auth/tokens",
                                        headers: Requester.jsonHeaders([:], hasBody: true), body: ByteBuffer(data: body)),
            service: "identity", route: route, safety: .idempotent, policy: configuration.retry)
        let (response, attempts) = try await requester.execute(request, priorAttempts: 0)
        guard response.status == 201 || response.status == 200 else {
            var error = Requester.httpError(response, service: "identity", route: route, attempts: attempts,
                                            code: response.status == 401 ? .authentication : .httpStatus)
            if response.status == 401 {
                error.message = "Keystone at \(base) refused the credentials of cloud '\(configuration.name)' "
                    + "(\(configuration.credentials)): \(error.message)"
            }
            throw error
        }
        guard let token = response.headers.first(name: "X-Subject-Token") else {
            throw OpenStackError(code: .authentication, message: "Keystone answered without an X-Subject-Token header",
                                 status: response.status, requestID: response.requestID, service: "identity", route: route)
        }
        let decoded = try requester.decode(TokenResponse.self, from: response, service: "identity", route: route)
        requester.logger.debug("authenticated", metadata: [
            "cloud": "\(configuration.name)", "project": "\(decoded.token.project?.id ?? "-")",
            "expires_at": "\(decoded.token.expires_at.map { OpenStackDate.format($0) } ?? "-")",
        ])
        return AuthState(
            token: token, expiresAt: decoded.token.expires_at, catalog: decoded.token.catalog,
            projectID: decoded.token.project?.id, projectName: decoded.token.project?.name,
            userID: decoded.token.user?.id, roles: decoded.token.roles?.map { $0.name ?? $0.id } ?? [])
    }

    private static func domainJSON(_ domain: DomainReference) -> [String: Any] {
        if let id = domain.id { return ["id": id] }
        return ["name": domain.name ?? "Default"]
    }
}
