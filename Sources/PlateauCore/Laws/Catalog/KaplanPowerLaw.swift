import Foundation
import RealModule

/// `(x_c/x)^α`: Kaplan et al. 2020's pure power laws in N (Eq. 1.1) or D (Eq. 1.2).
/// θ = (log x_c, log α), α > 0.
package struct KaplanPowerLaw: CatalogLaw {
    /// `.N` or `.D`.
    package var variable: LawVariable
    package init(variable: LawVariable) { self.variable = variable }
    package var name: String { "kaplan-\(variable.rawValue.lowercased())" }
    package var formula: String { "L(\(variable)) = (\(variable)_c/\(variable))^α_\(variable)" }
    package var source: String {
        "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.\(variable == .N ? 1 : 2)"
    }
    package var inputs: [LawVariable] { [variable] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] { ["log \(variable)_c", "log alpha_\(variable)"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        var logs = LawPoint()
        logs[variable] = Double.log(p[variable])
        return predict(p, logs: logs, t, gradient: &g)
    }

    package func predict(_ p: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gap = t[0] - logs[variable]
        let alpha = Double.exp(t[1])
        let y = Double.exp(alpha * gap)
        g[0] = alpha * y
        g[1] = gap * y * alpha
        return y
    }

    package var starts: [[Double]] {
        grid([[20, 25, 30, 35, 40], [0.02, 0.05, 0.1, 0.2, 0.5].map { Double.log($0) }])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("\(variable)_c", Double.exp(t[0])), ("alpha_\(variable)", Double.exp(t[1]))]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        implausibleExponent("alpha_\(variable)", Double.exp(t[1]), range: 0.01...2).map { [$0] } ?? []
    }
}

extension KaplanPowerLaw: RegisteredLaw {
    /// Kaplan et al.'s own constants (N_c 8.8e13, α_N 0.076; D_c 5.4e13, α_D 0.095) planted.
    package static let entries = [
        LawEntry(
            name: "kaplan-n", reads: "N, loss",
            example: LawExample(
                points: [4e7, 1e8, 3e8, 1e9, 3e9, 1e10].map { LawPoint(N: $0) },
                theta: [Double.log(8.8e13), Double.log(0.076)], identified: ["N_c", "alpha_N"])
        ) { _ in KaplanPowerLaw(variable: .N) },
        LawEntry(
            name: "kaplan-d", reads: "D, loss",
            example: LawExample(
                points: [1e9, 3e9, 1e10, 3e10, 1e11, 3e11].map { LawPoint(D: $0) },
                theta: [Double.log(5.4e13), Double.log(0.095)], identified: ["D_c", "alpha_D"])
        ) { _ in KaplanPowerLaw(variable: .D) },
    ]
}
