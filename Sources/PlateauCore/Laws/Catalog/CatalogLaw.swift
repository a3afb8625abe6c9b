import Foundation
import PlateauOptim
import RealModule

/// A variable a law reads: the columns of a run table, plus the sample count of test-time laws.
public enum LawVariable: String, Sendable, CaseIterable, Codable {
    /// Parameters.
    case N
    /// Training tokens.
    case D
    /// Training compute (FLOP).
    case C
    /// Unique tokens (data-constrained laws).
    case U
    /// Loss (an input of laws that predict a downstream error from it).
    case L
    /// Samples drawn per problem (test-time laws).
    case k
    /// Experts per routed layer (routing laws; 1 for a dense model).
    case E

    /// What the variable is, for errors and labels.
    public var meaning: String {
        switch self {
        case .N: "parameters"
        case .D: "training tokens"
        case .C: "training compute (FLOP)"
        case .U: "unique tokens"
        case .L: "loss"
        case .k: "samples"
        case .E: "experts"
        }
    }
}

/// The inputs of one prediction; variables a law does not read are NaN.
public struct LawPoint: Sendable, Equatable {
    public var N = Double.nan
    public var D = Double.nan
    public var C = Double.nan
    public var U = Double.nan
    public var L = Double.nan
    public var k = Double.nan
    public var E = Double.nan

    public init(N: Double = .nan, D: Double = .nan, C: Double = .nan, U: Double = .nan, L: Double = .nan) {
        self.N = N
        self.D = D
        self.C = C
        self.U = U
        self.L = L
    }

    public subscript(variable: LawVariable) -> Double {
        get {
            switch variable {
            case .N: N
            case .D: D
            case .C: C
            case .U: U
            case .L: L
            case .k: k
            case .E: E
            }
        }
        set {
            switch variable {
            case .N: N = newValue
            case .D: D = newValue
            case .C: C = newValue
            case .U: U = newValue
            case .L: L = newValue
            case .k: k = newValue
            case .E: E = newValue
            }
        }
    }

    /// A point with one variable set.
    public static func with(_ variable: LawVariable, _ value: Double) -> LawPoint {
        var p = LawPoint()
        p[variable] = value
        return p
    }
}

/// What a law predicts.
public enum LawOutput: String, Sendable, Codable {
    /// A loss (nats per token), positive, unbounded above.
    case loss
    /// A fraction in [0, 1]: an accuracy, an error rate, a coverage.
    case fraction
}

/// A scaling law: a prediction from named inputs, with its exact gradient in the parameters, a
/// default grid of starts, its formula and its source. Every capability — fit, bootstrap,
/// back-test, prediction, charts, reports — is written against this protocol.
///
/// Fitted by ``CatalogFit`` (Huber δ = 10⁻³ on log residuals, summed, by default). Parameters
/// have their domains built into the parameterisation: a positive parameter is fitted as a
/// logarithm, a parameter in an interval as the logit of its position in it, so a fit can reach
/// a bound only in the limit, and ``domainWarnings(_:)`` says when it went there.
public protocol CatalogLaw: Sendable {
    /// The name used on the command line.
    var name: String { get }
    /// The formula, in the notation of the source.
    var formula: String { get }
    /// Where the law comes from.
    var source: String { get }
    /// The variables the law reads, in order.
    var inputs: [LawVariable] { get }
    /// What the law predicts.
    var output: LawOutput { get }
    /// Names of the fitted coordinates θ, in order (log-parameters named `log X`).
    var parameterNames: [String] { get }
    /// The prediction ŷ(p; θ) and ∂ŷ/∂θ into `gradient` (which has `parameterNames.count` values).
    func predict(_ point: LawPoint, _ theta: [Double], gradient: inout [Double]) -> Double
    /// The default start grid.
    var starts: [[Double]] { get }
    /// Parameters as reported: `(name, value)` with the parameterisation undone.
    func reported(_ theta: [Double]) -> [(String, Double)]
    /// The law with data-dependent domains set from the observations it will be fitted to (an
    /// irreducible loss below the lowest observed loss; the data's range, to tell a break
    /// outside it). Default: itself.
    func bounded(by observed: [Double], at points: [LawPoint]) -> Self
    /// Warnings about parameters at (or, in the limit, beyond) the edge of their domain, or
    /// outside a plausible range, each one sentence with what to do. Default: none.
    func domainWarnings(_ theta: [Double]) -> [FitWarning]
    /// Limits of the domain worth testing after a fit: coordinate `index` set to `value` (a
    /// parameter at its bound, e.g. E → 0), the others refitted. When the objective rises by
    /// less than ``CatalogFit/nearTieTolerance``, the data cannot tell the parameter from its
    /// bound, and the fit says so. Default: none.
    var boundaryProbes: [BoundaryProbe] { get }
    /// A faster exact fit of this law than the generic multi-start (the Chinchilla kernel), or
    /// nil to use the generic one.
    func kernelFit(points: [LawPoint], observed: [Double], estimator: CatalogEstimator, threads: Int) throws
        -> CatalogFit?
}

