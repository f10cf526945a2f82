import Foundation

/// The actions of one API, by name — densefog's routes dict, typed.
///
/// ```swift
/// var routes = ActionRouter()
/// routes.register("DescribeThings") { (params: DescribeThings, context) in
///     try await things.describe(params, project: context.requireProject())
/// }
/// ```
/// A handler's parameters are the request body (a JSON object with `action` beside them); any
/// decoding failure becomes a 4100 naming the field. Its result is sent as `data`.
public struct ActionRouter: Sendable {
    /// A handler on raw JSON: the whole body in, the `data` JSON out.
    public typealias RawHandler = @Sendable (_ body: [UInt8], _ context: ActionContext) async throws -> [UInt8]

    private var handlers: [String: RawHandler] = [:]

    public init() {}

    /// The action names, sorted.
    public var actions: [String] { handlers.keys.sorted() }

    public mutating func register(_ action: String, raw handler: @escaping RawHandler) {
        precondition(Self.isValidName(action), "action names are letters and digits: \(action)")
        precondition(handlers[action] == nil, "action \(action) registered twice")
        handlers[action] = handler
    }

    public mutating func register<P: Decodable & SendableMetatype, R: Encodable & SendableMetatype>(
        _ action: String, _ handler: @escaping @Sendable (P, ActionContext) async throws -> R
    ) {
        register(action, raw: { body, context in
            let params = try ParamsDecoder.decode(P.self, from: body)
            return try ActionJSON.encode(try await handler(params, context))
        })
    }

    /// As above, for a result that writes its own JSON (``ActionJSONWritable``): the same bytes,
    /// without `JSONEncoder`.
    public mutating func register<P: Decodable & SendableMetatype, R: ActionJSONWritable & SendableMetatype>(
        _ action: String, _ handler: @escaping @Sendable (P, ActionContext) async throws -> R
    ) {
        register(action, raw: { body, context in
            let params = try ParamsDecoder.decode(P.self, from: body)
            var writer = ActionJSONWriter()
            try await handler(params, context).write(to: &writer)
            return writer.bytes
        })
    }

    subscript(action: String) -> RawHandler? { handlers[action] }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }
}

/// JSON conventions of the action APIs: sorted keys, ISO 8601 dates.
public enum ActionJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(value))
    }
}
