import Foundation
import StratusTime

/// Parses and formats the timestamps OpenStack services use.
///
/// Nova writes `2026-11-22T04:00:00Z`, Cinder `2026-11-22T04:00:00.000000`, Keystone
/// `2026-11-22T05:00:00.000000Z`, Glance `2026-11-22T04:00:00Z`; some add `+00:00`. A timestamp
/// without a zone is UTC, as OpenStack means it.
public enum OpenStackDate {
    /// Parses an ISO 8601 timestamp in any of the forms above; nil when it is not one.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("T "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2)
        else { return nil }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(":")
                guard let minutes = number(2) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            default:
                return nil
            }
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
              second < 61
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats a date as `2026-11-22T04:00:00Z` (whole seconds, UTC), the form Nova's
    /// `changes-since` and Cinder's time filters accept; `fractional` adds microseconds.
    public static func format(_ date: Date, fractional: Bool = false) -> String {
        let total = date.timeIntervalSince1970
        let whole = Int(total.rounded(.down))
        let days = Int((Double(whole) / 86_400).rounded(.down))
        let secondsOfDay = whole - days * 86_400
        let (year, month, day) = CivilDate.civil(days: days)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                          secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60)
        if fractional {
            text += String(format: ".%06d", Int(((total - Double(whole)) * 1_000_000).rounded(.down)))
        }
        return text + "Z"
    }
}

extension JSONDecoder {
    /// A decoder for OpenStack payloads: dates in any of the forms ``OpenStackDate`` parses.
    static func openStack() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = OpenStackDate.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }
}
