import Foundation
import RealModule

/// Downstream error from loss (Gadre et al. 2024, Eq. 5): `Err(L) = ε − k·e^(−γ·L)`.
/// θ = (logit ε, log k, log γ): the ceiling ε of the error in (0, 1), k > 0, and γ > 0 (the
/// error rises with the loss).
package struct LossToError: CatalogLaw {
    package init() {}
    package var name: String { "gadre-error" }
    package var formula: String { "Err(L) = ε − k·exp(−γ·L)" }
    package var source: String {
        "Gadre et al. 2024, 'Language models scale reliably with over-training and on downstream tasks', Eq. 5"
    }
    package var inputs: [LawVariable] { [.L] }
    package var output: LawOutput { .fraction }
    package var parameterNames: [String] { ["logit epsilon", "log k", "log gamma"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let x = p.L
        let epsilon = Logistic.value(t[0]), gamma = Double.exp(t[2])
        let term = Double.exp(t[1] - gamma * x)
        g[0] = epsilon * (1 - epsilon)
        g[1] = -term
        g[2] = term * x * gamma
        return epsilon - term
    }

    package var starts: [[Double]] {
        grid([[0.5, 0.75, 0.9].map(Logistic.logit), [-2, 0, 2, 4], [0.25, 0.5, 1, 2, 4].map { Double.log($0) }])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("epsilon", Logistic.value(t[0])), ("k", Double.exp(t[1])), ("gamma", Double.exp(t[2]))]
    }

    package var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 0, value: 40, parameter: "epsilon", bound: "1", meaning: "the error's ceiling is not shown")
        ]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        if t[0] > Logistic.boundary {
            out.append(atBound("epsilon", "1", "the error's ceiling is not shown by these runs"))
        }
        if t[2] < Double.log(1e-4) {
            out.append(atBound("gamma", "0", "the error does not change with the loss in these runs"))
        }
        return out
    }
}

extension LossToError: RegisteredLaw {
    package static let entries = [
        LawEntry(
            name: "gadre-error", reads: "loss, score (top-1 error)",
            example: LawExample(
                points: stride(from: 2.2, through: 4.2, by: 0.1).map { LawPoint(L: $0) },
                theta: [Logistic.logit(0.86), 1.2, Double.log(1.1)], identified: ["epsilon", "k", "gamma"])
        ) { _ in LossToError() }
    ]
}
