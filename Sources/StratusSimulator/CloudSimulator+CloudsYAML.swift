import Foundation

extension CloudSimulator {
    /// A complete `clouds.yaml` document pointing at this simulator, for openstacksdk,
    /// openstackclient or any client that reads the same file.
    ///
    /// - Parameters:
    ///   - cloudName: The cloud's key under `clouds:`. Default: `stratus-simulator`.
    ///   - user: The configured user to authenticate as. Default: `demo`. An unknown name is
    ///     written with an empty password and project `demo` (authentication will fail).
    /// - Returns: The YAML text (valid once the simulator is running, as it contains the port).
    public func cloudsYAML(cloudName: String = "stratus-simulator", user: String = "demo") -> String {
        let account = configuration.users.first { $0.name == user }
        let password = account?.password ?? ""
        let project = account?.project ?? "demo"
        return """
            clouds:
              \(Self.quoted(cloudName)):
                auth_type: password
                auth:
                  auth_url: \(Self.quoted(authURL))
                  username: \(Self.quoted(user))
                  password: \(Self.quoted(password))
                  project_name: \(Self.quoted(project))
                  user_domain_name: Default
                  project_domain_name: Default
                region_name: \(Self.quoted(configuration.region))
                interface: public
                identity_api_version: 3

            """
    }

    /// A YAML single-quoted scalar.
    private static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
