/// One result row — a server, a volume, a job — as ordered fields, so every output format shows
/// the same fields in the same order (scripts can rely on `--format json` field names).
public struct Record: Sendable, Hashable {
    /// A field's value, typed for JSON and YAML.
    public enum Value: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case string(String)
        case int(Int)
        case bool(Bool)
        case list([String])
        case null

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .int(value) }

        /// An optional string: `.null` when nil.
        public static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }

        /// The value in a table cell.
        public var cell: String {
            switch self {
            case .string(let text): return text
            case .int(let number): return String(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .list(let items): return items.joined(separator: ",")
            case .null: return "-"
            }
        }
    }

    public var fields: [(name: String, value: Value)]

    public init(_ fields: [(String, Value)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public subscript(name: String) -> Value? { fields.first { $0.name == name }?.value }

    public static func == (lhs: Record, rhs: Record) -> Bool {
        lhs.fields.map(\.name) == rhs.fields.map(\.name) && lhs.fields.map(\.value) == rhs.fields.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.name)
            hasher.combine(field.value)
        }
    }
}
