import Foundation
import StratusTime

/// The timestamp formats the OpenStack services use, and a lenient parser for query filters.
///
/// Conversion is plain calendar arithmetic in UTC (no formatter objects, no locale).
enum Timestamp {
    /// Nova and Glance: `2026-11-22T03:54:43Z`.
    static func seconds(_ date: Date) -> String {
        let parts = Parts(date)
        return parts.dateTime + "Z"
    }

    /// Cinder and Nova's `OS-SRV-USG:*` fields: `2026-11-22T03:55:14.738925` (no zone).
    static func microseconds(_ date: Date) -> String {
        let parts = Parts(date)
        return parts.dateTime + "." + pad(parts.microsecond, 6)
    }

    /// Keystone: `2026-11-22T04:54:25.000000Z` (Keystone's tokens carry whole seconds).
    static func keystone(_ date: Date) -> String {
        Parts(date).dateTime + ".000000Z"
    }

    /// Parses `2026-11-22T03:54:00Z`, with optional fractional seconds and an optional zone
    /// (`Z`, `+HH:MM`, `-HHMM`; none means UTC). A date alone (`2026-11-22`) is midnight UTC.
    static func parse(_ text: String) -> Date? {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= scalars.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = scalars[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ character: UInt8) -> Bool {
            guard index < scalars.count, scalars[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2),
            expect(UInt8(ascii: "-")), let day = number(2)
        else { return nil }
        var seconds = Double(CivilDate.days(year: year, month: month, day: day)) * 86_400
        guard index < scalars.count else { return Date(timeIntervalSince1970: seconds) }
        guard expect(UInt8(ascii: "T")) || expect(UInt8(ascii: " ")),
            let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2)
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if expect(UInt8(ascii: ":")) {
            guard let second = number(2) else { return nil }
            seconds += Double(second)
        }
        if expect(UInt8(ascii: ".")) {
            var scale = 0.1
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 {
                seconds += Double(scalars[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        if index == scalars.count || expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
            return index == scalars.count ? Date(timeIntervalSince1970: seconds) : nil
        }
        let sign: Double
        if expect(UInt8(ascii: "+")) {
            sign = 1
        } else if expect(UInt8(ascii: "-")) {
            sign = -1
        } else {
            return nil
        }
        guard let offsetHours = number(2) else { return nil }
        _ = expect(UInt8(ascii: ":"))
        let offsetMinutes = number(2) ?? 0
        guard index == scalars.count else { return nil }
        seconds -= sign * Double(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: seconds)
    }

    private struct Parts {
        var year, month, day, hour, minute, second, microsecond: Int

        init(_ date: Date) {
            let interval = date.timeIntervalSince1970
            let whole = interval.rounded(.down)
            var micro = Int(((interval - whole) * 1_000_000).rounded(.down))
            micro = min(max(micro, 0), 999_999)
            let total = Int(whole)
            var days = total / 86_400
            var rest = total % 86_400
            if rest < 0 {
                rest += 86_400
                days -= 1
            }
            (year, month, day) = CivilDate.civil(days: days)
            hour = rest / 3600
            minute = rest % 3600 / 60
            second = rest % 60
            microsecond = micro
        }

        var dateTime: String {
            "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
