import Foundation

/// Decodes action parameters, turning every decoding failure into a 4100 that names the field
/// and what was expected (`Count: expected an integer`), never a Swift type dump.
public enum ParamsDecoder {
    /// Decodes `T` from a JSON object's bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw diagnoseRoot(bytes)
            }
            throw describe(error)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.invalidParameter, "parameters could not be read: \(error)")
        }
    }

    /// Foundation reports some type errors (a fraction or a huge number where an integer is
    /// expected) as "not valid JSON" with no field: find the field ourselves.
    static func diagnoseRoot(_ bytes: [UInt8]) -> APIError {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            return APIError(.invalidParameter, "body must be a JSON object (it is not valid JSON)")
        }
        guard let object = parsed as? [String: Any] else {
            return APIError(.invalidParameter, "body must be a JSON object with an action")
        }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if let number = value as? NSNumber, !(value is Bool) {
                let double = number.doubleValue
                if double != double.rounded() || abs(double) > 9.0e15 {
                    return APIError(.invalidParameter, "\(key): expected an integer, got \(number)")
                }
            }
        }
        return APIError(.invalidParameter, "a parameter has the wrong type or an out-of-range number")
    }

    static func describe(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String {
            let parts = codingPath.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return parts.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError(.invalidParameter, "\(field): required")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            if context.codingPath.isEmpty { return APIError(.invalidParameter, "body must be a JSON object with an action") }
            return APIError(.invalidParameter, "\(path(context.codingPath)): expected \(expectation(type))")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return APIError(.invalidParameter, "body must be a JSON object with an action") }
            return APIError(.invalidParameter, "\(path(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            return APIError(.invalidParameter, "parameters could not be read")
        }
    }

    private static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "a value of the right type")
        }
    }
}

/// A parameter check for values whose type decoded but whose value is out of bounds.
public enum Check {
    /// Throws 4100 unless `value` lies in `range`.
    public static func range<T: Comparable>(_ field: String, _ value: T, _ range: ClosedRange<T>) throws(APIError) {
        guard range.contains(value) else {
            throw APIError.invalid(field, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
    }

    /// Throws 4100 unless the string has 1…`max` characters.
    public static func text(_ field: String, _ value: String, max: Int = 255) throws(APIError) {
        guard !value.isEmpty, value.count <= max else {
            throw APIError.invalid(field, "must be 1 to \(max) characters")
        }
    }

    /// Throws 4100 unless the list has 1…`max` items.
    public static func list<T>(_ field: String, _ value: [T], max: Int) throws(APIError) {
        guard !value.isEmpty, value.count <= max else {
            throw APIError.invalid(field, "must list 1 to \(max) items, got \(value.count)")
        }
    }
}
