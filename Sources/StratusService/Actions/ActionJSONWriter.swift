import Foundation
import StratusTime

/// A response that writes its own JSON instead of going through `JSONEncoder`.
///
/// For the hot read actions (`DescribeJobs` answers thousands of times a second): Foundation's
/// encoder boxes every value and sorts every object's keys, which cost more than the database
/// read behind the answer. The bytes must be exactly what ``ActionJSON/encode(_:)`` would write
/// for the same value — sorted keys (byte order), nil fields left out, unescaped slashes, ISO 8601
/// dates in whole seconds — so the `Encodable` conformance stays the specification, and a test
/// compares the two.
///
/// ```swift
/// extension Thing: ActionJSONWritable {
///     func write(to json: inout ActionJSONWriter) {
///         json.object { json in
///             json.field("Id", id)
///             json.field("Note", note)  // an Optional: left out when nil
///         }
///     }
/// }
/// ```
public protocol ActionJSONWritable: Encodable {
    /// Writes this value; keys in byte order, as ``ActionJSON`` sorts them.
    func write(to json: inout ActionJSONWriter)
}

/// Appends JSON to a byte buffer; see ``ActionJSONWritable``.
public struct ActionJSONWriter {
    /// What was written so far.
    public private(set) var bytes: [UInt8]
    /// False once the current object or array has an element (the next one needs a comma).
    private var atFirstElement = true

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes `{ … }`; the closure writes its fields.
    public mutating func object(_ fields: (inout ActionJSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        atFirstElement = true
        fields(&self)
        bytes.append(UInt8(ascii: "}"))
        atFirstElement = false
    }

    /// Writes `[ … ]`, one element per item.
    public mutating func array<Items: Sequence>(_ items: Items, _ element: (inout ActionJSONWriter, Items.Element) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        atFirstElement = true
        for item in items { element(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        atFirstElement = false
    }

    /// Writes `"key":` inside an object; the next call writes its value.
    public mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        atFirstElement = true
    }

    public mutating func field(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        separate()
        string(value)
        atFirstElement = false
    }

    public mutating func field(_ name: String, _ value: Int?) {
        guard let value else { return }
        key(name)
        separate()
        bytes.append(contentsOf: String(value).utf8)
        atFirstElement = false
    }

    public mutating func field(_ name: String, _ value: Bool?) {
        guard let value else { return }
        key(name)
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        atFirstElement = false
    }

    /// A date as `ActionJSON` writes it: ISO 8601, UTC, whole seconds rounded down.
    public mutating func field(_ name: String, _ value: Date?) {
        guard let value else { return }
        key(name)
        separate()
        if let text = Self.timestamp(value) {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: text)
            bytes.append(UInt8(ascii: "\""))
        } else {
            string(value.formatted(.iso8601))  // see timestamp(_:)
        }
        atFirstElement = false
    }

    private mutating func separate() {
        if !atFirstElement { bytes.append(UInt8(ascii: ",")) }
    }

    /// A JSON string, escaped as Foundation's encoder does: `"` and `\`, the short forms for
    /// backspace, form feed, newline, return and tab, `\u00xx` (lower-case hex) for the other
    /// control characters; everything else, slashes included, as UTF-8.
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, by ``CivilDate`` (no calendar, no locale).
    /// Nil outside the years 1600…9999: Foundation's calendar is Julian before October 1582, and
    /// writes years past 9999 with more digits; those rare dates take Foundation's own path.
    static func timestamp(_ date: Date) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let dayNumber = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (year, month, day) = CivilDate.civil(days: dayNumber)
        guard (1_600...9_999).contains(year) else { return nil }
        func digits(_ value: Int, _ count: Int) {  // value < 10^count
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-"))
        digits(month, 2); bytes.append(UInt8(ascii: "-"))
        digits(day, 2); bytes.append(UInt8(ascii: "T"))
        digits(second / 3_600, 2); bytes.append(UInt8(ascii: ":"))
        digits(second % 3_600 / 60, 2); bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2); bytes.append(UInt8(ascii: "Z"))
        return bytes
    }
}