/// A parameter's bound to test a fit against (see ``CatalogLaw/boundaryProbes``).
public struct BoundaryProbe: Sendable {
    /// The coordinate set to the bound.
    public var index: Int
    /// The coordinate's value at (or next to) the bound.
    public var value: Double
    /// The parameter and the bound, as the warning names them: `E`, `0`.
    public var parameter: String
    public var bound: String
    /// What it means, one clause: "the runs show no floor of the loss".
    public var meaning: String

    public init(index: Int, value: Double, parameter: String, bound: String, meaning: String) {
        self.index = index
        self.value = value
        self.parameter = parameter
        self.bound = bound
        self.meaning = meaning
    }
}

extension CatalogLaw {
    public var boundaryProbes: [BoundaryProbe] { [] }
    public func bounded(by observed: [Double], at points: [LawPoint]) -> Self { self }
    public func domainWarnings(_ theta: [Double]) -> [FitWarning] { [] }
    public func kernelFit(points: [LawPoint], observed: [Double], estimator: CatalogEstimator, threads: Int) throws
        -> CatalogFit?
    { nil }

    /// The prediction of a law of one input at `x`.
    public func predict(_ x: Double, _ theta: [Double], gradient: inout [Double]) -> Double {
        predict(LawPoint.with(inputs[0], x), theta, gradient: &gradient)
    }

    /// The prediction at `point`, without the gradient.
    public func value(at point: LawPoint, _ theta: [Double]) -> Double {
        var g = [Double](repeating: 0, count: parameterNames.count)
        return predict(point, theta, gradient: &g)
    }

    /// The parameters as reported, by name.
    public func reportedByName(_ theta: [Double]) -> [String: Double] {
        Dictionary(reported(theta), uniquingKeysWith: { a, _ in a })
    }
}

/// The Cartesian product of the axes, the first axis varying slowest.
func grid(_ axes: [[Double]]) -> [[Double]] {
    axes.reduce([[]]) { partial, axis in partial.flatMap { p in axis.map { p + [$0] } } }
}

/// The logistic function 1/(1 + e^(−u)), and its inverse: the parameterisation of a parameter
/// confined to an interval.
enum Logistic {
    static func value(_ u: Double) -> Double { u >= 0 ? 1 / (1 + Double.exp(-u)) : Double.exp(u) / (1 + Double.exp(u)) }
    static func logit(_ p: Double) -> Double { Double.log(p / (1 - p)) }
    /// How far into the tails a logistic coordinate may go before its parameter counts as at
    /// the bound: within 10⁻⁴ of the interval's width.
    static let boundary = 9.2
}

/// A warning that a parameter went to the edge of its domain.
func atBound(_ parameter: String, _ edge: String, _ meaning: String) -> FitWarning {
    FitWarning(
        code: "parameter-at-bound",
        message:
            "\(parameter) went to its bound (\(edge)): \(meaning) — add data that show it, or read the other parameters as conditional on it"
    )
}

/// A warning that an exponent lies outside the range published fits report.
func implausibleExponent(_ name: String, _ value: Double, range: ClosedRange<Double>) -> FitWarning? {
    guard !range.contains(value) else { return nil }
    return FitWarning(
        code: "implausible-exponent",
        message:
            "\(name) = \(String(format: "%.4g", value)) is outside \(range.lowerBound)…\(range.upperBound), where published fits lie — the fit is probably following noise or a different regime; check the data and the law"
    )
}

