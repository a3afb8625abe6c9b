import RealModule

extension VectorMath {
    /// Lookup tables for the table-driven ``exp(_:tables:)`` and ``log(_:tables:)``.
    ///
    /// Computed once from the C library's `exp2` and `log` (each entry correctly rounded or within
    /// half an ulp), and never freed. Obtain it once per batch of calls: reading a static
    /// property costs a lazy-initialisation check.
    public struct Tables: @unchecked Sendable {
        /// 2^(j/16) for j = 0…15, as bit patterns.
        @usableFromInline let exp2Bits: UnsafeMutablePointer<UInt64>
        /// 1/cⱼ and log cⱼ for cⱼ = 1 + (j + ½)/128, j = 0…127.
        @usableFromInline let inverseCenter: UnsafeMutablePointer<Double>
        @usableFromInline let logCenter: UnsafeMutablePointer<Double>

        init() {
            exp2Bits = .allocate(capacity: 16)
            for j in 0..<16 { exp2Bits[j] = Double.exp2(Double(j) / 16).bitPattern }
            inverseCenter = .allocate(capacity: 128)
            logCenter = .allocate(capacity: 128)
            for j in 0..<128 {
                let c = 1 + (Double(j) + 0.5) / 128
                inverseCenter[j] = 1 / c
                logCenter[j] = Double.log(c)
            }
        }
    }

    /// The shared tables.
    public static let tables = Tables()

    /// eˣ for lanes with x in [−708, 709] (the caller guarantees the range; outside it the
    /// result is wrong, not trapped).
    ///
    /// x = (16m + j)·ln2/16 + r, |r| ≤ ln2/32, so eˣ = 2ᵐ·2^(j/16)·eʳ with 2^(j/16) from the table
    /// and eʳ from its Taylor polynomial of degree 7 (truncation below 2⁻⁵⁹ on that interval).
    /// The scale 2ᵐ is added to the table entry's exponent bits. Within 3 ulp.
    @inlinable @inline(__always)
    public static func exp(_ x: Vector, tables: Tables) -> Vector {
        let roundingShift = 6_755_399_441_055_744.0  // 1.5·2⁵²
        let invStep = 23.083120654223414  // 16/ln 2
        // ln2/16 split (Cody & Waite) so that k·stepHi is exact.
        let stepHi = 0.04332169878489367, stepLo = 1.0291218489310676e-13
        let shifted = x * invStep + roundingShift
        let kd = shifted - roundingShift
        let r = (x - kd * stepHi) - kd * stepLo
        let k =
            unsafeBitCast(shifted, to: SIMD4<UInt64>.self)
            &- unsafeBitCast(Vector(repeating: roundingShift), to: SIMD4<UInt64>.self)
        let j = k & 15
        let t = SIMD4<UInt64>(
            tables.exp2Bits[Int(j[0])], tables.exp2Bits[Int(j[1])], tables.exp2Bits[Int(j[2])],
            tables.exp2Bits[Int(j[3])])
        // (k − j)/16 is the power of two; shifted into the exponent field: (k − j) << 48.
        let scaled = unsafeBitCast(t &+ ((k &- j) &<< 48), to: Vector.self)
        let r2 = r * r
        let c01: Vector = 1 + r
        let c23: Vector = 0.5 + r * (1.0 / 6)
        let c45: Vector = 1.0 / 24 + r * (1.0 / 120)
        let c67: Vector = 1.0 / 720 + r * (1.0 / 5_040)
        let c456: Vector = c45 + r2 * c67
        let c2_6: Vector = c23 + r2 * c456
        let p: Vector = c01 + r2 * c2_6
        return scaled * p
    }

    /// log x for positive, normal, finite lanes (the caller guarantees it).
    ///
    /// x = 2ᵏ·m, m ∈ [1, 2); with cⱼ the centre of m's 1/128-wide bin, log x = k·ln2 + log cⱼ +
    /// log1p(r), r = (m − cⱼ)/cⱼ, |r| ≤ 1/257, log1p(r) from its series through r⁶ (truncation
    /// below 2⁻⁵⁸). Absolute error below 3·10⁻¹⁶ for x in (0.5, ∞); relative error within a few
    /// ulp away from x = 1.
    @inlinable @inline(__always)
    public static func log(_ x: Vector, tables: Tables) -> Vector {
        let roundingShift = 6_755_399_441_055_744.0
        let ln2Hi = 6.93147180369123816490e-01, ln2Lo = 1.90821492927058770002e-10
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        let exponentField = bits &>> 52
        let m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: Vector.self)
        let j = (bits &>> 45) & 127
        let (j0, j1, j2, j3) = (Int(j[0]), Int(j[1]), Int(j[2]), Int(j[3]))
        let shiftBits = unsafeBitCast(Vector(repeating: roundingShift), to: SIMD4<UInt64>.self)
        let jd: Vector = unsafeBitCast(j &+ shiftBits, to: Vector.self) - roundingShift
        let c: Vector = 1 + (jd + 0.5) * (1.0 / 128)
        let inv = Vector(
            tables.inverseCenter[j0], tables.inverseCenter[j1], tables.inverseCenter[j2], tables.inverseCenter[j3])
        let logC = Vector(tables.logCenter[j0], tables.logCenter[j1], tables.logCenter[j2], tables.logCenter[j3])
        let r = (m - c) * inv
        let kd: Vector = unsafeBitCast(exponentField &+ shiftBits, to: Vector.self) - (roundingShift + 1023)
        let r2 = r * r
        // log1p(r) = r − r²/2 + r³/3 − r⁴/4 + r⁵/5 − r⁶/6 + …
        let q12: Vector = r - 0.5 * r2
        let q34: Vector = 1.0 / 3 - 0.25 * r
        let q56: Vector = 0.2 - r * (1.0 / 6)
        let q36: Vector = q34 + r2 * q56
        let q: Vector = q12 + (r2 * r) * q36
        let high: Vector = kd * ln2Hi + logC
        let low: Vector = q + kd * ln2Lo
        return high + low
    }
}
