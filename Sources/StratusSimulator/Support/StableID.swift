/// Deterministic Keystone-style ids (32 lowercase hex digits) derived from names, so users,
/// projects and roles keep their ids across simulator runs.
enum StableID {
    /// A 32-hex-digit id for `kind` and `name`, e.g. `StableID.make("project", "demo")`.
    static func make(_ kind: String, _ name: String) -> String {
        let text = kind + ":" + name
        return hex(fnv1a(text, basis: 0xCBF2_9CE4_8422_2325)) + hex(fnv1a(text, basis: 0x8422_2325_CBF2_9CE4))
    }

    /// A hex digest of `text` of the given length (Nova's 56-character `hostId`, for instance).
    static func digest(_ text: String, length: Int) -> String {
        var generator = SplitMix64(seed: fnv1a(text, basis: 0xCBF2_9CE4_8422_2325))
        var output = ""
        while output.count < length {
            output += hex(generator.next())
        }
        return String(output.prefix(length))
    }

    private static func fnv1a(_ text: String, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
