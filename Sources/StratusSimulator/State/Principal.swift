/// Who is calling: the user and project a valid token is scoped to.
struct Principal: Sendable {
    /// The Keystone user id.
    var userID: String
    /// The user name.
    var userName: String
    /// The id of the project the token is scoped to.
    var projectID: String
    /// The name of that project.
    var projectName: String
    /// The role names on that project.
    var roles: [String]

    /// Whether the caller has the `admin` role.
    var isAdmin: Bool { roles.contains("admin") }

    /// Whether the caller may see a resource owned by `projectID` without asking for all projects.
    func owns(_ ownerProjectID: String) -> Bool {
        ownerProjectID == projectID
    }
}
