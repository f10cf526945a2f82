import Foundation

extension CloudState {
    /// `POST /auth/tokens`: password or token authentication, optionally project-scoped.
    mutating func issueToken(_ request: APIRequest) -> SimulatorReply {
        guard let auth = request.json?["auth"], let identity = auth["identity"] else {
            return keystoneError(
                400,
                "Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
                request
            )
        }
        let methods = identity["methods"]?.stringArray ?? []
        let account: IdentityDirectory.Account
        var expiresAt = request.now.addingTimeInterval(configuration.tokenLifetime.seconds)
        if methods.contains("password") {
            guard let user = identity["password"]?["user"], let found = passwordAccount(user) else {
                return ErrorStyle.unauthorized(request)
            }
            account = found
        } else if methods.contains("token") {
            guard let tokenID = identity["token"]?["id"]?.stringValue, let token = tokens[tokenID],
                token.isValid(at: request.now), let found = directory.account(id: token.userID)
            else {
                return ErrorStyle.unauthorized(request)
            }
            account = found
            expiresAt = token.expiresAt
        } else {
            return ErrorStyle.unauthorized(request)
        }

        var projectID: String?
        if let scope = auth["scope"], scope.objectValue != nil {
            guard let project = scope["project"] else {
                return ErrorStyle.unauthorized(request)
            }
            guard let scoped = scopedProjectID(project, account: account) else {
                return ErrorStyle.unauthorized(request)
            }
            projectID = scoped
        }

        let token = TokenRecord(
            id: Self.newTokenID(),
            userID: account.userID,
            projectID: projectID,
            methods: methods.contains("password") ? ["password"] : ["token", "password"],
            issuedAt: request.now,
            expiresAt: expiresAt,
            auditID: Self.randomString(length: 22)
        )
        tokens[token.id] = token
        let body = tokenBody(token, account: account, request: request)
        return .json(201, body).adding("X-Subject-Token", token.id)
    }

    /// `GET`/`HEAD /auth/tokens`: validates `X-Subject-Token` for a caller with a valid `X-Auth-Token`.
    func validateToken(_ request: APIRequest) -> SimulatorReply {
        guard let caller = request.authToken, tokens[caller]?.isValid(at: request.now) == true else {
            return ErrorStyle.unauthorized(request)
        }
        guard let subjectID = request.header("x-subject-token"), let subject = tokens[subjectID],
            subject.isValid(at: request.now), let account = directory.account(id: subject.userID)
        else {
            return keystoneError(404, "Failed to validate token", request)
        }
        return .json(200, tokenBody(subject, account: account, request: request)).adding("X-Subject-Token", subjectID)
    }

    /// `DELETE /auth/tokens`: revokes `X-Subject-Token`.
    mutating func revokeToken(_ request: APIRequest) -> SimulatorReply {
        guard let caller = request.authToken, tokens[caller]?.isValid(at: request.now) == true else {
            return ErrorStyle.unauthorized(request)
        }
        guard let subjectID = request.header("x-subject-token"), tokens[subjectID]?.isValid(at: request.now) == true else {
            return keystoneError(404, "Failed to validate token", request)
        }
        tokens[subjectID]?.revoked = true
        return .empty(204)
    }

    /// `GET /auth/projects`: the projects the caller's user can scope to.
    func listAuthProjects(_ request: APIRequest) -> SimulatorReply {
        guard let caller = request.authToken, let token = tokens[caller], token.isValid(at: request.now),
            let account = directory.account(id: token.userID)
        else {
            return ErrorStyle.unauthorized(request)
        }
        let base = request.baseURL + "/identity/v3"
        let project: JSON = [
            "id": .string(account.projectID), "name": .string(account.user.project),
            "domain_id": .string(IdentityDirectory.domainID), "description": "", "enabled": true,
            "parent_id": .string(IdentityDirectory.domainID), "is_domain": false, "tags": [], "options": [:],
            "links": ["self": .string("\(base)/projects/\(account.projectID)")],
        ]
        return .json(
            200,
            ["projects": [project], "links": ["self": .string("\(base)/auth/projects"), "previous": nil, "next": nil]]
        )
    }

    /// `GET /auth/catalog`: the catalog of the caller's (project-scoped) token.
    func authCatalog(_ request: APIRequest) -> SimulatorReply {
        guard let principal = authenticate(request) else {
            return ErrorStyle.unauthorized(request)
        }
        let catalog = ServiceCatalog.catalog(
            baseURL: request.baseURL, projectID: principal.projectID, region: configuration.region)
        return .json(
            200,
            ["catalog": catalog, "links": ["self": .string("\(request.baseURL)/identity/v3/auth/catalog"), "previous": nil, "next": nil]]
        )
    }

    private func keystoneError(_ status: Int, _ message: String, _ request: APIRequest) -> SimulatorReply {
        ErrorStyle.keystone.reply(status, message, request: request)
    }

    /// The account named by a password `user` object whose password matches.
    private func passwordAccount(_ user: JSON) -> IdentityDirectory.Account? {
        let account: IdentityDirectory.Account?
        if let id = user["id"]?.stringValue {
            account = directory.account(id: id)
        } else if let name = user["name"]?.stringValue {
            let domain = user["domain"]
            guard IdentityDirectory.isDefaultDomain(id: domain?["id"]?.stringValue, name: domain?["name"]?.stringValue) else {
                return nil
            }
            account = directory.account(named: name)
        } else {
            account = nil
        }
        guard let account, user["password"]?.stringValue == account.user.password else { return nil }
        return account
    }

    /// The id of the project a scope names, if `account` may use it.
    private func scopedProjectID(_ project: JSON, account: IdentityDirectory.Account) -> String? {
        if let id = project["id"]?.stringValue {
            return id == account.projectID ? id : nil
        }
        guard let name = project["name"]?.stringValue, name == account.user.project else { return nil }
        let domain = project["domain"]
        guard IdentityDirectory.isDefaultDomain(id: domain?["id"]?.stringValue, name: domain?["name"]?.stringValue) else {
            return nil
        }
        return account.projectID
    }

    /// The `{"token": …}` body; the catalog is left out for unscoped tokens and with `?nocatalog`.
    private func tokenBody(_ token: TokenRecord, account: IdentityDirectory.Account, request: APIRequest) -> JSON {
        let domain: JSON = ["id": .string(IdentityDirectory.domainID), "name": .string(IdentityDirectory.domainName)]
        var body: [String: JSON] = [
            "methods": JSON(token.methods),
            "user": [
                "domain": domain, "id": .string(account.userID), "name": .string(account.user.name),
                "password_expires_at": nil,
            ],
            "audit_ids": [.string(token.auditID)],
            "expires_at": .string(Timestamp.keystone(token.expiresAt)),
            "issued_at": .string(Timestamp.keystone(token.issuedAt)),
        ]
        if let projectID = token.projectID {
            body["project"] = ["domain": domain, "id": .string(projectID), "name": .string(account.user.project)]
            body["is_domain"] = false
            body["roles"] = .array(
                account.user.roles.map { ["id": .string(IdentityDirectory.roleID(named: $0)), "name": .string($0)] }
            )
            if !request.query.has("nocatalog") {
                body["catalog"] = ServiceCatalog.catalog(
                    baseURL: request.baseURL, projectID: projectID, region: configuration.region)
            }
        }
        return ["token": .object(body)]
    }

    /// A random opaque token, shaped like a Fernet token.
    static func newTokenID() -> String {
        "gAAAAA" + randomString(length: 178)
    }

    /// A random URL-safe string.
    static func randomString(length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
