/// `exp` and `log` on four lanes at once, in plain arithmetic so the compiler keeps them in
/// vector registers.
///
/// The fitting objectives spend nearly all their time in exponentials and logarithms of
/// independent runs; computing four at a time without a call into the C library per value is
/// what makes a full 4,500-start grid fit in a fraction of a second.
///
/// Accuracy (checked in `VectorMathTests` against the C library over the whole domain):
/// `exp` within 2 ulp for x in [−708.39, 709.78], 0 below (subnormals flush to zero) and +∞ above;
/// `log` within 2 ulp for positive normal x. Neither is correctly rounded.
public enum VectorMath {
    public typealias Vector = SIMD4<Double>

    /// eˣ for each lane.
    ///
    /// Range reduction x = n·ln 2 + r with |r| ≤ ln2/2, a degree-13 Taylor polynomial for eʳ
    /// (truncation error below 2⁻⁵⁵ on that interval, evaluated by Estrin's scheme), and 2ⁿ
    /// built in the exponent bits. Results below the smallest normal double (x < −708.39) are
    /// flushed to zero.
    @inlinable @inline(__always)
    public static func exp(_ x: Vector) -> Vector {
        // Literals rather than stored constants, so they fold into the caller after inlining.
        // ln 2 split so that n·ln2Hi is exact for |n| < 2¹¹ (Cody & Waite 1980).
        let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
        let log2e = 1.44269504088896338700e+00
        // 1.5·2⁵²: adding it rounds a double of magnitude < 2⁵¹ to an integer held in the low bits.
        let roundingShift = 6_755_399_441_055_744.0
        var clamped = x.replacing(with: -708, where: x .< -708)
        clamped.replace(with: 709.7, where: clamped .> 709.7)
        let shifted = clamped * log2e + roundingShift
        let n = shifted - roundingShift
        let r = (clamped - n * ln2Hi) - n * ln2Lo
        // Σ rᵏ/k!, k = 0…13, by Estrin's scheme (short dependency chains).
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let p01 = 1 + r, p23 = 0.5 + r * (1.0 / 6), p45 = 1.0 / 24 + r * (1.0 / 120)
        let p67 = 1.0 / 720 + r * (1.0 / 5_040), p89 = 1.0 / 40_320 + r * (1.0 / 362_880)
        let p1011 = 1.0 / 3_628_800 + r * (1.0 / 39_916_800), p1213 = 1.0 / 479_001_600 + r * (1.0 / 6_227_020_800)
        let p03 = p01 + r2 * p23, p47 = p45 + r2 * p67, p811 = p89 + r2 * p1011
        let p = (p03 + r4 * p47) + r8 * (p811 + r4 * p1213)
        // 2ⁿ from the integer in the low bits of `shifted` (n ∈ [−1022, 1024] here; only
        // unsigned shifts, which SSE2 has for 64-bit lanes).
        let nBits =
            unsafeBitCast(shifted, to: SIMD4<UInt64>.self)
            &- unsafeBitCast(Vector(repeating: roundingShift), to: SIMD4<UInt64>.self)
        let scale = unsafeBitCast((nBits &+ 1022) &<< 52, to: Vector.self)
        var result = (p * scale) * 2
        result.replace(with: 0, where: x .< -708.39)
        result.replace(with: .infinity, where: x .> 709.78)
        result.replace(with: x, where: x .!= x)  // NaN stays NaN
        return result
    }

    /// The natural logarithm of each lane, for positive normal lanes.
    ///
    /// x = 2ᵏ·m with m ∈ [√½, √2), then log m = 2·atanh(f), f = (m − 1)/(m + 1), |f| ≤ 0.1716,
    /// from its odd series through f²¹ (truncation error below 2⁻⁵⁶). Zero gives −∞, negative
    /// lanes and NaN give NaN, +∞ gives +∞; subnormal lanes are not supported (they are scaled
    /// as if normal and lose accuracy).
    @inlinable @inline(__always)
    public static func log(_ x: Vector) -> Vector {
        let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
        let roundingShift = 6_755_399_441_055_744.0
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        // The biased exponent; logical shift (the sign bit is 0 for the lanes that matter).
        var k = unsafeBitCast(bits &>> 52, to: SIMD4<Int64>.self) &- 1023
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Vector.self)
        let big = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: big)
        k.replace(with: k &+ 1, where: big)
        let f = (m - 1) / (m + 1)
        let f2 = f * f, f4 = f2 * f2, f8 = f4 * f4
        // Σ f²ʲ/(2j+1), j = 0…10, by Estrin's scheme.
        let q01 = 1 + f2 * (1.0 / 3), q23 = 1.0 / 5 + f2 * (1.0 / 7), q45 = 1.0 / 9 + f2 * (1.0 / 11)
        let q67 = 1.0 / 13 + f2 * (1.0 / 15), q89 = 1.0 / 17 + f2 * (1.0 / 19)
        let q03 = q01 + f4 * q23, q47 = q45 + f4 * q67, q810 = q89 + f4 * (1.0 / 21)
        let p = (q03 + f8 * q47) + (f8 * f8) * q810
        // k as a double, through the same rounding shift as in `exp`.
        let kd =
            unsafeBitCast(
                k &+ unsafeBitCast(Vector(repeating: roundingShift), to: SIMD4<Int64>.self), to: Vector.self)
            - roundingShift
        var result = (kd * ln2Lo + 2 * f * p) + kd * ln2Hi
        result.replace(with: -.infinity, where: x .== 0)
        result.replace(with: .nan, where: x .< 0)
        result.replace(with: x, where: x .== .infinity)
        result.replace(with: x, where: x .!= x)
        return result
    }
}
