/// A Keystone user known to the simulator, a member of exactly one project.
///
/// Users live in the `Default` domain. Their ids (and their project's id) are derived from
/// the names, so they are stable across runs of the simulator.
public struct SimulatedUser: Sendable, Hashable {
    /// The user name used for password authentication, e.g. `demo`.
    public var name: String
    /// The password, compared exactly.
    public var password: String
    /// The name of the project the user is a member of (created on demand), e.g. `demo`.
    public var project: String
    /// The role names the user holds on `project`. `admin` unlocks admin-only behaviour
    /// (`all_tenants`, admin-only fields); `member` and `reader` are informational.
    public var roles: [String]

    /// Creates a user.
    /// - Parameters:
    ///   - name: The user name.
    ///   - password: The password.
    ///   - project: The project the user belongs to.
    ///   - roles: The roles held on that project.
    public init(name: String, password: String, project: String, roles: [String]) {
        self.name = name
        self.password = password
        self.project = project
        self.roles = roles
    }

    /// Whether the user holds the `admin` role.
    var isAdmin: Bool { roles.contains("admin") }
}
