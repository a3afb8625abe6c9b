import PlateauOptim
import Testing

@Suite struct SplitMix64Tests {
    /// First outputs of the reference algorithm (Steele, Lea & Flood 2014; Vigna's splitmix64.c),
    /// computed independently in Python with 64-bit wrapping arithmetic.
    @Test(arguments: [
        (UInt64(0), [UInt64(0xE220_A839_7B1D_CDAF), 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]),
        (UInt64(42), [UInt64(0xBDD7_3226_2FEB_6E95), 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52]),
    ])
    func matchesReferenceSequence(seed: UInt64, expected: [UInt64]) {
        var rng = SplitMix64(seed: seed)
        #expect((0..<3).map { _ in rng.next() } == expected)
    }

    @Test func streamsAreDistinctAndRepeatable() {
        var a = SplitMix64.stream(3, of: 7), b = SplitMix64.stream(3, of: 7), c = SplitMix64.stream(4, of: 7)
        let x = a.next()
        #expect(x == b.next())
        #expect(x != c.next())
    }
}
