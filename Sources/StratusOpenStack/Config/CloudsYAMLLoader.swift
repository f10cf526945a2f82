/// Turns one cloud entry of a clouds.yaml document into a ``CloudConfiguration``, strictly: every
/// key must be one openstacksdk knows, and every key the chosen `auth_type` needs must be there.
struct CloudsYAMLLoader {
    let file: String
    let tree: ConfigTree

    /// Cloud keys Stratus uses.
    static let usedCloudKeys: Set<String> = [
        "auth_type", "auth", "region_name", "interface", "identity_api_version", "compute_api_version",
        "volume_api_version", "block_storage_api_version", "image_api_version", "api_timeout",
        "compute_endpoint_override", "block_storage_endpoint_override", "volume_endpoint_override",
        "volumev3_endpoint_override", "image_endpoint_override", "identity_endpoint_override",
    ]
    /// Cloud keys openstacksdk knows that Stratus accepts and does not use.
    static let acceptedCloudKeys: Set<String> = [
        "profile", "cloud", "regions", "verify", "cacert", "cert", "key", "insecure", "networks",
        "floating_ip_source", "image_format", "metrics", "split_loggers", "disable_vendor_agent",
        "requires_floating_ip", "has_network", "force_ipv4", "image_api_use_tasks", "nat_destination",
        "nat_source", "message", "auth_methods", "connect_retries", "status_code_retries", "collect_timing",
        "rate_limit", "secgroup_source", "use_direct_get", "block_storage_api_use_v1", "vendor_hook",
    ]
    /// Suffixes of per-service keys openstacksdk accepts for every service.
    static let acceptedSuffixes = ["_api_version", "_endpoint_override", "_service_type", "_service_name",
                                   "_interface", "_endpoint", "_status_code_retries", "_connect_retries"]
    /// Auth keys Stratus understands.
    static let authKeys: Set<String> = [
        "auth_url", "username", "user_id", "password", "project_name", "project_id", "tenant_name", "tenant_id",
        "user_domain_name", "user_domain_id", "project_domain_name", "project_domain_id", "domain_name",
        "domain_id", "default_domain_name", "default_domain_id", "token", "endpoint",
        "application_credential_id", "application_credential_name", "application_credential_secret",
    ]
    static let authTypes = ["password", "v3password", "token", "v3token", "v3applicationcredential",
                            "admin_token", "none", "noauth"]

    func load(cloud name: String) throws -> CloudConfiguration {
        guard let top = tree.mapping else { throw fail("the top level must be a mapping with a 'clouds' key") }
        guard let clouds = top["clouds"]?.mapping else { throw fail("missing key 'clouds'") }
        guard let entry = clouds[name] else {
            let known = clouds.keys.sorted().joined(separator: ", ")
            throw fail("no cloud named '\(name)' (clouds here: \(known.isEmpty ? "none" : known))")
        }
        guard let cloud = entry.mapping else { throw fail("cloud '\(name)' must be a mapping") }
        for key in cloud.keys where !Self.isKnownCloudKey(key) {
            throw fail("cloud '\(name)': unknown key '\(key)'" + suggestion(for: key, among: Self.usedCloudKeys))
        }
        let auth = try cloud["auth"].map { value -> [String: String] in
            guard let mapping = value.mapping else { throw fail("cloud '\(name)': 'auth' must be a mapping") }
            var result: [String: String] = [:]
            for (key, value) in mapping {
                guard Self.authKeys.contains(key) else {
                    throw fail("cloud '\(name)': unknown key 'auth.\(key)'" + suggestion(for: key, among: Self.authKeys))
                }
                if case .null = value { continue }
                guard let scalar = value.scalar else { throw fail("cloud '\(name)': 'auth.\(key)' must be a single value") }
                result[key] = scalar
            }
            return result
        } ?? [:]
        var settings: [String: String] = [:]
        for (key, value) in cloud where key != "auth" {
            if let scalar = value.scalar { settings[key] = scalar }
        }
        return try CloudSettings(cloudName: name, origin: "\(file), cloud '\(name)'", auth: auth, settings: settings,
                                 keyPrefix: "").configuration()
    }

    static func isKnownCloudKey(_ key: String) -> Bool {
        usedCloudKeys.contains(key) || acceptedCloudKeys.contains(key)
            || acceptedSuffixes.contains { key.hasSuffix($0) } || key.hasPrefix("statsd_") || key.hasPrefix("influxdb_")
    }

    private func fail(_ message: String) -> OpenStackError {
        OpenStackError(code: .configuration, message: "\(file): \(message)")
    }

    private func suggestion(for key: String, among candidates: Set<String>) -> String {
        let close = candidates.min { editDistance(key, $0) < editDistance(key, $1) }
        guard let close, editDistance(key, close) <= 3 else { return "" }
        return " (did you mean '\(close)'?)"
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
