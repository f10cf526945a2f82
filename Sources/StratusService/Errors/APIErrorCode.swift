/// densefog's error-code table, which clients of the action API program against.
public enum APIErrorCode: Int, Sendable, Hashable, Codable, CaseIterable {
    /// A parameter is missing, malformed or out of range; the message names it (and the body
    /// must be a JSON object with an `action`).
    case invalidParameter = 4100
    /// The access key is unknown, expired, or the signature does not match.
    case accessKeyInvalid = 4101
    /// The resource belongs to another project.
    case notYourProject = 4103
    /// No such resource.
    case notFound = 4104
    /// The resource is busy (an `-ing` status) or the action is forbidden in its state.
    case busyOrForbidden = 4105
    /// The action is not supported (unknown action, or not on this resource).
    case unsupported = 4106
    /// The request would exceed the project's quota.
    case quotaExceeded = 4113
    /// The idempotency key was used before with a different request.
    case idempotencyConflict = 4109
    /// The project exists already.
    case projectDuplicated = 4600
    /// The manage API's access key is invalid.
    case manageKeyInvalid = 4601
    /// No such project.
    case projectNotFound = 4604
    /// The access key exists already.
    case accessKeyDuplicated = 4611
    /// No such access key.
    case accessKeyNotFound = 4614
    /// Something inside the service failed; the message carries the context id to report.
    case internalError = 5000
    /// The cloud provider (OpenStack) refused or failed the action.
    case providerError = 5001
    /// Some items succeeded and some failed; `data` says which and why.
    case partialSuccess = 5002

    /// The HTTP status the code is sent with.
    public var httpStatus: Int {
        switch self {
        case .invalidParameter: 400
        case .accessKeyInvalid, .manageKeyInvalid: 401
        case .notYourProject: 403
        case .notFound, .projectNotFound, .accessKeyNotFound: 404
        case .busyOrForbidden, .idempotencyConflict, .projectDuplicated, .accessKeyDuplicated: 409
        case .unsupported: 400
        case .quotaExceeded: 403
        case .internalError: 500
        case .providerError, .partialSuccess: 502
        }
    }
}
