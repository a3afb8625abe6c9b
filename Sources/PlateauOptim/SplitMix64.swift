/// A small, fast, seedable pseudo-random generator.
///
/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"):
/// a 64-bit Weyl sequence passed through a variant of the MurmurHash3 finaliser. Every random
/// choice in Plateau goes through a generator made from an explicit seed, so the same seed
/// gives the same output on every machine and for every thread count.
///
/// - Complexity: O(1) per number, 8 bytes of state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }

    /// A generator for the `index`-th independent stream derived from `seed`.
    ///
    /// Used to give every bootstrap resample or random start its own stream, so results do not
    /// depend on which thread runs which task, or in what order.
    public static func stream(_ index: Int, of seed: UInt64) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        return SplitMix64(seed: mixer.next())
    }
}
