/// The actions a worker can run, by name (densefog's job handlers).
///
/// ```swift
/// var handlers = JobHandlers()
/// handlers.register("ResizeVolume") { (params: ResizeParams, context) in
///     try await resize(params, logger: context.logger)
///     return ResizeResult(...)
/// }
/// ```
public struct JobHandlers: Sendable {
    /// A handler on raw bytes: JSON params in the context, JSON result (or nil) out.
    public typealias RawHandler = @Sendable (JobContext) async throws -> [UInt8]?

    private var handlers: [String: RawHandler] = [:]

    public init() {}

    /// The registered action names.
    public var actions: [String] { handlers.keys.sorted() }

    /// Registers a handler that reads raw JSON and returns raw JSON (or nil).
    public mutating func register(_ action: String, raw handler: @escaping RawHandler) {
        precondition(handlers[action] == nil, "a handler for \(action) is registered already")
        handlers[action] = handler
    }

    /// Registers a typed handler: params decoded as `P`, the result encoded as JSON.
    public mutating func register<P: Decodable, R: Encodable>(
        _ action: String, _ handler: @escaping @Sendable (P, JobContext) async throws -> R
    ) {
        register(action, raw: { context in
            let params = try context.params(as: P.self)
            return try JobJSON.encode(try await handler(params, context))
        })
    }

    /// Registers a typed handler with no result.
    public mutating func register<P: Decodable>(
        _ action: String, _ handler: @escaping @Sendable (P, JobContext) async throws -> Void
    ) {
        register(action, raw: { context in
            try await handler(try context.params(as: P.self), context)
            return nil
        })
    }

    subscript(action: String) -> RawHandler? { handlers[action] }
}
