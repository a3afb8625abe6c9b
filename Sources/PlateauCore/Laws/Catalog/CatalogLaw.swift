import Foundation
import PlateauOptim
import RealModule

/// A law of the catalog: a prediction from one or two inputs, with its exact gradient in the
/// parameters, a default grid of starts, its formula and its source.
///
/// Fitted by ``CatalogFit`` with the Huber loss (δ = 10⁻³) on log residuals, summed, like the
/// Chinchilla law; parameters that must be positive are fitted as logarithms.
public protocol CatalogLaw: Sendable {
    /// The name used on the command line.
    var name: String { get }
    /// The formula, in the notation of the source.
    var formula: String { get }
    /// Where the law comes from.
    var source: String { get }
    /// Names of the fitted parameters, in order (log-parameters named `log X`).
    var parameterNames: [String] { get }
    /// The prediction ŷ(x; θ) and ∂ŷ/∂θ into `gradient` (which has `parameterNames.count` values).
    func predict(_ x: Double, _ theta: [Double], gradient: inout [Double]) -> Double
    /// The default start grid.
    var starts: [[Double]] { get }
    /// Parameters as reported: `(name, value)` with logarithms undone.
    func reported(_ theta: [Double]) -> [(String, Double)]
}

/// The Cartesian product of the axes, the first axis varying slowest.
func grid(_ axes: [[Double]]) -> [[Double]] {
    axes.reduce([[]]) { partial, axis in partial.flatMap { p in axis.map { p + [$0] } } }
}

/// `E + A·x^(−α)`: a saturating power law in one variable (N, D or C).
///
/// Hestness et al. 2017; Kaplan et al. 2020 (with E = 0); Hoffmann et al. 2022 (per variable).
/// θ = (log A, α, log E).
public struct SaturatingPowerLaw: CatalogLaw {
    public init() {}
    public var name: String { "power-law" }
    public var formula: String { "L(x) = E + A·x^(−α)" }
    public var source: String {
        "Hestness et al. 2017, 'Deep Learning Scaling is Predictable, Empirically'; Kaplan et al. 2020"
    }
    public var parameterNames: [String] { ["log A", "alpha", "log E"] }

    public func predict(_ x: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = Double.log(x)
        let term = Double.exp(t[0] - t[1] * lx), e = Double.exp(t[2])
        g[0] = term
        g[1] = -term * lx
        g[2] = e
        return term + e
    }

    public var starts: [[Double]] {
        grid([[0, 5, 10, 15, 20, 25], [0, 0.25, 0.5, 1, 1.5, 2], [-1, -0.5, 0, 0.5, 1]])
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("A", Double.exp(t[0])), ("alpha", t[1]), ("E", Double.exp(t[2]))]
    }
}

/// `(x_c/x)^α`: Kaplan et al. 2020's pure power laws in N (Eq. 1.1) or D (Eq. 1.2).
/// θ = (log x_c, α).
public struct KaplanPowerLaw: CatalogLaw {
    /// "N" or "D".
    public var variable: String
    public init(variable: String) { self.variable = variable }
    public var name: String { "kaplan-\(variable.lowercased())" }
    public var formula: String { "L(\(variable)) = (\(variable)_c/\(variable))^α_\(variable)" }
    public var source: String {
        "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.\(variable == "N" ? 1 : 2)"
    }
    public var parameterNames: [String] { ["log \(variable)_c", "alpha_\(variable)"] }

    public func predict(_ x: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gap = t[0] - Double.log(x)
        let y = Double.exp(t[1] * gap)
        g[0] = t[1] * y
        g[1] = gap * y
        return y
    }

    public var starts: [[Double]] { grid([[20, 25, 30, 35, 40], [0.02, 0.05, 0.1, 0.2, 0.5]]) }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("\(variable)_c", Double.exp(t[0])), ("alpha_\(variable)", t[1])]
    }
}