/// `E + A·x^(−α)`: a saturating power law in one variable (N, D or C).
///
/// Hestness et al. 2017; Kaplan et al. 2020 (with E = 0); Hoffmann et al. 2022 (per variable).
/// θ = (log A, log α, e) with α > 0 (the loss falls), and E = E_max·σ(e) in (0, E_max) where
/// E_max is the lowest observed loss (``bounded(by:at:)``); without a bound, E = e^e.
public struct SaturatingPowerLaw: CatalogLaw {
    public var variable: LawVariable
    /// The upper end of E's domain: the lowest observed loss, set by ``bounded(by:at:)``.
    public var irreducibleCeiling: Double?

    public init(variable: LawVariable = .C, irreducibleCeiling: Double? = nil) {
        self.variable = variable
        self.irreducibleCeiling = irreducibleCeiling
    }
    public var name: String { "power-law" }
    public var formula: String { "L(\(variable.rawValue)) = E + A·\(variable.rawValue)^(−α)" }
    public var source: String {
        "Hestness et al. 2017, 'Deep Learning Scaling is Predictable, Empirically'; Kaplan et al. 2020"
    }
    public var inputs: [LawVariable] { [variable] }
    public var output: LawOutput { .loss }
    public var parameterNames: [String] {
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

    public func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = Double.log(p[variable])
        let alpha = Double.exp(t[1])
        let term = Double.exp(t[0] - alpha * lx)
        let e = irreducible(t[2])
        g[0] = term
        g[1] = -term * lx * alpha
        g[2] = e.derivative
        return term + e.value
    }

    public var starts: [[Double]] {
        let e: [Double] = irreducibleCeiling == nil ? [-1, -0.5, 0, 0.5, 1] : [-3, -1, 0, 1, 3]
        return grid([[0, 5, 10, 15, 20, 25], [0.05, 0.25, 0.5, 1, 1.5, 2].map { Double.log($0) }, e])
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("A", Double.exp(t[0])), ("alpha", Double.exp(t[1])), ("E", irreducible(t[2]).value)]
    }

    public var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 2, value: -40, parameter: "E", bound: "0",
                meaning: "the runs show no floor of the loss")
        ]
    }

    public func bounded(by observed: [Double], at points: [LawPoint]) -> SaturatingPowerLaw {
        var copy = self
        copy.irreducibleCeiling = observed.min()
        return copy
    }

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
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

/// `(x_c/x)^α`: Kaplan et al. 2020's pure power laws in N (Eq. 1.1) or D (Eq. 1.2).
/// θ = (log x_c, log α), α > 0.
public struct KaplanPowerLaw: CatalogLaw {
    /// `.N` or `.D`.
    public var variable: LawVariable
    public init(variable: LawVariable) { self.variable = variable }
    public var name: String { "kaplan-\(variable.rawValue.lowercased())" }
    public var formula: String { "L(\(variable)) = (\(variable)_c/\(variable))^α_\(variable)" }
    public var source: String {
        "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.\(variable == .N ? 1 : 2)"
    }
    public var inputs: [LawVariable] { [variable] }
    public var output: LawOutput { .loss }
    public var parameterNames: [String] { ["log \(variable)_c", "log alpha_\(variable)"] }

    public func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gap = t[0] - Double.log(p[variable])
        let alpha = Double.exp(t[1])
        let y = Double.exp(alpha * gap)
        g[0] = alpha * y
        g[1] = gap * y * alpha
        return y
    }

    public var starts: [[Double]] {
        grid([[20, 25, 30, 35, 40], [0.02, 0.05, 0.1, 0.2, 0.5].map { Double.log($0) }])
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("\(variable)_c", Double.exp(t[0])), ("alpha_\(variable)", Double.exp(t[1]))]
    }

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
        implausibleExponent("alpha_\(variable)", Double.exp(t[1]), range: 0.01...2).map { [$0] } ?? []
    }
}

