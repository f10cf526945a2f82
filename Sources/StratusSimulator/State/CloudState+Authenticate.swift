extension CloudState {
    /// The caller of `request`: its `X-Auth-Token` must be a valid, unexpired, project-scoped token.
    func authenticate(_ request: APIRequest) -> Principal? {
        guard let tokenID = request.authToken, let token = tokens[tokenID], token.isValid(at: request.now),
            let projectID = token.projectID, let account = directory.account(id: token.userID),
            account.projectID == projectID
        else { return nil }
        return directory.principal(for: account)
    }
}
