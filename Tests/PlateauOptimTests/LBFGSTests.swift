import PlateauOptim
import PlateauTestSupport
import PropertyBased
import Testing

/// Rosenbrock's function, minimum 0 at (1, …, 1).
struct Rosenbrock: DifferentiableObjective, Sendable {
    let dimension: Int
    func value(at x: [Double], gradient g: inout [Double]) -> Double {
        var f = 0.0
        for i in 0..<dimension { g[i] = 0 }
        for i in 0..<(dimension - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            f += 100 * a * a + b * b
            g[i] += -400 * x[i] * a - 2 * b
            g[i + 1] += 200 * a
        }
        return f
    }
}

/// ½(x − c)ᵀ diag(d) (x − c): minimum at c.
struct Quadratic: DifferentiableObjective, Sendable {
    let center: [Double]
    let diagonal: [Double]
    var dimension: Int { center.count }
    func value(at x: [Double], gradient g: inout [Double]) -> Double {
        var f = 0.0
        for i in 0..<dimension {
            let r = x[i] - center[i]
            f += 0.5 * diagonal[i] * r * r
            g[i] = diagonal[i] * r
        }
        return f
    }
}

/// Records every value it is asked for.
final class Recording<F: DifferentiableObjective>: DifferentiableObjective, @unchecked Sendable {
    let inner: F
    var values: [Double] = []
    init(_ inner: F) { self.inner = inner }
    var dimension: Int { inner.dimension }
    func value(at x: [Double], gradient: inout [Double]) -> Double {
        let f = inner.value(at: x, gradient: &gradient)
        values.append(f)
        return f
    }
}

@Suite struct LBFGSTests {
    @Test(arguments: [2, 5, 10])
    func findsRosenbrockMinimum(dimension: Int) {
        var optimizer = LBFGS()
        optimizer.gradientTolerance = 1e-10
        optimizer.objectiveTolerance = 0  // stop on the gradient only, so the answer is tight
        let start = (0..<dimension).map { $0 % 2 == 0 ? -1.2 : 1.0 }
        let result = optimizer.minimize(Rosenbrock(dimension: dimension), from: start)
        #expect(result.converged, "stopped on \(result.stopReason)")
        for v in result.x { expectClose(v, 1, relative: 1e-6) }
    }

    /// A diagonal quadratic with condition number 10⁴ is solved to the tolerance.
    @Test func solvesIllConditionedQuadratic() {
        let q = Quadratic(center: [1, -2, 3, 0.5], diagonal: [1, 10, 100, 10_000])
        var optimizer = LBFGS()
        optimizer.gradientTolerance = 1e-12
        optimizer.objectiveTolerance = 0
        let result = optimizer.minimize(q, from: [0, 0, 0, 0])
        #expect(result.stopReason == .gradientTolerance)
        for (v, c) in zip(result.x, q.center) { expectClose(v, c, absolute: 1e-11) }
    }

    /// The accepted iterates never increase the objective (the line search enforces
    /// sufficient decrease), checked on random quadratics and Rosenbrock starts.
    @Test func neverIncreasesTheObjective() async {
        await propertyCheck(input: Gen.double(in: -3...3), Gen.double(in: -3...3)) { a, b in
            let recorder = Recording(Rosenbrock(dimension: 2))
            let result = LBFGS().minimize(recorder, from: [a, b])
            #expect(result.value <= recorder.values[0])
            var g = [0.0, 0.0]
            expectClose(Rosenbrock(dimension: 2).value(at: result.x, gradient: &g), result.value, relative: 0)
        }
    }

    @Test func reportsNonFiniteStart() {
        struct Bad: DifferentiableObjective {
            var dimension: Int { 1 }
            func value(at x: [Double], gradient g: inout [Double]) -> Double { g[0] = 0; return .nan }
        }
        let result = LBFGS().minimize(Bad(), from: [0])
        #expect(result.stopReason == .nonFiniteStart)
        #expect(!result.converged)
    }

    /// Starting at the minimum stops at once on the gradient test.
    @Test func stopsImmediatelyAtMinimum() {
        let result = LBFGS().minimize(Quadratic(center: [2], diagonal: [3]), from: [2])
        #expect(result.stopReason == .gradientTolerance && result.iterations == 0)
    }
}

@Suite struct MoreThuenteTests {
    /// 1-D function φ(t) = f(x + t·d) as an objective in one variable.
    struct Line: DifferentiableObjective {
        let phi: (Double) -> (Double, Double)
        var dimension: Int { 1 }
        func value(at x: [Double], gradient g: inout [Double]) -> Double {
            let (f, d) = phi(x[0])
            g[0] = d
            return f
        }
    }

    /// The accepted step satisfies both strong Wolfe conditions on smooth 1-D test functions
    /// (the first three of Moré & Thuente 1994, Table 1 style), from a range of first steps.
    @Test(arguments: [1e-3, 1e-1, 1, 10, 1e3])
    func acceptedStepSatisfiesStrongWolfe(firstStep: Double) {
        let functions: [(Double) -> (Double, Double)] = [
            { t in (-t / (t * t + 2), (t * t - 2) / ((t * t + 2) * (t * t + 2))) },
            { t in
                (
                    Double.pow(t + 0.004, 5) - 2 * Double.pow(t + 0.004, 4),
                    5 * Double.pow(t + 0.004, 4) - 8 * Double.pow(t + 0.004, 3)
                )
            },
            { t in ((t - 3) * (t - 3) + 0.1 * t, 2 * (t - 3) + 0.1) },
        ]
        var search = MoreThuente()
        search.stepTolerance = 1e-10  // MINPACK-2's test setting; L-BFGS uses 0.1
        search.maxEvaluations = 60
        for phi in functions {
            let f = Line(phi: phi)
            var x = [0.0], g = [0.0]
            var value = f.value(at: x, gradient: &g)
            let f0 = value, g0 = g[0]
            var step = firstStep, evaluations = 0
            let outcome = search.search(
                f, x: &x, value: &value, gradient: &g, direction: [1], step: &step, evaluations: &evaluations)
            #expect(outcome == .converged, "outcome \(outcome) from first step \(firstStep)")
            #expect(value <= f0 + search.decrease * step * g0)
            #expect(g[0].magnitude <= search.curvature * g0.magnitude + 1e-15)
        }
    }
}

@Suite struct MultiStartTests {
    /// Results are the same, bit for bit and in order, whatever the thread count.
    @Test func resultsDoNotDependOnThreads() {
        var rng = SplitMix64(seed: 5)
        let starts = (0..<37).map { _ in
            [Double.random(in: -2...2, using: &rng), Double.random(in: -2...2, using: &rng)]
        }
        let one = MultiStart.minimize(Rosenbrock(dimension: 2), from: starts, threads: 1)
        for threads in [2, 3, 8] {
            let many = MultiStart.minimize(Rosenbrock(dimension: 2), from: starts, threads: threads)
            #expect(many.map(\.x) == one.map(\.x))
            #expect(many.map(\.value) == one.map(\.value))
        }
    }
}
