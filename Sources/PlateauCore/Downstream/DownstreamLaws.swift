import Foundation
import PlateauOptim
import RealModule

/// Accuracy as a sigmoid of log-compute from the chance rate to 1:
/// `acc = chance + (1 − chance)/(1 + e^(−s·(log₁₀C − m)))` — the one-step law of the downstream
/// analysis (Owen 2024 fixes the floor at chance and the ceiling at 1 the same way). θ = (log s, m):
/// accuracy rises with compute; no ceiling below 1 is fitted, because the small models that
/// predict a large one cannot show where it levels off.
package struct ChanceSigmoid: CatalogLaw {
    package var chance: Double
    package init(chance: Double) { self.chance = chance }
    package var name: String { "chance-sigmoid" }
    package var formula: String { "acc = chance + (1 − chance)·σ(s·(log10 C − m))" }
    package var source: String {
        "Owen 2024, 'How predictable is language model benchmark performance?' (floor at chance, ceiling at 1)"
    }
    package var inputs: [LawVariable] { [.C] }
    package var output: LawOutput { .fraction }
    package var parameterNames: [String] { ["log s", "m"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let u = Double.log10(p.C), s = Double.exp(t[0])
        let span = 1 - chance, sigma = Logistic.value(s * (u - t[1]))
        g[0] = span * sigma * (1 - sigma) * (u - t[1]) * s
        g[1] = -span * sigma * (1 - sigma) * s
        return chance + span * sigma
    }

    package var starts: [[Double]] { Self.starts(logCompute: 18...24) }

    /// Slopes of 0.25–4 per decade and midpoints from two decades below the data to four above.
    package static func starts(logCompute range: ClosedRange<Double>) -> [[Double]] {
        let mids = stride(from: range.lowerBound - 2, through: range.upperBound + 4, by: 1).map { $0 }
        return [0.25, 0.5, 1, 2, 4].flatMap { s in mids.map { [Double.log(s), $0] } }
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        [("chance", chance), ("s", Double.exp(t[0])), ("m", t[1])]
    }
}

/// A sigmoid of log-compute with a free floor, ceiling and width:
/// `y = lo + (hi − lo)/(1 + e^(−s·(log₁₀C − m)))` — the "sharp" law of the emergence test, able
/// to draw a jump as narrow as the data allow. θ = (logit lo, logit((hi − lo)/(1 − lo)), log s, m)
/// keeps 0 ≤ lo < hi ≤ 1 and s > 0.
package struct FreeSigmoid: CatalogLaw {
    package init() {}
    package var name: String { "free-sigmoid" }
    package var formula: String { "y = lo + (hi − lo)·σ(s·(log10 C − m))" }
    package var source: String { "Schaeffer, Miranda & Koyejo 2023 (the shape an 'emergent' jump would take)" }
    package var inputs: [LawVariable] { [.C] }
    package var output: LawOutput { .fraction }
    package var parameterNames: [String] { ["logit lo", "logit share", "log s", "m"] }

    package func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let u = Double.log10(p.C), s = Double.exp(t[2])
        let lo = Logistic.value(t[0]), share = Logistic.value(t[1])
        let span = (1 - lo) * share, sigma = Logistic.value(s * (u - t[3]))
        g[0] = lo * (1 - lo) * (1 - share * sigma)
        g[1] = (1 - lo) * share * (1 - share) * sigma
        g[2] = span * sigma * (1 - sigma) * (u - t[3]) * s
        g[3] = -span * sigma * (1 - sigma) * s
        return lo + span * sigma
    }

    package var starts: [[Double]] { Self.starts(logCompute: 20...25) }

    package static func starts(logCompute range: ClosedRange<Double>) -> [[Double]] {
        let mids = stride(from: range.lowerBound, through: range.upperBound, by: 0.5).map { $0 }
        var out: [[Double]] = []
        for lo in [0.01, 0.2] {
            for share in [0.3, 0.9] {
                for s in [0.5, 2, 8] {
                    for m in mids { out.append([Logistic.logit(lo), Logistic.logit(share), Double.log(s), m]) }
                }
            }
        }
        return out
    }

    package func reported(_ t: [Double]) -> [(String, Double)] {
        let lo = Logistic.value(t[0])
        return [
            ("lo", lo), ("hi", lo + (1 - lo) * Logistic.value(t[1])), ("s", Double.exp(t[2])), ("m", t[3]),
        ]
    }

    package func ceiling(_ t: [Double]) -> Double? {
        let lo = Logistic.value(t[0])
        return lo + (1 - lo) * Logistic.value(t[1])
    }

    /// Decades of compute over which the curve rises from 10 % to 90 % of its range: 2·ln 9 / s.
    package static func width(_ t: [Double]) -> Double { 2 * Double.log(9) / Double.exp(t[2]) }
}
