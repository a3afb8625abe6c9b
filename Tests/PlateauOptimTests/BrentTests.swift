import Foundation
import PlateauOptim
import PlateauTestSupport
import PropertyBased
import Testing

@Suite struct BrentTests {
    /// Minima known in closed form: (x − c)² + 1 at c; x − log x at 1; cosh(x − c) at c.
    @Test func findsKnownMinima() async {
        await propertyCheck(input: Gen.double(in: -5...5)) { c in
            let r = Brent.minimize(on: -10, 10) { ($0 - c) * ($0 - c) + 1 }
            #expect(r.converged)
            expectClose(r.x, c, absolute: 1e-7)
            let s = Brent.minimize(on: -10, 10) { cosh($0 - c) }
            expectClose(s.x, c, absolute: 1e-7)
        }
        let t = Brent.minimize(on: 0.01, 100) { $0 - log($0) }
        expectClose(t.x, 1, relative: 1e-7)
        expectClose(t.value, 1, relative: 1e-14)
    }

    /// A monotone function ends at the interval's end.
    @Test func monotoneEndsAtTheBoundary() {
        let r = Brent.minimize(on: 1, 2) { $0 }
        expectClose(r.x, 1, absolute: 1e-7)
    }

    /// Far fewer evaluations than a scan: a smooth minimum to 1e-8 in under 40.
    @Test func convergesFast() {
        let r = Brent.minimize(on: 0, 5) { exp($0) - 3 * $0 }
        expectClose(r.x, log(3), relative: 1e-7)
        #expect(r.evaluations < 40)
    }
}
