import Foundation
import RealModule

/// Kaplan et al. 2020's joint law (Eq. 1.5): `L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D`.
/// θ = (log N_c, log D_c, α_N, α_D).
package struct KaplanJointLaw: CatalogLaw {
    package init() {}
    package var name: String { "kaplan" }
    package var formula: String { "L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D" }
    package var source: String { "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.5" }
    package var inputs: [LawVariable] { [.N, .D] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] { ["log N_c", "log D_c", "alpha_N", "alpha_D"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        predict(p, logs: LawPoint(N: Double.log(p.N), D: Double.log(p.D)), t, gradient: &g)
    }

    package func predict(_ p: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gapN = t[0] - logs.N, gapD = t[1] - logs.D
        let u = Double.exp(t[2] / t[3] * gapN), v = Double.exp(gapD)
        let s = u + v
        let y = Double.exp(t[3] * Double.log(s))
        g[0] = y * t[2] * u / s
        g[1] = y * t[3] * v / s
        g[2] = y * u * gapN / s
        g[3] = y * (Double.log(s) - u * t[2] * gapN / (t[3] * s))
        return y
    }

    package var starts: [[Double]] { grid([[25, 30, 35], [25, 30, 35], [0.05, 0.1, 0.3], [0.05, 0.1, 0.3]]) }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("N_c", Double.exp(t[0])), ("D_c", Double.exp(t[1])), ("alpha_N", t[2]), ("alpha_D", t[3])]
    }

    /// Both terms vanish as N and D grow: the law has no irreducible loss.
    package func floor(_ t: [Double]) -> Double? { 0 }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        [implausibleExponent("alpha_N", t[2], range: 0.01...2), implausibleExponent("alpha_D", t[3], range: 0.01...2)]
            .compactMap { $0 }
    }
}

extension KaplanJointLaw: RegisteredLaw {
    /// Kaplan et al.'s Eq. 1.5 constants (N_c 6.4e13, D_c 1.8e13, α_N 0.076, α_D 0.103) planted.
    package static let entries = [
        LawEntry(
            name: "kaplan", reads: "N, D (or C), loss",
            example: LawExample(
                points: LawExample.ladder(), theta: [Double.log(6.4e13), Double.log(1.8e13), 0.076, 0.103],
                identified: ["N_c", "D_c", "alpha_N", "alpha_D"])
        ) { _ in KaplanJointLaw() }
    ]
}