/// Broken neural scaling law with `breaks` breaks (Caballero et al. 2022, Eq. 1):
/// ```
/// y = a + b·x^(−c₀)·Π (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)
/// ```
/// θ = (log a, log b, c₀, then per break cᵢ, log dᵢ, log fᵢ).
public struct BrokenPowerLaw: CatalogLaw {
    public var breaks: Int
    public var variable: LawVariable
    /// The upper end of a's domain (the lowest observed value), set by ``bounded(by:at:)``: then
    /// a = a_max·σ(θ₀); without it a = e^θ₀.
    public var floorCeiling: Double?
    public init(breaks: Int, variable: LawVariable = .C, floorCeiling: Double? = nil) {
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
    public var inputRange: ClosedRange<Double>?

    public var boundaryProbes: [BoundaryProbe] {
        [BoundaryProbe(index: 0, value: -40, parameter: "a", bound: "0", meaning: "the data show no floor")]
    }

    public func bounded(by observed: [Double], at points: [LawPoint]) -> BrokenPowerLaw {
        var copy = self
        copy.floorCeiling = observed.min()
        // A break is seen only with data on both sides: at least 3 distinct inputs each way.
        let xs = Array(Set(points.map { $0[variable] })).sorted()
        if xs.count >= 6 { copy.inputRange = xs[2]...xs[xs.count - 3] }
        return copy
    }

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
        var out: [FitWarning] = []
        if floorCeiling != nil, t[0] < -Logistic.boundary {
            out.append(atBound("a", "0", "the data show no floor, so the limit a is not identified"))
        } else if let top = floorCeiling, t[0] > Logistic.boundary {
            out.append(
                atBound(
                    "a", "the lowest observation \(String(format: "%.4g", top))",
                    "the law has flattened onto the best run, so the power terms are not identified"))
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
    public var name: String { "bnsl-\(breaks)" }
    public var formula: String { "y = a + b·x^(−c₀)·Π_{i=1…\(breaks)} (1 + (x/dᵢ)^(1/fᵢ))^(−cᵢ·fᵢ)" }
    public var source: String { "Caballero et al. 2022, 'Broken Neural Scaling Laws', Eq. 1" }
    public var inputs: [LawVariable] { [variable] }
    public var output: LawOutput { .loss }
    public var parameterNames: [String] {
        [floorCeiling == nil ? "log a" : "logit a/a_max", "log b", "c0"]
            + (1...breaks).flatMap { ["c\($0)", "log d\($0)", "log f\($0)"] }
    }

    public func predict(_ point: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let lx = Double.log(point[variable])
        let a = floor(t[0])
        var logP = t[1] - t[2] * lx
        for i in 0..<breaks {
            let c = t[3 + 3 * i], ld = t[4 + 3 * i], f = Double.exp(t[5 + 3 * i])
            logP -= c * f * Double.log(onePlus: Double.exp((lx - ld) / f))
        }
        let p = Double.exp(logP)
        g[0] = a.derivative
        g[1] = p
        g[2] = -p * lx
        // ∂log P/∂(cᵢ, log dᵢ, log fᵢ), recomputed rather than stored (no allocation per point).
        for i in 0..<breaks {
            let c = t[3 + 3 * i], ld = t[4 + 3 * i], f = Double.exp(t[5 + 3 * i])
            let logRatio = lx - ld
            let z = Double.exp(logRatio / f)
            let logT = Double.log(onePlus: z)
            let tValue = 1 + z
            g[3 + 3 * i] = p * -f * logT
            g[4 + 3 * i] = p * c * z / tValue
            g[5 + 3 * i] = p * (-c * f * logT + c * z * logRatio / tValue)
        }
        return a.value + p
    }

    public var starts: [[Double]] {
        // A coarse grid on the smooth part, the breaks spread over log x ∈ [10, 50].
        let base = grid([floorCeiling == nil ? [-1, 0.5] : [-2, 1], [2, 8], [0.1, 0.4]])
        let breakAxes: [[Double]] = [[0.05, 0.3], [10, 20, 30, 40, 50], [0]]
        var starts = base
        for _ in 0..<breaks { starts = starts.flatMap { s in grid(breakAxes).map { s + $0 } } }
        return starts
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
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

/// Downstream error from loss (Gadre et al. 2024, Eq. 5): `Err(L) = ε − k·e^(−γ·L)`.
/// θ = (logit ε, log k, log γ): the ceiling ε of the error in (0, 1), k > 0, and γ > 0 (the
/// error rises with the loss).
public struct LossToError: CatalogLaw {
    public init() {}
    public var name: String { "gadre-error" }
    public var formula: String { "Err(L) = ε − k·exp(−γ·L)" }
    public var source: String {
        "Gadre et al. 2024, 'Language models scale reliably with over-training and on downstream tasks', Eq. 5"
    }
    public var inputs: [LawVariable] { [.L] }
    public var output: LawOutput { .fraction }
    public var parameterNames: [String] { ["logit epsilon", "log k", "log gamma"] }

    public func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let x = p.L
        let epsilon = Logistic.value(t[0]), gamma = Double.exp(t[2])
        let term = Double.exp(t[1] - gamma * x)
        g[0] = epsilon * (1 - epsilon)
        g[1] = -term
        g[2] = term * x * gamma
        return epsilon - term
    }

    public var starts: [[Double]] {
        grid([[0.5, 0.75, 0.9].map(Logistic.logit), [-2, 0, 2, 4], [0.25, 0.5, 1, 2, 4].map { Double.log($0) }])
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [("epsilon", Logistic.value(t[0])), ("k", Double.exp(t[1])), ("gamma", Double.exp(t[2]))]
    }

    public var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 0, value: 40, parameter: "epsilon", bound: "1", meaning: "the error's ceiling is not shown")
        ]
    }

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
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

/// Accuracy as a sigmoid of log-compute with a chance-rate floor:
/// `acc = lo + (hi − lo)/(1 + e^(−s·(log₁₀C − m)))`, lo fixed (the chance rate).
/// θ = (logit((hi − lo)/(1 − lo)), log s, m): the ceiling hi in (chance, 1] and a positive slope
/// (accuracy rises with compute).
public struct ComputeSigmoid: CatalogLaw {
    /// The floor: the task's chance accuracy.
    public var chance: Double
    public init(chance: Double) { self.chance = chance }
    public var name: String { "sigmoid" }
    public var formula: String { "acc = lo + (hi − lo)/(1 + exp(−s·(log10 C − m))), lo = chance" }
    public var source: String {
        "Owen 2024, 'How predictable is language model benchmark performance?'; Ruan et al. 2024 (sigmoids of log-compute)"
    }
    public var inputs: [LawVariable] { [.C] }
    public var output: LawOutput { .fraction }
    public var parameterNames: [String] { ["logit hi", "log s", "m"] }

