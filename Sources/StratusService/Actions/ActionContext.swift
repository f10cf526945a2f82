import Crypto
import Logging

/// Which of the two APIs a request arrived on.
public enum APIKind: String, Sendable, Hashable {
    /// For project users: every request acts for the access key's project.
    case `public`
    /// For operators: projects, access keys, quotas.
    case manage
}

/// What a handler knows about the request beyond its parameters.
public struct ActionContext: Sendable {
    public let api: APIKind
    public let action: String
    /// The request's id (densefog's `context_id`): in the `X-Stratus-Context-Id` response header,
    /// in every log line, and in every job the request enqueues.
    public let contextID: String
    /// The caller's project (public API); nil on the manage API.
    public let projectID: String?
    public let accessKeyID: String
    /// The request's `Idempotency-Key`, if any; pass it on to enqueued jobs.
    public let idempotencyKey: String?
    /// The server's logger with this request's `context_id` and `action` metadata.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "context_id"] = .string(contextID)
        logger[metadataKey: "action"] = .string(action)
        return logger
    }
    /// Kept without the metadata: most requests never log, and adding it copies the logger's
    /// metadata each time.
    private let baseLogger: Logger

    /// SHA-256 of the action and body, when the request has an `Idempotency-Key` (the same value
    /// the replay check compares).
    public let requestFingerprint: String?

    public init(
        api: APIKind, action: String, contextID: String, projectID: String?, accessKeyID: String,
        idempotencyKey: String?, logger: Logger, requestFingerprint: String? = nil
    ) {
        self.api = api
        self.action = action
        self.contextID = contextID
        self.projectID = projectID
        self.accessKeyID = accessKeyID
        self.idempotencyKey = idempotencyKey
        self.baseLogger = logger
        self.requestFingerprint = requestFingerprint
    }

    /// Hex digits that are the same on every run of this request — same caller, same
    /// `Idempotency-Key`, same body — and different for anything else; nil without a key.
    ///
    /// For ids of what a handler creates. A retry normally replays the first answer, but when the
    /// first run failed part-way (the database restarted between its writes), the key is freed
    /// and the handler runs again: ids from here let it find what the first run already wrote
    /// instead of writing it twice. `salt` tells apart the things one request creates
    /// (`"instance#0"`, `"instance#1"`, …).
    public func stableDigits(_ salt: String, count: Int = 12) -> String? {
        guard let idempotencyKey, let requestFingerprint else { return nil }
        let material = [api.rawValue, projectID ?? accessKeyID, idempotencyKey, requestFingerprint, salt].joined(separator: "\u{0}")
        let digest = SHA256.hash(data: Array(material.utf8))
        let hex = digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return String(hex.prefix(min(max(count, 1), 64)))
    }

    /// The caller's project; a public-API handler may rely on it.
    public func requireProject() throws(APIError) -> String {
        guard let projectID else { throw APIError(.accessKeyInvalid, "this action needs a project access key") }
        return projectID
    }
}
