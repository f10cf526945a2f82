/// A JSON value, used for request bodies (which carry free-form metadata) and for responses.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    /// Creates `.string(value)`, or `.null` when `value` is nil.
    init(_ value: String?) {
        self = value.map(JSON.string) ?? .null
    }

    /// Creates `.int(value)`, or `.null` when `value` is nil.
    init(_ value: Int?) {
        self = value.map(JSON.int) ?? .null
    }

    /// An object of string values.
    init(_ dictionary: [String: String]) {
        self = .object(dictionary.mapValues(JSON.string))
    }

    /// An array of strings.
    init(_ strings: [String]) {
        self = .array(strings.map(JSON.string))
    }

    /// The member `key` of an object, nil otherwise.
    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string value, nil for anything else.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer value; integral doubles and integer strings count too (Nova and Cinder accept "1").
    var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: return Int(value)
        case .string(let value): return Int(value)
        default: return nil
        }
    }

    /// The boolean value, nil for anything else.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements of an array, nil for anything else.
    var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members of an object, nil for anything else.
    var objectValue: [String: JSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether the value is `null`.
    var isNull: Bool { self == .null }

    /// An object whose values are all strings, as a dictionary; nil when any value is not a string.
    var stringDictionary: [String: String]? {
        guard let members = objectValue else { return nil }
        var result: [String: String] = [:]
        for (key, value) in members {
            guard let string = value.stringValue else { return nil }
            result[key] = string
        }
        return result
    }

    /// An array whose elements are all strings; nil otherwise.
    var stringArray: [String]? {
        guard let elements = arrayValue else { return nil }
        var result: [String] = []
        for element in elements {
            guard let string = element.stringValue else { return nil }
            result.append(string)
        }
        return result
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }
    init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
