import Foundation
import RealModule

/// Kaplan et al. 2020's learning-curve law (Eq. 1.6, §5.2): the loss of a model of N parameters
/// after S optimiser steps, in the infinite-data limit,
///
///     L(N, S) = (N_c/N)^α_N + (S_c/S_min)^α_S,
///
/// fitted in their Table 3 with α_N = 0.077, α_S = 0.76, N_c = 6.5e13 and S_c = 2.1e3. It suits
/// checkpoint tables: every checkpoint of every run is one observation (`--checkpoints all`).
/// θ = (log N_c, log α_N, log S_c, log α_S), every parameter positive.
///
/// Plateau's choice, not theirs: S is the table's step column as given. Kaplan et al. fit
/// S_min = S/(1 + B_crit(L)/B), the steps at a batch far above the critical one; with the batch
/// held near or above B_crit the two differ by a constant factor that S_c absorbs. Their fits
/// also drop the initial transient; drop early checkpoints with `--where 'step>=…'`.
package struct KaplanStepLaw: CatalogLaw, RegisteredLaw {
    package init() {}
    package var name: String { "kaplan-s" }
    package var formula: String { "L(N, S) = (N_c/N)^α_N + (S_c/S)^α_S" }
    package var source: String {
        "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.6 and Table 3 (S read as S_min)"
    }
    package var inputs: [LawVariable] { [.N, .S] }
    package var output: LawOutput { .loss }
    package var parameterNames: [String] { ["log N_c", "log alpha_N", "log S_c", "log alpha_S"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        var logs = LawPoint(N: Double.log(p.N))
        logs.S = Double.log(p.S)
        return predict(p, logs: logs, t, gradient: &g)
    }

    package func predict(_ p: LawPoint, logs: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gapN = t[0] - logs.N, gapS = t[2] - logs.S
        let alphaN = Double.exp(t[1]), alphaS = Double.exp(t[3])
        let size = Double.exp(alphaN * gapN), steps = Double.exp(alphaS * gapS)
        g[0] = alphaN * size
        g[1] = gapN * alphaN * size
        g[2] = alphaS * steps
        g[3] = gapS * alphaS * steps
        return size + steps
    }

    package var starts: [[Double]] {
        grid([
            [20, 25, 30, 35], [0.03, 0.08, 0.2].map { Double.log($0) }, [4, 7, 10, 14],
            [0.2, 0.5, 1, 2].map { Double.log($0) },
        ])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [
            ("N_c", Double.exp(t[0])), ("alpha_N", Double.exp(t[1])), ("S_c", Double.exp(t[2])),
            ("alpha_S", Double.exp(t[3])),
        ]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        [
            implausibleExponent("alpha_N", Double.exp(t[1]), range: 0.01...2),
            implausibleExponent("alpha_S", Double.exp(t[3]), range: 0.05...5),
        ].compactMap { $0 }
    }

    /// Kaplan et al.'s Table 3 constants planted on five sizes × eight checkpoints (250 to 64k steps).
    package static let entries = [
        LawEntry(
            name: "kaplan-s", reads: "N, step (with --checkpoints all), loss",
            example: LawExample(
                points: [1e7, 5e7, 2e8, 8e8, 3e9].flatMap { n in
                    (0..<8).map { i in
                        var p = LawPoint(N: n)
                        p.S = 250 * Double.pow(2, Double(i))
                        return p
                    }
                },
                theta: [Double.log(6.5e13), Double.log(0.077), Double.log(2.1e3), Double.log(0.76)],
                identified: ["N_c", "alpha_N", "S_c", "alpha_S"])
        ) { _ in KaplanStepLaw() }
    ]
}
