/// The flat settings of one cloud — the `auth` mapping and the cloud-level keys — whichever source
/// they came from (clouds.yaml or `OS_*`), turned into a ``CloudConfiguration`` with errors that
/// name the missing or bad key.
struct CloudSettings {
    let cloudName: String
    /// Where the settings came from, for messages ("clouds.yaml, cloud 'x'" or "environment").
    let origin: String
    let auth: [String: String]
    let settings: [String: String]
    /// How keys are named in messages: "" for clouds.yaml keys, or a mapping to `OS_*` names.
    let keyPrefix: String
    var keyNames: [String: String] = [:]

    init(cloudName: String, origin: String, auth: [String: String], settings: [String: String], keyPrefix: String,
         keyNames: [String: String] = [:]) {
        self.cloudName = cloudName
        self.origin = origin
        self.auth = auth
        self.settings = settings
        self.keyPrefix = keyPrefix
        self.keyNames = keyNames
    }

    private func name(_ key: String) -> String { keyNames[key] ?? key }

    private func fail(_ message: String) -> OpenStackError {
        OpenStackError(code: .configuration, message: "\(origin): \(message)")
    }

    private func missing(_ keys: String...) -> OpenStackError {
        let names = keys.map { "'\(name($0))'" }
        let authType = settings["auth_type"] ?? "password"
        return fail("missing key \(names.joined(separator: " or ")) (needed for auth_type \(authType))")
    }

    private func required(_ key: String) throws -> String {
        guard let value = auth[key], !value.isEmpty else { throw missing("auth.\(key)") }
        return value
    }

    func configuration() throws -> CloudConfiguration {
        let authType = try resolvedAuthType()
        let credentials = try makeCredentials(authType: authType)
        var overrides = try endpointOverrides()
        if let endpoint = auth["endpoint"], !endpoint.isEmpty {
            for service in [ServiceType.compute, .blockStorage, .image, .identity] where overrides[service] == nil {
                overrides[service] = endpoint
            }
        }
        let authURL = auth["auth_url"].flatMap { $0.isEmpty ? nil : $0 }
        if credentials.usesKeystone, authURL == nil { throw missing("auth.auth_url") }
        if !credentials.usesKeystone {
            let lacking = [ServiceType.compute, .blockStorage, .image].filter { overrides[$0] == nil }
            if lacking.count == 3 {
                throw fail("auth_type \(authType) has no catalog: set '\(name("auth.endpoint"))' or the "
                    + "'compute_endpoint_override', 'block_storage_endpoint_override' and 'image_endpoint_override' keys")
            }
        }
        if let identity = settings["identity_api_version"], !["3", "3.0"].contains(identity) {
            throw fail("'\(name("identity_api_version"))' is \(identity); Stratus speaks Keystone v3 only")
        }
        var retry = RetryPolicy.default
        if let timeout = settings["api_timeout"] {
            guard let seconds = Double(timeout), seconds > 0 else {
                throw fail("'\(name("api_timeout"))' must be a number of seconds, not '\(timeout)'")
            }
            retry.attemptTimeout = .milliseconds(Int64(seconds * 1000))
        }
        let interface = try resolvedInterface()
        return CloudConfiguration(
            name: cloudName,
            authURL: authURL,
            credentials: credentials,
            region: settings["region_name"].flatMap { $0.isEmpty ? nil : $0 },
            interface: interface,
            endpointOverrides: overrides,
            computeMicroversion: try microversion("compute_api_version", major: 2, default: .preferredCompute),
            volumeMicroversion: try microversion(
                settings["block_storage_api_version"] != nil ? "block_storage_api_version" : "volume_api_version",
                major: 3, default: .preferredVolume),
            retry: retry
        )
    }

    private func resolvedAuthType() throws -> String {
        let given = settings["auth_type"]
        let type: String
        if let given {
            type = given
        } else if auth["application_credential_secret"] != nil {
            type = "v3applicationcredential"
        } else if auth["token"] != nil, auth["password"] == nil {
            type = "token"
        } else {
            type = "password"
        }
        guard CloudsYAMLLoader.authTypes.contains(type) else {
            throw fail("'\(name("auth_type"))' is '\(type)'; supported: \(CloudsYAMLLoader.authTypes.joined(separator: ", "))")
        }
        return type
    }

