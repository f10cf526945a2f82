import Foundation
import StratusTime
import Testing

@Suite("CivilDate")
struct CivilDateTests {
    static let utcGregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test("every day from 1600 to 2400 agrees with Foundation's Gregorian calendar, both ways")
    func agreesWithFoundation() throws {
        let first = CivilDate.days(year: 1600, month: 1, day: 1)
        let last = CivilDate.days(year: 2400, month: 12, day: 31)
        #expect(last - first + 1 == 801 * 365 + 195)  // 195 leap years: 201 fourth years less 1700, 1800, 1900, 2100, 2200, 2300
        for days in stride(from: first, through: last, by: 1) {
            let civil = CivilDate.civil(days: days)
            #expect(CivilDate.days(year: civil.year, month: civil.month, day: civil.day) == days)
            if days % 97 == 0 {  // Foundation is slow; a spread sample of ~3,000 days is enough
                let parts = Self.utcGregorian.dateComponents([.year, .month, .day],
                                                             from: Date(timeIntervalSince1970: Double(days) * 86_400))
                #expect(parts.year == civil.year && parts.month == civil.month && parts.day == civil.day, "\(days)")
            }
        }
    }

    @Test("fixed points: the epoch, the day before, leap days, century rules")
    func fixedPoints() {
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.civil(days: -1) == (1969, 12, 31))
        #expect(CivilDate.civil(days: CivilDate.days(year: 2000, month: 2, day: 29)) == (2000, 2, 29))
        #expect(CivilDate.days(year: 1900, month: 3, day: 1) - CivilDate.days(year: 1900, month: 2, day: 28) == 1)  // 1900: no leap day
        #expect(CivilDate.days(year: 2024, month: 3, day: 1) - CivilDate.days(year: 2024, month: 2, day: 28) == 2)
    }
}
