import Foundation
import RealModule

/// Broken neural scaling law with `breaks` breaks (Caballero et al. 2022, Eq. 1):
/// ```
/// y = a + b·x^(−c₀)·Π (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)
/// ```
/// θ = (log a, log b, c₀, then per break cᵢ, log dᵢ, log fᵢ).
package struct BrokenPowerLaw: CatalogLaw {
    package var breaks: Int
    package var variable: LawVariable
    /// The upper end of a's domain (the lowest observed value), set by ``bounded(by:at:)``: then
    /// a = a_max·σ(θ₀); without it a = e^θ₀.
    package var floorCeiling: Double?
    package init(breaks: Int, variable: LawVariable = .C, floorCeiling: Double? = nil) {
        precondition((1...3).contains(breaks), "1 to 3 breaks, got \(breaks)")
        self.breaks = breaks
        self.variable = variable
        self.floorCeiling = floorCeiling
    }

    func floor(_ u: Double) -> (value: Double, derivative: Double) {
        guard let top = floorCeiling else {
            let a = Double.exp(u)
            return (a, a)
        }
        let s = Logistic.value(u)
        return (top * s, top * s * (1 - s))
    }

    /// Where a break can be seen, set by ``bounded(by:at:)``: from the third smallest to the
    /// third largest distinct input. A break outside it is not identified.
    package var inputRange: ClosedRange<Double>?

    package var boundaryProbes: [BoundaryProbe] {
        [BoundaryProbe(index: 0, value: -40, parameter: "a", bound: "0", meaning: "the data show no floor")]
    }

    package func bounded(by observed: [Double], at points: [LawPoint]) -> BrokenPowerLaw {
        var copy = self
        copy.floorCeiling = observed.min()
        // A break is seen only with data on both sides: at least 3 distinct inputs each way.
        let xs = Array(Set(points.map { $0[variable] })).sorted()
        if xs.count >= 6 { copy.inputRange = xs[2]...xs[xs.count - 3] }
        return copy
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        if floorCeiling != nil, t[0] < -Logistic.boundary {
            out.append(atBound("a", "0", "the data show no floor, so the limit a is not identified"))
        } else if let top = floorCeiling, t[0] > Logistic.boundary {
            out.append(
                atBound(
                    "a", "the lowest observation \(String(format: "%.4g", top))",
                    "the law has flattened onto the best run, so the power terms are not identified"))
        }
        // A break inside the data that bends the slope by less than a tenth of c₀ (Plateau's
        // threshold) is not shown by them either: smooth data fitted with a break end there as
        // often as outside.
        for i in 0..<breaks where abs(t[3 + 3 * i]) < 0.1 * abs(t[2]) {
            guard let range = inputRange, range.contains(Double.exp(t[4 + 3 * i])) else { continue }
            out.append(
                FitWarning(
                    code: "break-negligible",
                    message:
                        "break \(i + 1) changes the slope by only c\(i + 1) = \(String(format: "%.3g", t[3 + 3 * i])) beside c0 = \(String(format: "%.3g", t[2])) — the data show no break there, so its position and sharpness are not identified; fit fewer breaks"
                ))
        }
        if let range = inputRange {
            for i in 0..<breaks where !range.contains(Double.exp(t[4 + 3 * i])) {
                out.append(
                    FitWarning(
                        code: "break-outside-data",
                        message:
                            "break \(i + 1) sits at \(variable.rawValue) = \(String(format: "%.3g", Double.exp(t[4 + 3 * i]))), outside \(String(format: "%.3g", range.lowerBound))…\(String(format: "%.3g", range.upperBound)), the range with at least 3 distinct inputs on each side — the data do not show it, so its position and sharpness are not identified; fit fewer breaks"
                    ))
            }
        }
        return out
    }
    package var name: String { "bnsl-\(breaks)" }
    package var formula: String { "y = a + b·x^(−c₀)·Π_{i=1…\(breaks)} (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)" }
    package var source: String { "Caballero et al. 2022, 'Broken Neural Scaling Laws', Eq. 1" }
    package var inputs: [LawVariable] { [variable] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] {
        [floorCeiling == nil ? "log a" : "logit a/a_max", "log b", "c0"]
            + (1...breaks).flatMap { ["c\($0)", "log d\($0)", "log f\($0)"] }
    }

    package func predict(_ point: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        var logs = LawPoint()
        logs[variable] = Double.log(point[variable])
        return predict(point, logs: logs, t, gradient: &g)
    }

    package func predict(_ point: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = logs[variable]
        let a = floor(t[0])
        // Each break's f, z = (x/d)^(1/f) and log(1 + z), computed once into a stack buffer
        // for the gradient (no allocation per point).
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * breaks) { kept in
            var logP = t[1] - t[2] * lx
            for i in 0..<breaks {
                let c = t[3 + 3 * i], f = Double.exp(t[5 + 3 * i])
                let z = Double.exp((lx - t[4 + 3 * i]) / f)
                let logT = Self.logOnePlus(z)
                kept[3 * i] = f
                kept[3 * i + 1] = z / (1 + z)
                kept[3 * i + 2] = logT
                logP -= c * f * logT
            }
            let p = Double.exp(logP)
            g[0] = a.derivative
            g[1] = p
            g[2] = -p * lx
            // ∂log P/∂(cᵢ, log dᵢ, log fᵢ).
            for i in 0..<breaks {
                let c = t[3 + 3 * i], logRatio = lx - t[4 + 3 * i]
                let f = kept[3 * i], share = kept[3 * i + 1], logT = kept[3 * i + 2]
                g[3 + 3 * i] = p * -f * logT
                g[4 + 3 * i] = p * c * share
                g[5 + 3 * i] = p * (-c * f * logT + c * share * logRatio)
            }
            return a.value + p
        }
    }

    /// log(1 + z) for z ≥ 0 by Kahan's method — log(w)·z/(w − 1) with w = 1 + z, within a few
    /// ulps of log1p (Goldberg 1991, Theorem 4) — because glibc's log1p took a third of a bnsl-3
    /// bootstrap's time and its log is several times faster.
    @inline(__always) package static func logOnePlus(_ z: Double) -> Double {
        let w = 1 + z
        guard w != 1, w.isFinite else { return w == 1 ? z : Double.log(onePlus: z) }
        return Double.log(w) * z / (w - 1)
    }

    package var starts: [[Double]] {
        // A coarse grid on the smooth part, the breaks spread over log x ∈ [10, 50].
        let base = grid([floorCeiling == nil ? [-1, 0.5] : [-2, 1], [2, 8], [0.1, 0.4]])
        let breakAxes: [[Double]] = [[0.05, 0.3], [10, 20, 30, 40, 50], [0]]
        var starts = base
        for _ in 0..<breaks { starts = starts.flatMap { s in grid(breakAxes).map { s + $0 } } }
        return starts
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        var out: [(String, Double)] = [("a", floor(t[0]).value), ("b", Double.exp(t[1])), ("c0", t[2])]
        for i in 0..<breaks {
            out += [
                ("c\(i + 1)", t[3 + 3 * i]), ("d\(i + 1)", Double.exp(t[4 + 3 * i])),
                ("f\(i + 1)", Double.exp(t[5 + 3 * i])),
            ]
        }
        return out
    }
}

