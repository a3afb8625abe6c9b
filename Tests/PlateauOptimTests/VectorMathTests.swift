import Foundation
import PlateauOptim
import Testing

/// The vector exp/log against the C library, which is within 1 ulp on glibc.
@Suite struct VectorMathTests {
    let tables = VectorMath.tables

    func ulps(_ a: Double, _ b: Double) -> Double { (a - b).magnitude / b.ulp }

    @Test func tableExpWithinThreeUlpOverItsRange() {
        var rng = SplitMix64(seed: 11)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = SIMD4<Double>((0..<4).map { _ in Double.random(in: -700...700, using: &rng) })
            let y = VectorMath.exp(x, tables: tables)
            for k in 0..<4 { worst = max(worst, ulps(y[k], Foundation.exp(x[k]))) }
        }
        #expect(worst <= 3, "worst error \(worst) ulp")
    }

    @Test func tableLogAbsoluteErrorBelow3e16() {
        var rng = SplitMix64(seed: 12)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = SIMD4<Double>((0..<4).map { _ in Double.exp(Double.random(in: -0.69...300, using: &rng)) })
            let y = VectorMath.log(x, tables: tables)
            for k in 0..<4 {
                worst = max(worst, (y[k] - Foundation.log(x[k])).magnitude / max(1, Foundation.log(x[k]).magnitude))
            }
        }
        #expect(worst <= 3e-16, "worst error \(worst)")
    }

    @Test func robustExpAndLogAccurateAndHandleEdges() {
        var rng = SplitMix64(seed: 13)
        var worstExp = 0.0, worstLog = 0.0
        for _ in 0..<20_000 {
            let x = SIMD4<Double>((0..<4).map { _ in Double.random(in: -708...709, using: &rng) })
            let y = VectorMath.exp(x)
            for k in 0..<4 { worstExp = max(worstExp, ulps(y[k], Foundation.exp(x[k]))) }
            let z = SIMD4<Double>((0..<4).map { _ in Double.exp(Double.random(in: -700...700, using: &rng)) })
            let l = VectorMath.log(z)
            for k in 0..<4 { worstLog = max(worstLog, ulps(l[k], Foundation.log(z[k]))) }
        }
        #expect(worstExp <= 2.5, "exp worst \(worstExp) ulp")
        #expect(worstLog <= 2.5, "log worst \(worstLog) ulp")
        let edges = VectorMath.exp(SIMD4<Double>(-800, 800, .nan, 0))
        #expect(edges[0] == 0 && edges[1] == .infinity && edges[2].isNaN && edges[3] == 1)
        let logEdges = VectorMath.log(SIMD4<Double>(0, -1, .infinity, 1))
        #expect(logEdges[0] == -.infinity && logEdges[1].isNaN && logEdges[2] == .infinity && logEdges[3] == 0)
    }
}

/// The single-precision functions against the C library in double precision.
@Suite struct SinglePrecisionVectorMathTests {
    @Test func expWithinTwoUlpOfSinglePrecision() {
        var rng = SplitMix64(seed: 21)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = SIMD4<Float>((0..<4).map { _ in Float.random(in: -87...88, using: &rng) })
            let y = VectorMath.exp(x)
            for k in 0..<4 {
                let exact = Foundation.exp(Double(x[k]))
                worst = max(worst, (Double(y[k]) - exact).magnitude / Double(Float(exact).ulp))
            }
        }
        #expect(worst <= 2, "worst \(worst) ulp")
    }

    @Test func logWithinTwoUlpOrAbsoluteOneTenthMicro() {
        var rng = SplitMix64(seed: 22)
        var worst = 0.0
        for _ in 0..<20_000 {
            let x = SIMD4<Float>((0..<4).map { _ in Float(Foundation.exp(Double.random(in: -80...80, using: &rng))) })
            let y = VectorMath.log(x)
            for k in 0..<4 {
                let exact = Foundation.log(Double(x[k]))
                let allowed = max(2 * Double(Float(exact).ulp), 1.2e-7)
                worst = max(worst, (Double(y[k]) - exact).magnitude / allowed)
            }
        }
        #expect(worst <= 1, "worst \(worst) of the allowance")
    }
}
