import Foundation
import StratusService
import Testing

/// `ActionJSONWriter` must write byte for byte what `ActionJSON.encode` (JSONEncoder) writes, or
/// clients would see two dialects of the same API.
@Suite("ActionJSONWriter matches ActionJSON.encode")
struct ActionJSONWriterTests {
    struct Inner: ActionJSONWritable, Equatable {
        var Name: String
        var at: Date?
        func write(to json: inout ActionJSONWriter) {
            json.object { json in
                json.field("Name", Name)
                json.field("at", at)
            }
        }
    }

    /// Keys deliberately in mixed case so byte-order sorting shows (`Zeta` before `alpha`).
    struct Sample: ActionJSONWritable {
        var Count: Int
        var Flag: Bool?
        var Items: [Inner]
        var Note: String?
        var When: Date
        var Zeta: Int?
        var alpha: String
        func write(to json: inout ActionJSONWriter) {
            json.object { json in
                json.field("Count", Count)
                json.field("Flag", Flag)
                json.key("Items")
                json.array(Items) { json, item in item.write(to: &json) }
                json.field("Note", Note)
                json.field("When", When)
                json.field("Zeta", Zeta)
                json.field("alpha", alpha)
            }
        }
    }

    static func written(_ value: some ActionJSONWritable) -> String {
        var writer = ActionJSONWriter()
        value.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try ActionJSON.encode(value), as: UTF8.self)
    }

    /// Every ASCII byte (all control characters, quotes, backslash, slash), plus multi-byte
    /// characters, U+2028 and an emoji.
    static let alphabet: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }
        + ["é", "ß", "\u{2028}", "\u{FEFF}", "😀", "中"]

    static func randomString(_ generator: inout some RandomNumberGenerator) -> String {
        String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    static func randomDate(_ generator: inout some RandomNumberGenerator) -> Date {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: Date(timeIntervalSince1970: Double.random(in: 1.7e9...1.9e9, using: &generator))  // now-ish, fractional
        case 1: Date(timeIntervalSince1970: Double(Int.random(in: -62_135_596_800...253_402_300_799, using: &generator)))  // years 1…9999
        case 2: Date(timeIntervalSince1970: Double.random(in: -86_400...86_400, using: &generator))  // around the epoch, both signs
        default: Date(timeIntervalSince1970: Double.random(in: 253_402_300_800...260_000_000_000, using: &generator))  // year ≥ 10000
        }
    }

    @Test("5,000 random values: the same bytes as JSONEncoder (escapes, key order, nil fields, dates)")
    func randomValues() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let sample = Sample(
                Count: [Int.min, Int.max, 0, -1, Int.random(in: -1_000_000...1_000_000, using: &generator)].randomElement()!,
                Flag: [true, false, nil].randomElement()!,
                Items: (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                    Inner(Name: Self.randomString(&generator), at: Bool.random() ? Self.randomDate(&generator) : nil)
                },
                Note: Bool.random() ? Self.randomString(&generator) : nil,
                When: Self.randomDate(&generator),
                Zeta: Bool.random() ? Int.random(in: -5...5, using: &generator) : nil,
                alpha: Self.randomString(&generator))
            let expected = try Self.encoded(sample)
            let actual = Self.written(sample)
            try #require(actual == expected)
        }
    }

    @Test("edge dates: epoch, just before it, leap day, the last second of 9999")
    func edgeDates() throws {
        for seconds in [0, -0.5, -1, -86_400, -86_401, 951_782_400, 951_868_799.999, 4_107_542_400, 253_402_300_799.9, -62_135_596_800] {
            let value = Inner(Name: "", at: Date(timeIntervalSince1970: seconds))
            #expect(Self.written(value) == (try Self.encoded(value)), "\(seconds)")
        }
    }

    @Test("an empty array and an empty object")
    func empties() throws {
        let value = Sample(Count: 0, Flag: nil, Items: [], Note: nil, When: Date(timeIntervalSince1970: 0), Zeta: nil, alpha: "")
        #expect(Self.written(value) == (try Self.encoded(value)))
        #expect(Self.written(value) == #"{"Count":0,"Items":[],"When":"1970-01-01T00:00:00Z","alpha":""}"#)
    }
}
