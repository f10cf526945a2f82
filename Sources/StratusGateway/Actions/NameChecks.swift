import StratusService

extension Check {
    /// Throws 4100 unless `value` has 1…`max` characters, each a letter, digit, space, `-`, `_`
    /// or one of `extra` — the names the gateway passes on to the cloud (no quotes, control
    /// characters or separators that a cloud or a shell would read differently).
    static func name(_ field: String, _ value: String, max: Int = 128, extra: String = ".") throws(APIError) {
        try text(field, value, max: max)
        let allowed = extra.unicodeScalars.map(\.value)
        let valid = value.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x20, 0x2D, 0x5F: true
            default: allowed.contains(scalar.value)
            }
        }
        guard valid, value.first != " ", value.last != " " else {
            throw APIError.invalid(field, "letters, digits, spaces (not first or last), '-', '_'\(extra.isEmpty ? "" : ", '\(extra)'") only")
        }
    }

    /// Throws 4100 unless `value` is at most `max` bytes of UTF-8 without control characters
    /// (empty allowed): free text such as a description.
    static func freeText(_ field: String, _ value: String, maxBytes: Int = 255) throws(APIError) {
        guard value.utf8.count <= maxBytes else { throw APIError.invalid(field, "must be at most \(maxBytes) bytes") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError.invalid(field, "must not contain control characters")
        }
    }
}
