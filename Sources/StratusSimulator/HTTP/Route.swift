/// Route for one method and path template of a service, with its handler.
struct Route<Handler: Sendable>: Sendable {
    /// What drop-after-commit may apply to.
    enum CreateKind: Sendable {
        /// Not a create request.
        case none
        /// Always a create request (`POST /servers`).
        case always
        /// A create request when the action body is `createImage` or `createBackup`.
        case imageAction
    }

    var method: String
    var pattern: RoutePattern
    var create: CreateKind
    var handler: Handler

    /// Creates a route.
    init(_ method: String, _ template: String, create: CreateKind = .none, _ handler: Handler) {
        self.method = method
        self.pattern = RoutePattern(template)
        self.create = create
        self.handler = handler
    }

    /// Whether `request` is a create request for drop-after-commit.
    func isCreate(_ request: APIRequest) -> Bool {
        switch create {
        case .none: return false
        case .always: return true
        case .imageAction:
            guard let body = request.json?.objectValue else { return false }
            return body["createImage"] != nil || body["createBackup"] != nil
        }
    }
}
