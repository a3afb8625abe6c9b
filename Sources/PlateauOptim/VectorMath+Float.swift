extension VectorMath {
    /// Four single-precision lanes: one SSE register, twice the lanes of ``Vector``.
    public typealias FloatVector = SIMD4<Float>

    /// eˣ in single precision, for lanes with x in [−87, 88] (the caller guarantees the range).
    ///
    /// x = n·ln2 + r, |r| ≤ ln2/2, eʳ by its Taylor polynomial of degree 7 (truncation below
    /// 2⁻²⁷), 2ⁿ built in the exponent bits. Within 2 ulp of single precision. Used by the
    /// single-precision screen of a multi-start fit, never for a reported number.
    @inlinable @inline(__always)
    public static func exp(_ x: FloatVector) -> FloatVector {
        let roundingShift: Float = 12_582_912  // 1.5·2²³
        let log2e: Float = 1.44269502
        let ln2Hi: Float = 0.693145751953125, ln2Lo: Float = 1.428606765330187e-06
        let shifted = x * log2e + roundingShift
        let n = shifted - roundingShift
        let r = (x - n * ln2Hi) - n * ln2Lo
        let r2 = r * r, r4 = r2 * r2
        let p01: FloatVector = 1 + r
        let p23: FloatVector = 0.5 + r * (1 / 6 as Float)
        let p45: FloatVector = (1 / 24 as Float) + r * (1 / 120 as Float)
        let p67: FloatVector = (1 / 720 as Float) + r * (1 / 5_040 as Float)
        let p03: FloatVector = p01 + r2 * p23
        let p47: FloatVector = p45 + r2 * p67
        let p: FloatVector = p03 + r4 * p47
        let nBits =
            unsafeBitCast(shifted, to: SIMD4<UInt32>.self)
            &- unsafeBitCast(FloatVector(repeating: roundingShift), to: SIMD4<UInt32>.self)
        let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: FloatVector.self)
        return p * scale
    }

    /// log x in single precision, for positive, normal, finite lanes (the caller guarantees it).
    ///
    /// x = 2ᵏ·m, m ∈ [√½, √2); log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716, by its odd
    /// series through s⁹ (truncation below 2⁻²⁸). Absolute error within 2 ulp of the result's
    /// magnitude or 1.2·10⁻⁷, whichever is larger.
    @inlinable @inline(__always)
    public static func log(_ x: FloatVector) -> FloatVector {
        let ln2Hi: Float = 0.693145751953125, ln2Lo: Float = 1.428606765330187e-06
        let bits = unsafeBitCast(x, to: SIMD4<Int32>.self)
        var k = (bits &>> 23) &- 127
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: FloatVector.self)
        let big = m .> 1.41421356
        m.replace(with: m * 0.5, where: big)
        k.replace(with: k &+ 1, where: big)
        let s = (m - 1) / (m + 1)
        let s2 = s * s, s4 = s2 * s2
        let q01: FloatVector = 1 + s2 * (1 / 3 as Float)
        let q23: FloatVector = 0.2 + s2 * (1 / 7 as Float)
        let q03: FloatVector = q01 + s4 * q23
        let q: FloatVector = q03 + (s4 * s4) * (1 / 9 as Float)
        let kf = FloatVector(k)
        let high: FloatVector = kf * ln2Hi
        let low: FloatVector = 2 * s * q + kf * ln2Lo
        return high + low
    }
}
