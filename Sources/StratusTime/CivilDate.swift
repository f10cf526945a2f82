/// Calendar arithmetic for UTC timestamps without Foundation's `Calendar`: the proleptic
/// Gregorian calendar, by Howard Hinnant's `days_from_civil` / `civil_from_days`.
///
/// Shared by every place that reads or writes wire timestamps on a hot path — OpenStack's dates
/// (client), the simulator's, and the action API's answers — so there is one copy to get right.
///
/// ```swift
/// CivilDate.days(year: 1970, month: 1, day: 1)    // 0
/// CivilDate.civil(days: 19_000)                   // (year: 2022, month: 1, day: 8)
/// ```
public enum CivilDate {
    /// Days since 1970-01-01 of a date (months 1…12; any year, negative days before 1970).
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01; the inverse of ``days(year:month:day:)``.
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