    private func makeCredentials(authType: String) throws -> Credentials {
        switch authType {
        case "password", "v3password":
            let password = try required("password")
            guard auth["username"] != nil || auth["user_id"] != nil else { throw missing("auth.username", "auth.user_id") }
            return .password(PasswordCredentials(user: user(), password: password, scope: try scope(required: true)))
        case "token", "v3token":
            return .token(token: try required("token"), scope: try scope(required: true))
        case "v3applicationcredential":
            let secret = try required("application_credential_secret")
            let id = auth["application_credential_id"]
            let appName = auth["application_credential_name"]
            guard id != nil || appName != nil else {
                throw missing("auth.application_credential_id", "auth.application_credential_name")
            }
            if id == nil, auth["username"] == nil, auth["user_id"] == nil {
                throw fail("'\(name("auth.application_credential_name"))' needs '\(name("auth.username"))' or '\(name("auth.user_id"))'")
            }
            let owner = auth["username"] != nil || auth["user_id"] != nil ? user() : nil
            return .applicationCredential(id: id, name: appName, secret: secret, user: owner)
        case "admin_token":
            return .staticToken(try required("token"))
        default:
            return .none
        }
    }

    private func user() -> UserReference {
        UserReference(
            id: auth["user_id"], name: auth["username"],
            domain: domain(id: auth["user_domain_id"], name: auth["user_domain_name"]))
    }

    private func domain(id: String?, name: String?) -> DomainReference {
        if id != nil || name != nil { return DomainReference(id: id, name: name) }
        if auth["domain_id"] != nil || auth["domain_name"] != nil {
            return DomainReference(id: auth["domain_id"], name: auth["domain_name"])
        }
        if auth["default_domain_id"] != nil || auth["default_domain_name"] != nil {
            return DomainReference(id: auth["default_domain_id"], name: auth["default_domain_name"])
        }
        return .default
    }

    private func scope(required: Bool) throws -> ProjectScope? {
        let id = auth["project_id"] ?? auth["tenant_id"]
        let projectName = auth["project_name"] ?? auth["tenant_name"]
        guard id != nil || projectName != nil else {
            if required { throw missing("auth.project_name", "auth.project_id") }
            return nil
        }
        return ProjectScope(id: id, name: projectName,
                            domain: domain(id: auth["project_domain_id"], name: auth["project_domain_name"]))
    }

    private func resolvedInterface() throws -> String {
        guard var value = settings["interface"], !value.isEmpty else { return "public" }
        if value.hasSuffix("URL") { value.removeLast(3) }
        guard ["public", "internal", "admin"].contains(value) else {
            throw fail("'\(name("interface"))' is '\(value)'; expected public, internal or admin")
        }
        return value
    }

    private func endpointOverrides() throws -> [ServiceType: String] {
        let keys: [(String, ServiceType)] = [
            ("compute_endpoint_override", .compute), ("block_storage_endpoint_override", .blockStorage),
            ("volume_endpoint_override", .blockStorage), ("volumev3_endpoint_override", .blockStorage),
            ("image_endpoint_override", .image), ("identity_endpoint_override", .identity),
            ("network_endpoint_override", .network),
        ]
        var result: [ServiceType: String] = [:]
        for (key, service) in keys {
            guard let value = settings[key], !value.isEmpty else { continue }
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw fail("'\(name(key))' must be an http(s) URL, not '\(value)'")
            }
            result[service] = value
        }
        return result
    }

    private func microversion(_ key: String, major: Int, default fallback: Microversion) throws -> Microversion {
        guard let value = settings[key], !value.isEmpty else { return fallback }
        if value == String(major) || value == "latest" { return fallback }
        guard let version = Microversion(parsing: value), version.major == major else {
            throw fail("'\(name(key))' is '\(value)'; expected \(major) or \(major).N")
        }
        return version.minor <= 1 && major == 2 ? fallback : version
    }
}
