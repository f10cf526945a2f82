/// The users, projects and roles of the simulated Keystone, with ids derived from names.
struct IdentityDirectory: Sendable {
    /// A user together with its derived ids.
    struct Account: Sendable {
        var user: SimulatedUser
        var userID: String
        var projectID: String
    }

    /// The domain every user and project lives in.
    static let domainID = "default"
    /// The name of that domain.
    static let domainName = "Default"

    /// Every configured user.
    let accounts: [Account]

    /// Builds the directory from the configured users.
    init(users: [SimulatedUser]) {
        accounts = users.map { user in
            Account(
                user: user,
                userID: StableID.make("user", user.name),
                projectID: Self.projectID(named: user.project)
            )
        }
    }

    /// The derived id of the project named `name`.
    static func projectID(named name: String) -> String {
        StableID.make("project", name)
    }

    /// The derived id of the role named `name`.
    static func roleID(named name: String) -> String {
        StableID.make("role", name)
    }

    /// The account of the user with this name.
    func account(named name: String) -> Account? {
        accounts.first { $0.user.name == name }
    }

    /// The account of the user with this id.
    func account(id: String) -> Account? {
        accounts.first { $0.userID == id }
    }

    /// The name of the project with this id, if any user belongs to it.
    func projectName(id: String) -> String? {
        accounts.first { $0.projectID == id }?.user.project
    }

    /// Whether `domain` (an id or a name, as Keystone accepts either) names the default domain.
    static func isDefaultDomain(id: String?, name: String?) -> Bool {
        if let id { return id == domainID }
        if let name { return name == domainName }
        return true
    }

    /// The principal of `account` scoped to its project.
    func principal(for account: Account) -> Principal {
        Principal(
            userID: account.userID,
            userName: account.user.name,
            projectID: account.projectID,
            projectName: account.user.project,
            roles: account.user.roles
        )
    }
}
