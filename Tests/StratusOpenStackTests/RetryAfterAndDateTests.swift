import Foundation
import Testing
@testable import StratusOpenStack

@Suite("Retry-After and OpenStack timestamps")
struct RetryAfterAndDateTests {
    let now = OpenStackDate.parse("2026-11-22T04:00:00Z")!

    @Test func retryAfterSeconds() {
        #expect(RetryAfter.parse("120", now: now) == .seconds(120))
        #expect(RetryAfter.parse(" 3 ", now: now) == .seconds(3))
        #expect(RetryAfter.parse("0.5", now: now) == .milliseconds(500))
        #expect(RetryAfter.parse(nil, now: now) == nil)
        #expect(RetryAfter.parse("soon", now: now) == nil)
    }

    @Test("HTTP-date in IMF-fixdate, RFC 850 and asctime forms")
    func retryAfterDates() {
        #expect(RetryAfter.parse("Sun, 22 Nov 2026 04:00:30 GMT", now: now) == .seconds(30))
        #expect(RetryAfter.parse("Sunday, 22-Nov-26 04:01:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfter.parse("Sun Nov 22 04:00:10 2026", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sun, 22 Nov 2026 03:00:00 GMT", now: now) == .zero)
    }

    @Test("every timestamp form the services write")
    func timestamps() {
        let expected = 1_795_320_000.0  // 2026-11-22T04:00:00Z
        #expect(OpenStackDate.parse("2026-11-22T04:00:00Z")?.timeIntervalSince1970 == expected)
        #expect(OpenStackDate.parse("2026-11-22T04:00:00.000000Z")?.timeIntervalSince1970 == expected)
        #expect(OpenStackDate.parse("2026-11-22T04:00:00.000000")?.timeIntervalSince1970 == expected)
        #expect(OpenStackDate.parse("2026-11-22T05:00:00+01:00")?.timeIntervalSince1970 == expected)
        #expect(OpenStackDate.parse("2026-11-22T04:00:00.250000Z")?.timeIntervalSince1970 == expected + 0.25)
        #expect(OpenStackDate.parse("22/11/2026") == nil)
        #expect(OpenStackDate.parse("2026-13-22T04:00:00Z") == nil)
        #expect(OpenStackDate.format(Date(timeIntervalSince1970: expected)) == "2026-11-22T04:00:00Z")
        #expect(OpenStackDate.format(Date(timeIntervalSince1970: expected + 0.5), fractional: true)
                    == "2026-11-22T04:00:00.500000Z")
    }
}
