import Foundation
import PlateauOptim
import PlateauTestSupport
import PropertyBased
import Testing

@Suite struct HuberTests {
    let huber = Huber(delta: 1e-3)

    @Test func knownValues() {
        // Inside: r²/2. Outside: δ(|r| − δ/2). Hand-computed.
        expectClose(huber.value(5e-4), 1.25e-7, relative: 1e-15)
        expectClose(huber.value(-2e-3), 1e-3 * (2e-3 - 5e-4), relative: 1e-15)
        #expect(huber.derivative(0.5) == 1e-3)
        #expect(huber.derivative(-0.5) == -1e-3)
        #expect(huber.derivative(2e-4) == 2e-4)
    }

    @Test func symmetricNonNegativeAndContinuousAtDelta() async {
        await propertyCheck(input: Gen.double(in: -0.01...0.01)) { r in
            #expect(huber.value(r) >= 0)
            #expect(huber.value(r) == huber.value(-r))
            #expect(huber.derivative(r) == -huber.derivative(-r))
        }
        let d = huber.delta
        expectClose(huber.value(d.nextUp), huber.value(d.nextDown), relative: 1e-12)
        expectClose(huber.derivative(d.nextUp), huber.derivative(d.nextDown), relative: 1e-12)
    }

    @Test func derivativeMatchesCentralDifferences() async {
        // Away from the kink at ±δ the value is smooth; h = 1e-6·max(1,|r|) keeps the stencil on one side.
        await propertyCheck(input: Gen.double(in: -0.1...0.1)) { r in
            guard (r.magnitude - huber.delta).magnitude > 1e-5 else { return }
            let numeric = centralDifference({ huber.value($0[0]) }, at: [r], index: 0, h: 1e-7)
            expectClose(huber.derivative(r), numeric, relative: 1e-6, absolute: 1e-12)
        }
    }
}

@Suite struct LogSumExpTests {
    @Test func matchesDirectFormulaAndWeightsSumToOne() async {
        await propertyCheck(input: Gen.double(in: -30...30), Gen.double(in: -30...30), Gen.double(in: -30...30)) {
            a, b, c in
            let lse = LogSumExp.of(a, b, c)
            // LSE = m + log(Σ e^(x−m)) rounds m (up to 30 here) to ε·|m| absolutely, so near 0 a
            // relative bound alone is not attainable: allow 4·ε·max(1, |a|, |b|, |c|) as well
            // (a seed found 0.022675 off by 2.3e-16, relative 1.01e-14, with max |x| = 6.25).
            let scale = max(1, abs(a), abs(b), abs(c))
            expectClose(
                lse.value, Foundation.log(Foundation.exp(a) + Foundation.exp(b) + Foundation.exp(c)), relative: 1e-14,
                absolute: 4 * Double.ulpOfOne * scale)
            expectClose(lse.w1 + lse.w2 + lse.w3, 1, relative: 1e-15)
            expectClose(LogSumExp.of([a, b, c]), lse.value, relative: 1e-15)
        }
    }

    /// The softmax weights are the gradient of LSE: checked against central differences, to
    /// the stencil's rounding limit ~|f|·ε/h (ten times it) or 1e-6 relative.
    @Test func weightsAreTheGradient() async {
        await propertyCheck(input: Gen.double(in: -30...30), Gen.double(in: -30...30), Gen.double(in: -30...30)) {
            a, b, c in
            let lse = LogSumExp.of(a, b, c)
            let f = { (x: [Double]) in LogSumExp.of(x[0], x[1], x[2]).value }
            let x = [a, b, c]
            for (i, w) in [lse.w1, lse.w2, lse.w3].enumerated() {
                let h = 1e-6
                let rounding = 10 * max(1, lse.value.magnitude) * Double.ulpOfOne / (h * max(1, x[i].magnitude))
                expectClose(
                    w, centralDifference(f, at: x, index: i, h: h), relative: 1e-6, absolute: max(rounding, 1e-12))
            }
        }
    }

    @Test func doesNotOverflow() {
        let lse = LogSumExp.of(1000, 999, -1000)
        expectClose(lse.value, 1000 + Foundation.log(1 + Foundation.exp(-1.0)), relative: 1e-15)
        #expect(lse.w3 == 0)
    }
}
