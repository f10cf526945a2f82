/// An error an action returns to its caller: a table code, a message a person can act on, and for
/// partial success the per-item outcomes.
public struct APIError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: APIErrorCode
    public var message: String
    /// For ``APIErrorCode/partialSuccess``: which items succeeded and which failed, and why.
    public var items: [ItemOutcome]

    public init(_ code: APIErrorCode, _ message: String, items: [ItemOutcome] = []) {
        self.code = code
        self.message = message
        self.items = items
    }

    public var description: String { "\(code.rawValue) \(message)" }

    /// One item of a batch action.
    public struct ItemOutcome: Sendable, Hashable, Codable {
        public var id: String
        public var succeeded: Bool
        /// The job started for this item, when it succeeded.
        public var jobID: String?
        public var code: Int?
        public var message: String?

        enum CodingKeys: String, CodingKey {
            case id, succeeded, jobID = "jobId", code, message
        }

        public static func success(_ id: String, jobID: String? = nil) -> ItemOutcome {
            ItemOutcome(id: id, succeeded: true, jobID: jobID)
        }
        public static func failure(_ id: String, _ error: APIError) -> ItemOutcome {
            ItemOutcome(id: id, succeeded: false, code: error.code.rawValue, message: error.message)
        }
    }

    // Shorthands for the common cases.
    public static func invalid(_ field: String, _ expected: String) -> APIError {
        APIError(.invalidParameter, "\(field): \(expected)")
    }
    public static func notFound(_ kind: String, _ id: String) -> APIError {
        APIError(.notFound, "\(kind) \(id) not found")
    }
    public static func busy(_ kind: String, _ id: String, status: String) -> APIError {
        APIError(.busyOrForbidden, "\(kind) \(id) is busy (\(status)); try again when it settles")
    }
}
