import Foundation
import RealModule

/// Accuracy as a sigmoid of log-compute with a chance-rate floor:
/// `acc = lo + (hi − lo)/(1 + e^(−s·(log₁₀C − m)))`, lo fixed (the chance rate).
/// θ = (logit((hi − lo)/(1 − lo)), log s, m): the ceiling hi in (chance, 1] and a positive slope
/// (accuracy rises with compute).
package struct ComputeSigmoid: CatalogLaw {
    /// The floor: the task's chance accuracy.
    package var chance: Double
    package init(chance: Double) { self.chance = chance }
    package var name: String { "sigmoid" }
    package var formula: String { "acc = lo + (hi − lo)/(1 + exp(−s·(log10 C − m))), lo = chance" }
    package var source: String {
        "Owen 2024, 'How predictable is language model benchmark performance?'; Ruan et al. 2024 (sigmoids of log-compute)"
    }
    package var inputs: [LawVariable] { [.C] }
    package var output: LawOutput { .fraction }
    package var parameterNames: [String] { ["logit hi", "log s", "m"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let u = Double.log10(p.C)
        let share = Logistic.value(t[0]), s = Double.exp(t[1])
        let span = (1 - chance) * share
        let sigma = Logistic.value(s * (u - t[2]))
        g[0] = (1 - chance) * share * (1 - share) * sigma
        g[1] = span * sigma * (1 - sigma) * (u - t[2]) * s
        g[2] = -span * sigma * (1 - sigma) * s
        return chance + span * sigma
    }

    package var starts: [[Double]] {
        let shares = [0.3, 0.7, 0.95].map(Logistic.logit)
        return grid([shares, [0.5, 1, 2, 4].map { Double.log($0) }, [18, 20, 22, 24, 26]])
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [
            ("lo (chance)", chance), ("hi", chance + (1 - chance) * Logistic.value(t[0])), ("s", Double.exp(t[1])),
            ("m", t[2]),
        ]
    }

    package func ceiling(_ t: [Double]) -> Double? { chance + (1 - chance) * Logistic.value(t[0]) }

    package var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 0, value: 40, parameter: "hi", bound: "1",
                meaning: "the models do not show where accuracy levels off")
        ]
    }

    package func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        if t[0] > Logistic.boundary {
            out.append(atBound("hi", "1", "the accuracy's ceiling is not shown by these models"))
        } else if t[0] < -Logistic.boundary {
            out.append(atBound("hi", "chance", "the accuracy does not rise above chance in these models"))
        }
        if t[1] > Double.log(50) {
            out.append(
                FitWarning(
                    code: "parameter-at-bound",
                    message:
                        "s = \(String(format: "%.3g", Double.exp(t[1]))) per decade: the sigmoid is a step between two models, so where it rises is not identified — add models between them"
                ))
        }
        return out
    }
}

extension ComputeSigmoid: RegisteredLaw {
    package var spec: LawSpec { LawSpec(name: name, chance: chance) }

    package static let entries = [
        LawEntry(
            name: "sigmoid", reads: "C (or N and D), score (accuracy); --chance",
            example: LawExample(
                points: (0..<16).map { LawPoint(C: Double.pow(10, 19 + Double($0) * 0.5)) },
                theta: [Logistic.logit(0.8), Double.log(1.7), 23], identified: ["hi", "s", "m"])
        ) { ComputeSigmoid(chance: $0.chance ?? 0.25) }
    ]
}
