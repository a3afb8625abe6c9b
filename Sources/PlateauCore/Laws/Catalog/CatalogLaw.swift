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
    /// Optimiser steps (learning-curve laws, read from a checkpoint table's step column).
    case S
    /// AI-written tokens among the training tokens D (laws of a human/AI mix; 0 for a human-only run).
    case A

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
        case .S: "optimiser steps"
        case .A: "AI-written tokens"
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
    public var S = Double.nan
    public var A = Double.nan

    public init(N: Double = .nan, D: Double = .nan, C: Double = .nan, U: Double = .nan, L: Double = .nan) {
        self.N = N
        self.D = D
        self.C = C
        self.U = U
        self.L = L
    }

    /// The point with each of `variables` replaced by its natural logarithm (the rest NaN).
    package func logarithms(of variables: [LawVariable]) -> LawPoint {
        var logs = LawPoint()
        for v in variables { logs[v] = Double.log(self[v]) }
        return logs
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
            case .S: S
            case .A: A
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
            case .S: S = newValue
            case .A: A = newValue
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
    /// The same prediction when the logarithms of the point's inputs are at hand (`logs`, a
    /// point of logarithms, computed once per fit by the objective): a law that works in log x
    /// reads them instead of taking a logarithm per evaluation. By default the plain prediction.
    func predict(_ point: LawPoint, logs: LawPoint, _ theta: [Double], gradient: inout [Double]) -> Double
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
    /// A faster exact fit of this law than the generic multi-start (the Chinchilla kernel, from
    /// `starts`: its grid or seeded random starts), or nil to use the generic one.
    func kernelFit(
        points: [LawPoint], observed: [Double], estimator: CatalogEstimator, starts: StartPoints, seed: UInt64,
        threads: Int
    ) throws -> CatalogFit?
    /// Whether the law has a ``kernelFit(points:observed:estimator:starts:seed:threads:)``: its
    /// bootstrap then refits every resample by the kernel from seeded random starts. Default: false.
    var hasKernel: Bool { get }
    /// Whether θ lies inside the law's domain. Laws fitted in coordinates that keep every
    /// parameter in its domain by construction say true (the default); the Chinchilla kernel's
    /// exponents are unconstrained, and a bootstrap leaves out draws outside.
    func inDomain(_ theta: [Double]) -> Bool
    /// The loss as every input grows without bound (the irreducible loss E; 0 for a pure power
    /// law), or nil when the law does not say. Plans of diminishing returns cut the loss above it.
    /// Default: nil.
    func floor(_ theta: [Double]) -> Double?
    /// The score a rising law of a fraction levels off at (a sigmoid's hi), or nil when the law
    /// does not say. Default: nil.
    func ceiling(_ theta: [Double]) -> Double?
    /// The name and options a saved document records to rebuild this law (``LawSpec/law()``).
    /// Default: the name alone.
    var spec: LawSpec { get }
    /// How the law's authors fitted it, when Plateau's generic objective differs from theirs in
    /// a way that moves the constants (a paired or bounded estimator), one sentence for the fit's
    /// notes. Default: nil.
    var objectiveNote: String? { get }
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
    public func predict(_ point: LawPoint, logs: LawPoint, _ theta: [Double], gradient: inout [Double]) -> Double {
        predict(point, theta, gradient: &gradient)
    }
    public var spec: LawSpec { LawSpec(name: name) }
    public var objectiveNote: String? { nil }
    public func floor(_ theta: [Double]) -> Double? { nil }
    public func ceiling(_ theta: [Double]) -> Double? { nil }
    public func inDomain(_ theta: [Double]) -> Bool { true }
    public var hasKernel: Bool { false }
    public var boundaryProbes: [BoundaryProbe] { [] }
    public func bounded(by observed: [Double], at points: [LawPoint]) -> Self { self }
    public func domainWarnings(_ theta: [Double]) -> [FitWarning] { [] }
    public func kernelFit(
        points: [LawPoint], observed: [Double], estimator: CatalogEstimator, starts: StartPoints, seed: UInt64,
        threads: Int
    ) throws -> CatalogFit? { nil }

    /// The prediction of a law of one input at `x`.
    public func predict(_ x: Double, _ theta: [Double], gradient: inout [Double]) -> Double {
        predict(LawPoint.with(inputs[0], x), theta, gradient: &gradient)
    }

    /// Whether the law reads N and D and nothing but C besides: a law a plan can follow along
    /// C = 6·N·D (plan, returns, --target-loss).
    public var isLawOfNAndD: Bool {
        let read = Set(inputs)
        return read.contains(.N) && read.contains(.D) && read.isSubset(of: [.N, .D, .C])
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
package enum Logistic {
    package static func value(_ u: Double) -> Double { u >= 0 ? 1 / (1 + Double.exp(-u)) : Double.exp(u) / (1 + Double.exp(u)) }
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