    public func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let u = Double.log10(p.C)
        let share = Logistic.value(t[0]), s = Double.exp(t[1])
        let span = (1 - chance) * share
        let sigma = Logistic.value(s * (u - t[2]))
        g[0] = (1 - chance) * share * (1 - share) * sigma
        g[1] = span * sigma * (1 - sigma) * (u - t[2]) * s
        g[2] = -span * sigma * (1 - sigma) * s
        return chance + span * sigma
    }

    public var starts: [[Double]] {
        let shares = [0.3, 0.7, 0.95].map(Logistic.logit)
        return grid([shares, [0.5, 1, 2, 4].map { Double.log($0) }, [18, 20, 22, 24, 26]])
    }

    public func reported(_ t: [Double]) -> [(String, Double)] {
        [
            ("lo (chance)", chance), ("hi", chance + (1 - chance) * Logistic.value(t[0])), ("s", Double.exp(t[1])),
            ("m", t[2]),
        ]
    }

    public var boundaryProbes: [BoundaryProbe] {
        [
            BoundaryProbe(
                index: 0, value: 40, parameter: "hi", bound: "1",
                meaning: "the models do not show where accuracy levels off")
        ]
    }

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
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

/// Kaplan et al. 2020's joint law (Eq. 1.5): `L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D`.
/// θ = (log N_c, log D_c, α_N, α_D).
public struct KaplanJointLaw: CatalogLaw {
    public init() {}
    public var name: String { "kaplan" }
    public var formula: String { "L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D" }
    public var source: String { "Kaplan et al. 2020, 'Scaling Laws for Neural Language Models', Eq. 1.5" }
    public var inputs: [LawVariable] { [.N, .D] }
    public var output: LawOutput { .loss }
    public var parameterNames: [String] { ["log N_c", "log D_c", "alpha_N", "alpha_D"] }

    public func predict(_ p: LawPoint, _ t: [Double], gradient g: inout [Double]) -> Double {
        let gapN = t[0] - Double.log(p.N), gapD = t[1] - Double.log(p.D)
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

    public func domainWarnings(_ t: [Double]) -> [FitWarning] {
        [implausibleExponent("alpha_N", t[2], range: 0.01...2), implausibleExponent("alpha_D", t[3], range: 0.01...2)]
            .compactMap { $0 }
    }
}