extension BrokenPowerLaw: RegisteredLaw {
    package var spec: LawSpec { LawSpec(name: name, variable: variable, irreducibleCeiling: floorCeiling) }

    /// Curves with one to three breaks spread over log x ∈ 21…53 (C from 1.3e9 FLOPs, above the smallest a table may hold); the first break's parameters
    /// are identified; with two or three breaks only the curve is, to 10⁻³ (the 9- and
    /// 12-parameter fits end on near-tied optima 1–2·10⁻⁴ from the noise-free data).
    package static let entries: [LawEntry] = (1...3).map { breaks in
        let positions: [Double] = [30, 40, 46]
        var theta: [Double] = [Double.log(0.5), Double.log(20), 0.05]
        for i in 0..<breaks { theta += [0.3 - 0.1 * Double(i), positions[i], 0] }
        return LawEntry(
            name: "bnsl-\(breaks)", reads: "--x N|D|C, loss",
            example: LawExample(
                points: (0..<(breaks == 1 ? 25 : 41)).map { LawPoint(C: Double.exp(21 + Double($0) * 0.8)) },
                theta: theta, identified: breaks == 1 ? ["a", "b", "c0", "c1", "d1"] : [],
                tolerance: breaks == 1 ? 1e-5 : 1e-3)
        ) { BrokenPowerLaw(breaks: breaks, variable: $0.variable ?? .C, floorCeiling: $0.irreducibleCeiling) }
    }
}