/// Broken neural scaling law with `breaks` breaks (Caballero et al. 2022, Eq. 1):
/// ```
/// y = a + b·x^(−c₀)·Π (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)
/// ```
/// θ = (log a, log b, c₀, then per break cᵢ, log dᵢ, log fᵢ).
public struct BrokenPowerLaw: CatalogLaw {
    public var breaks: Int
    public init(breaks: Int) {
        precondition((1...3).contains(breaks), "1 to 3 breaks, got \(breaks)")
        self.breaks = breaks
    }
    public var name: String { "bnsl-\(breaks)" }
    public var formula: String { "y = a + b·x^(−c₀)·Π_{i=1…\(breaks)} (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)" }
    public var source: String { "Caballero et al. 2022, 'Broken Neural Scaling Laws', Eq. 1" }
    public var parameterNames: [String] {
        ["log a", "log b", "c0"] + (1...breaks).flatMap { ["c\($0)", "log d\($0)", "log f\($0)"] }
    }

    public func predict(_ x: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = Double.log(x)
        let a = Double.exp(t[0])
        var logP = t[1] - t[2] * lx
        var partials: [(Double, Double, Double)] = []  // ∂log P/∂(cᵢ, log dᵢ, log fᵢ)
        for i in 0..<breaks {
            let c = t[3 + 3 * i], ld = t[4 + 3 * i], f = Double.exp(t[5 + 3 * i])
            let logRatio = lx - ld
            let z = Double.exp(logRatio / f)
            let logT = Double.log(onePlus: z)
            let tValue = 1 + z
            logP -= c * f * logT
            partials.append((-f * logT, c * z / tValue, -c * f * logT + c * z * logRatio / tValue))
        }
        let p = Double.exp(logP)
        g[0] = a
        g[1] = p
        g[2] = -p * lx
        for (i, d) in partials.enumerated() {
            g[3 + 3 * i] = p * d.0
            g[4 + 3 * i] = p * d.1
            g[5 + 3 * i] = p * d.2
        }
        return a + p
    }

    public var starts: [[Double]] {
        // A coarse grid on the smooth part, the breaks spread over log x ∈ [10, 50].
        let base = grid([[-1, 0.5], [2, 8], [0.1, 0.4]])
        let breakAxes: [[Double]] = [[0.05, 0.3], [10, 20, 30, 40, 50], [0]]
        var starts = base
        for _ in 0..<breaks { starts = starts.flatMap { s in grid(breakAxes).map { s + $0 } } }
        return starts
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        var out: [(String, Double)] = [("a", Double.exp(t[0])), ("b", Double.exp(t[1])), ("c0", t[2])]
        for i in 0..<breaks {
            out += [
                ("c\(i + 1)", t[3 + 3 * i]), ("d\(i + 1)", Double.exp(t[4 + 3 * i])),
                ("f\(i + 1)", Double.exp(t[5 + 3 * i])),
            ]
        }
        return out
    }
}

/// Downstream error from loss (Gadre et al. 2024, Eq. 5): `Err(L) = ε − k·e^(−γ·L)`.
/// θ = (ε, log k, γ).
public struct LossToError: CatalogLaw {
    public init() {}
    public var name: String { "gadre-error" }
    public var formula: String { "Err(L) = ε − k·exp(−γ·L)" }
    public var source: String {
        "Gadre et al. 2024, 'Language models scale reliably with over-training and on downstream tasks', Eq. 5"
    }
    public var parameterNames: [String] { ["epsilon", "log k", "gamma"] }

    public func predict(_ x: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let term = Double.exp(t[1] - t[2] * x)
        g[0] = 1
        g[1] = -term
        g[2] = term * x
        return t[0] - term
    }

    public var starts: [[Double]] { grid([[0.5, 0.75, 0.9], [-2, 0, 2, 4], [0.25, 0.5, 1, 2, 4]]) }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("epsilon", t[0]), ("k", Double.exp(t[1])), ("gamma", t[2])]
    }
}

