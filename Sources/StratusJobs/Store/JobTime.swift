import Foundation

/// How stores write times: whole microseconds since the Unix epoch, in a 64-bit integer column.
/// Integers compare exactly in SQL, index well, and mean the same in SQLite and PostgreSQL.
public enum JobTime {
    /// `date` as microseconds since 1970.
    public static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Microseconds since 1970 as a date.
    public static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// `duration` in whole microseconds.
    public static func micros(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// Microseconds as a duration.
    public static func duration(_ micros: Int64) -> Duration {
        .microseconds(micros)
    }
}
