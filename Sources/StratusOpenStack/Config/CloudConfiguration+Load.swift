import Foundation

extension CloudConfiguration {
    /// The files searched for clouds.yaml, in openstacksdk's order: `OS_CLIENT_CONFIG_FILE`, then
    /// `./clouds.yaml`, `$XDG_CONFIG_HOME/openstack/` (default `~/.config/openstack/`),
    /// `/etc/openstack/` — each as `.yaml` and `.yml`.
    public static func defaultSearchPaths(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        paths(for: "clouds", explicit: environment["OS_CLIENT_CONFIG_FILE"], environment: environment)
    }

    static func secureSearchPaths(environment: [String: String]) -> [String] {
        paths(for: "secure", explicit: environment["OS_CLIENT_SECURE_FILE"], environment: environment)
    }

    private static func paths(for base: String, explicit: String?, environment: [String: String]) -> [String] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.config"
        var result: [String] = []
        if let explicit, !explicit.isEmpty { result.append(explicit) }
        let cwd = FileManager.default.currentDirectoryPath
        for directory in [cwd, "\(xdg)/openstack", "/etc/openstack"] {
            result.append("\(directory)/\(base).yaml")
            result.append("\(directory)/\(base).yml")
        }
        return result
    }

    /// Loads a cloud the way openstacksdk and openstackclient users already configure one.
    ///
    /// - `cloud` (or else `OS_CLOUD`) names an entry in the first clouds.yaml found on
    ///   `searchPaths` (merged with secure.yaml when present).
    /// - Without a name, `OS_*` variables (`OS_AUTH_URL`, `OS_USERNAME`, `OS_PASSWORD`,
    ///   `OS_PROJECT_NAME`, …) make a cloud called `envvars`.
    ///
    /// Throws ``OpenStackError`` with code ``OpenStackError/Code/configuration`` and a message that
    /// names the file, the cloud and the key — for an unknown key, a missing key, a bad value, or
    /// a cloud that is not there.
    public static func load(
        cloud: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        searchPaths: [String]? = nil
    ) throws -> CloudConfiguration {
        let requested = cloud ?? environment["OS_CLOUD"].flatMap { $0.isEmpty ? nil : $0 }
        let paths = searchPaths ?? defaultSearchPaths(environment: environment)
        guard let name = requested else {
            if environment["OS_AUTH_URL"] != nil || environment["OS_AUTH_TYPE"] != nil || environment["OS_ENDPOINT"] != nil {
                return try EnvironmentCloudLoader(environment: environment).load()
            }
            let found = paths.first { FileManager.default.fileExists(atPath: $0) }
            throw OpenStackError(
                code: .configuration,
                message: "no cloud selected: set OS_CLOUD (or --os-cloud) to a cloud in "
                    + (found ?? "clouds.yaml (searched \(paths.joined(separator: ", ")))")
                    + ", or set OS_AUTH_URL and the other OS_* variables"
            )
        }
        guard let file = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw OpenStackError(
                code: .configuration,
                message: "cloud '\(name)' requested but no clouds.yaml found (searched \(paths.joined(separator: ", ")))"
            )
        }
        var tree = try parseFile(file)
        if searchPaths == nil,
           let secure = secureSearchPaths(environment: environment).first(where: { FileManager.default.fileExists(atPath: $0) }) {
            tree = tree.merged(with: try parseFile(secure))
        }
        return try CloudsYAMLLoader(file: file, tree: tree).load(cloud: name)
    }

    /// Parses clouds.yaml text directly (no file search), for tests and embedding.
    public static func load(cloud: String, cloudsYAML text: String, fileName: String = "clouds.yaml") throws -> CloudConfiguration {
        let tree: ConfigTree
        do {
            tree = try ConfigTree.parse(yaml: text)
        } catch {
            throw OpenStackError(code: .configuration, message: "\(fileName): not valid YAML: \(error)")
        }
        return try CloudsYAMLLoader(file: fileName, tree: tree).load(cloud: cloud)
    }

    private static func parseFile(_ path: String) throws -> ConfigTree {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw OpenStackError(code: .configuration, message: "\(path): cannot be read: \(error.localizedDescription)")
        }
        do {
            return try ConfigTree.parse(yaml: text)
        } catch {
            throw OpenStackError(code: .configuration, message: "\(path): not valid YAML: \(error)")
        }
    }
}