/// Accuracy as a sigmoid of log-compute with a chance-rate floor:
/// `acc = lo + (hi − lo)/(1 + e^(−s·(log₁₀C − m)))`, lo fixed (the chance rate). θ = (hi, s, m).
public struct ComputeSigmoid: CatalogLaw {
    /// The floor: the task's chance accuracy.
    public var chance: Double
    public init(chance: Double) { self.chance = chance }
    public var name: String { "sigmoid" }
    public var formula: String { "acc = lo + (hi − lo)/(1 + exp(−s·(log10 C − m))), lo = chance" }
    public var source: String {
        "Owen 2024, 'How predictable is language model benchmark performance?'; Ruan et al. 2024 (sigmoids of log-compute)"
    }
    public var parameterNames: [String] { ["hi", "s", "m"] }

    public func predict(_ x: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let u = Double.log10(x)
        let sigma = 1 / (1 + Double.exp(-t[1] * (u - t[2])))
        let span = t[0] - chance
        g[0] = sigma
        g[1] = span * sigma * (1 - sigma) * (u - t[2])
        g[2] = -span * sigma * (1 - sigma) * t[1]
        return chance + span * sigma
    }

    public var starts: [[Double]] { grid([[0.6, 0.8, 1.0], [0.5, 1, 2, 4], [18, 20, 22, 24, 26]]) }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("lo (chance)", chance), ("hi", t[0]), ("s", t[1]), ("m", t[2])]
    }
}

/// A catalog law of two inputs, N and D.
public protocol CatalogLaw2: Sendable {
    var name: String { get }
    var formula: String { get }
    var source: String { get }
    var parameterNames: [String] { get }
    func predict(_ n: Double, _ d: Double, _ theta: [Double], gradient: inout [Double]) -> Double
    var starts: [[Double]] { get }
    func reported(_ theta: [Double]) -> [(String, Double)]
}

/// Kaplan et al. 2020's joint law (Eq. 1.5): `L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D`.
/// θ = (log N_c, log D_c, α_N, α_D).
public struct KaplanJointLaw: CatalogLaw2 {
    public init() {}
    public var name: String { "kaplan" }
    public var formula: String { "L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D" }
    public var source: String { "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.5" }
    public var parameterNames: [String] { ["log N_c", "log D_c", "alpha_N", "alpha_D"] }

    public func predict(_ n: Double, _ d: Double, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gapN = t[0] - Double.log(n), gapD = t[1] - Double.log(d)
        let u = Double.exp(t[2] / t[3] * gapN), v = Double.exp(gapD)
        let s = u + v
        let y = Double.exp(t[3] * Double.log(s))
        g[0] = y * t[2] * u / s
        g[1] = y * t[3] * v / s
        g[2] = y * u * gapN / s
        g[3] = y * (Double.log(s) - u * t[2] * gapN / (t[3] * s))
        return y
    }

    public var starts: [[Double]] { grid([[25, 30, 35], [25, 30, 35], [0.05, 0.1, 0.3], [0.05, 0.1, 0.3]]) }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("N_c", Double.exp(t[0])), ("D_c", Double.exp(t[1])), ("alpha_N", t[2]), ("alpha_D", t[3])]
    }
}

/// Adapts a two-input law to the one-input machinery by indexing runs.
struct IndexedLaw2<Law: CatalogLaw2>: CatalogLaw {
    let law: Law
    let n: [Double]
    let d: [Double]
    var name: String { law.name }
    var formula: String { law.formula }
    var source: String { law.source }
    var parameterNames: [String] { law.parameterNames }
    func predict(_ x: Double, _ theta: [Double], gradient: inout [Double]) -> Double {
        let i = Int(x)
        return law.predict(n[i], d[i], theta, gradient: &gradient)
    }
    var starts: [[Double]] { law.starts }
    func reported(_ theta: [Double]) -> [(String, Double)] { law.reported(theta) }
}

extension CatalogFit {
    /// Fits a law of N and D to runs.
    public static func fit<Law: CatalogLaw2>(
        _ law: Law, parameters: [Double], tokens: [Double], losses: [Double],
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CatalogFit {
        try fit(
            IndexedLaw2(law: law, n: parameters, d: tokens), x: parameters.indices.map(Double.init), y: losses,
            threads: threads)
    }
}
