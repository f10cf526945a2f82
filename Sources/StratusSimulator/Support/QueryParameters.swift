import Foundation

/// The decoded query string of a request, keeping repeated keys and their order.
struct QueryParameters: Sendable {
    /// The pairs in request order, percent-decoded (`+` decodes to a space, as in forms).
    private(set) var pairs: [(name: String, value: String)]

    /// Parses a raw query string (without the leading `?`).
    init(_ query: String?) {
        pairs = []
        guard let query, !query.isEmpty else { return }
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            pairs.append((name, value))
        }
    }

    /// The first value of `name`.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// Whether `name` is present (with any value).
    func has(_ name: String) -> Bool {
        pairs.contains { $0.name == name }
    }

    /// Whether the flag `name` is set to a true-ish value (`1`, `true`, `True`, `yes`, or empty).
    func flag(_ name: String) -> Bool {
        guard let value = self[name] else { return false }
        return ["", "1", "true", "yes", "on"].contains(value.lowercased())
    }

    /// A copy with `name` replaced by `value` (appended when absent).
    func setting(_ name: String, to value: String) -> QueryParameters {
        var copy = self
        copy.pairs.removeAll { $0.name == name }
        copy.pairs.append((name, value))
        return copy
    }

    /// A copy without `name`.
    func removing(_ name: String) -> QueryParameters {
        var copy = self
        copy.pairs.removeAll { $0.name == name }
        return copy
    }

    /// The encoded query string (without `?`).
    var encoded: String {
        pairs.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    /// Percent-decodes one component; invalid escapes are kept as they are.
    static func decode(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Percent-decodes a path component (`+` stays a plus sign).
    static func decodePath(_ text: some StringProtocol) -> String {
        decode(text.replacingOccurrences(of: "+", with: "%2B"))
    }

    /// Percent-encodes a query component, leaving unreserved characters as they are.
    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: ":"):
                output.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}
