import Foundation
import RealModule

/// `E + A·x^(−α)`: a saturating power law in one variable (N, D or C).
///
/// Hestness et al. 2017; Kaplan et al. 2020 (with E = 0); Hoffmann et al. 2022 (per variable).
/// θ = (log A, log α, e) with α > 0 (the loss falls), and E = E_max·σ(e) in (0, E_max) where
/// E_max is the lowest observed loss (``bounded(by:at:)``); without a bound, E = e^e.
package struct SaturatingPowerLaw: CatalogLaw {
    package var variable: LawVariable
    /// The upper end of E's domain: the lowest observed loss, set by ``bounded(by:at:)``.
    package var irreducibleCeiling: Double?

    package init(variable: LawVariable = .C, irreducibleCeiling: Double? = nil) {
        self.variable = variable
        self.irreducibleCeiling = irreducibleCeiling
    }
    package var name: String { "power-law" }
    package var formula: String { "L(\(variable.rawValue)) = E + A·\(variable.rawValue)^(−α)" }
    package var source: String {
        "Hestness et al. 2017, 'Deep Learning Scaling is Predictable, Empirically'; Kaplan et al. 2020"
    }
    package var inputs: [LawVariable] { [variable] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] {
        ["log A", "log alpha", irreducibleCeiling == nil ? "log E" : "logit E/E_max"]
    }

    func irreducible(_ u: Double) -> (value: Double, derivative: Double) {
        guard let top = irreducibleCeiling else {
            let e = Double.exp(u)
            return (e, e)
        }
        let s = Logistic.value(u)
        return (top * s, top * s * (1 - s))
    }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        var logs = LawPoint()
        logs[variable] = Double.log(p[variable])
        return predict(p, logs: logs, t, gradient: &g)
    }

    package func predict(_ p: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = logs[variable]
        let alpha = Double.exp(t[1])
        let term = Double.exp(t[0] - alpha * lx)
        let e = irreducible(t[2])
        g[0] = term
        g[1] = -term * lx * alpha
        g[2] = e.derivative
        return term + e.value
    }

    package var starts: [[Double]] {
        let e: [Double] = irreducibleCeiling == nil ? [-1, -0.5, 0, 0.5, 1] : [-3, -1, 0, 1, 3]
        return grid([[0, 5, 10, 15, 20, 25], [0.05, 0.25, 0.5, 1, 1.5, 2].map { Double.log($0) }, e])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("A", Double.exp(t[0])), ("alpha", Double.exp(t[1])), ("E", irreducible(t[2]).value)]
    }

    package var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 2, value: -40, parameter: "E", bound: "0",
                meaning: "the runs show no floor of the loss")
        ]
    }

    package func bounded(by observed: [Double], at points: [LawPoint]) -> SaturatingPowerLaw {
        var copy = self
        copy.irreducibleCeiling = observed.min()
        return copy
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        if let top = irreducibleCeiling {
            if t[2] < -Logistic.boundary {
                out.append(atBound("E", "0", "the runs show no floor, so the irreducible loss is not identified"))
            } else if t[2] > Logistic.boundary {
                out.append(
                    atBound(
                        "E", "the lowest observed loss \(String(format: "%.4g", top))",
                        "the law has flattened onto the best run, so the power term is not identified"))
            }
        }
        if let w = implausibleExponent("alpha", Double.exp(t[1]), range: 0.01...2) { out.append(w) }
        return out
    }
}

extension SaturatingPowerLaw: RegisteredLaw {
    package var spec: LawSpec { LawSpec(name: name, variable: variable, irreducibleCeiling: irreducibleCeiling) }

    package static let entries = [
        LawEntry(
            name: "power-law", reads: "--x N|D|C, loss",
            example: LawExample(
                points: (0..<16).map { LawPoint(C: Double.pow(10, 18 + Double($0) * 0.3)) },
                theta: [Double.log(1000), Double.log(0.15), Double.log(1.7)], identified: ["A", "alpha", "E"])
        ) { SaturatingPowerLaw(variable: $0.variable ?? .C, irreducibleCeiling: $0.irreducibleCeiling) }
    ]
}
