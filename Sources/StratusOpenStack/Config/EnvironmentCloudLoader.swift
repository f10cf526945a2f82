/// Reads a cloud from `OS_*` environment variables, as openrc files and openstackclient set them.
struct EnvironmentCloudLoader {
    let environment: [String: String]

    /// `OS_*` variable → auth key.
    static let authVariables: [String: String] = [
        "OS_AUTH_URL": "auth_url", "OS_USERNAME": "username", "OS_USER_ID": "user_id", "OS_PASSWORD": "password",
        "OS_PROJECT_NAME": "project_name", "OS_PROJECT_ID": "project_id", "OS_TENANT_NAME": "tenant_name",
        "OS_TENANT_ID": "tenant_id", "OS_USER_DOMAIN_NAME": "user_domain_name", "OS_USER_DOMAIN_ID": "user_domain_id",
        "OS_PROJECT_DOMAIN_NAME": "project_domain_name", "OS_PROJECT_DOMAIN_ID": "project_domain_id",
        "OS_DOMAIN_NAME": "domain_name", "OS_DOMAIN_ID": "domain_id", "OS_DEFAULT_DOMAIN": "default_domain_id",
        "OS_TOKEN": "token", "OS_ENDPOINT": "endpoint",
        "OS_APPLICATION_CREDENTIAL_ID": "application_credential_id",
        "OS_APPLICATION_CREDENTIAL_NAME": "application_credential_name",
        "OS_APPLICATION_CREDENTIAL_SECRET": "application_credential_secret",
    ]
    /// `OS_*` variable → cloud key.
    static let settingVariables: [String: String] = [
        "OS_AUTH_TYPE": "auth_type", "OS_REGION_NAME": "region_name", "OS_INTERFACE": "interface",
        "OS_ENDPOINT_TYPE": "interface", "OS_IDENTITY_API_VERSION": "identity_api_version",
        "OS_COMPUTE_API_VERSION": "compute_api_version", "OS_VOLUME_API_VERSION": "volume_api_version",
        "OS_IMAGE_API_VERSION": "image_api_version", "OS_API_TIMEOUT": "api_timeout",
        "OS_COMPUTE_ENDPOINT_OVERRIDE": "compute_endpoint_override",
        "OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE": "block_storage_endpoint_override",
        "OS_IMAGE_ENDPOINT_OVERRIDE": "image_endpoint_override",
        "OS_NETWORK_ENDPOINT_OVERRIDE": "network_endpoint_override",
    ]

    func load() throws -> CloudConfiguration {
        var auth: [String: String] = [:]
        var settings: [String: String] = [:]
        var names: [String: String] = [:]
        for (variable, key) in Self.authVariables {
            names["auth.\(key)"] = variable
            if let value = environment[variable], !value.isEmpty { auth[key] = value }
        }
        for (variable, key) in Self.settingVariables {
            if names[key] == nil || variable != "OS_ENDPOINT_TYPE" { names[key] = variable }
            if let value = environment[variable], !value.isEmpty, settings[key] == nil || variable == "OS_INTERFACE" {
                settings[key] = value
            }
        }
        return try CloudSettings(cloudName: "envvars", origin: "environment (OS_* variables)", auth: auth,
                                 settings: settings, keyPrefix: "OS_", keyNames: names).configuration()
    }
}
