import Foundation
import StratusTime

/// Parses the `Retry-After` header: delay-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`, RFC 9110), relative to `now`.
public enum RetryAfter {
    /// The delay the header asks for; nil when absent or unparsable. A date in the past is zero.
    public static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite {
            return .milliseconds(Int64(max(0, seconds) * 1000))
        }
        guard let date = parseHTTPDate(value) else { return nil }
        let interval = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64(interval * 1000))
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`)
    /// and asctime (`Sun Nov  6 08:49:37 1994`).
    static func parseHTTPDate(_ text: String) -> Date? {
        let tokens = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(separator: " ").map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        for token in tokens {
            if token.count == 3, let index = months.firstIndex(of: token.lowercased()) {
                month = index + 1
                continue
            }
            if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3 { time = parts }
                continue
            }
            if let number = Int(token) {
                if day == nil, number <= 31, token.count <= 2 { day = number } else { year = number }
            }
        }
        guard let day, let month, var year, let time else { return nil }
        if year < 100 { year += year < 70 ? 2000 : 1900 }
        let days = CivilDate.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + time[0] * 3600 + time[1] * 60 + time[2]))
    }
}
