import Foundation

/// A response as tests look at it: status, headers (lowercased names), raw body and JSON.
struct TestResponse: Sendable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON (nil when it is not JSON).
    var json: JSONNode? {
        JSONNode.parse(body)
    }

    /// The header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }
}

/// A JSON value for assertions, with subscripts that return nil instead of failing.
struct JSONNode {
    let value: Any

    /// Parses bytes; nil when they are not JSON.
    static func parse(_ bytes: [UInt8]) -> JSONNode? {
        guard !bytes.isEmpty,
            let value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        else { return nil }
        return JSONNode(value: value)
    }

    subscript(key: String) -> JSONNode? {
        guard let object = value as? [String: Any], let member = object[key] else { return nil }
        return JSONNode(value: member)
    }

    subscript(index: Int) -> JSONNode? {
        guard let array = value as? [Any], array.indices.contains(index) else { return nil }
        return JSONNode(value: array[index])
    }

    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var bool: Bool? { (value as? NSNumber)?.boolValue }
    var isNull: Bool { value is NSNull }
    var array: [JSONNode] { (value as? [Any])?.map { JSONNode(value: $0) } ?? [] }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
    var strings: [String] { array.compactMap(\.string) }
}
