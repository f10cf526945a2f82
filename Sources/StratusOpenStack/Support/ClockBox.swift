/// A type-erased clock measured in `Duration`: "how long since I was made" and "sleep for".
/// Lets the request loop run on `ContinuousClock` in production and a manual clock in tests.
public struct ClockBox: Sendable {
    /// Time elapsed since this box was made.
    public let elapsed: @Sendable () -> Duration
    /// Sleeps for a duration on the underlying clock.
    public let sleep: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let start = clock.now
        elapsed = { start.duration(to: clock.now) }
        sleep = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }
}

/// SplitMix64: a small, fast, seedable generator for backoff jitter.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
