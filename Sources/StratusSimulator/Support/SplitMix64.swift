/// The SplitMix64 generator: tiny, fast and fully determined by its seed, so a seeded simulator
/// injects the same faults in the same order on every run.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from `seed`.
    init(seed: UInt64) {
        self.state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed value in `0..<1`.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Whether an event with probability `rate` happens; never draws when `rate` is 0 or less,
    /// so turning one fault on does not shift the decisions of another.
    mutating func chance(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        if rate >= 1 { return true }
        return nextUnit() < rate
    }
}
