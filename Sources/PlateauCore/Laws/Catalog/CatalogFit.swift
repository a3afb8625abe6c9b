import Foundation
import PlateauOptim
import RealModule

/// How a catalog law's residuals are scored.
public enum CatalogEstimator: Sendable, Equatable {
    /// Σ Huber_δ(log yᵢ − log ŷᵢ), summed (Hoffmann et al. 2022's Approach 3 loss).
    case huberLog(delta: Double)
    /// Σ (yᵢ − ŷᵢ)² in linear space: what scipy's `curve_fit` minimises, as Gadre et al.'s
    /// repository fits their Eq. 5.
    case leastSquares

    public static let `default` = CatalogEstimator.huberLog(delta: 1e-3)

    public var name: String {
        switch self {
        case .huberLog: "huber-log"
        case .leastSquares: "least-squares"
        }
    }
}

/// The objective of a catalog fit, with its exact gradient. Under `huber-log` it is
/// Σ Huber_δ(log yᵢ − log ŷ(xᵢ; θ)) with `∂/∂θ = −Σ ρ'(rᵢ)·(∂ŷᵢ/∂θ)/ŷᵢ`, and a non-positive
/// prediction makes the value +∞ (outside the domain; the line search backs off). Under
/// `least-squares` it is Σ (yᵢ − ŷᵢ)² with `∂/∂θ = −2·Σ (yᵢ − ŷᵢ)·∂ŷᵢ/∂θ`.
public struct CatalogObjective<Law: CatalogLaw>: DifferentiableObjective, Sendable {
    public let law: Law
    let x: [Double]
    let y: [Double]
    let logY: [Double]
    let huber: Huber
    let estimator: CatalogEstimator

    public init(law: Law, x: [Double], y: [Double], estimator: CatalogEstimator = .default) {
        self.law = law
        self.x = x
        self.y = y
        self.estimator = estimator
        logY = y.map { Double.log($0) }
        if case .huberLog(let delta) = estimator {
            huber = Huber(delta: delta)
        } else {
            huber = Huber(delta: 1e-3)
        }
    }

    public var dimension: Int { law.parameterNames.count }

    public func value(at theta: [Double], gradient g: inout [Double]) -> Double {
        var f = 0.0
        var point = [Double](repeating: 0, count: dimension)
        for k in 0..<dimension { g[k] = 0 }
        if estimator == .leastSquares {
            for i in x.indices {
                let r = y[i] - law.predict(x[i], theta, gradient: &point)
                guard r.isFinite else { return .infinity }
                f += r * r
                for k in 0..<dimension { g[k] -= 2 * r * point[k] }
            }
            return f
        }
        for i in x.indices {
            let y = law.predict(x[i], theta, gradient: &point)
            guard y > 0 && y.isFinite else { return .infinity }
            let r = logY[i] - Double.log(y)
            f += huber.value(r)
            let w = -huber.derivative(r) / y
            for k in 0..<dimension { g[k] += w * point[k] }
        }
        return f
    }
}

/// The outcome of fitting a catalog law.
public struct CatalogFit: Sendable {
    public var lawName: String
    public var formula: String
    public var source: String
    /// The fitted θ (with logarithms).
    public var theta: [Double]
    /// Parameters as reported (logarithms undone).
    public var parameters: [(name: String, value: Double)]
    public var objective: Double
    public var runs: Int
    public var starts: Int
    public var convergedStarts: Int
    public var startsInBestBasin: Int
    /// Other local optima whose objective is within ``nearTieTolerance`` (relative) of the best,
    /// best first, each polished: where the data cannot tell parameters apart.
    public var nearTiedOptima: [(parameters: [(name: String, value: Double)], objective: Double)]
    public var warnings: [FitWarning]

    /// How close (relative) another local optimum's objective must be to the best one's to be
    /// reported as a near tie.
    public static let nearTieTolerance = 0.01

    /// Fits `law` to points `(x, y)` by multi-start L-BFGS from `starts` (default: the law's
    /// grid), polishing the best converged start and every other local optimum within
    /// ``nearTieTolerance`` of it.
    ///
    /// - Throws: ``FitError`` with fewer points than parameters or no finite start.
    public static func fit<Law: CatalogLaw>(
        _ law: Law, x: [Double], y: [Double], starts: [[Double]]? = nil, estimator: CatalogEstimator = .default,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CatalogFit {
        let objective = CatalogObjective(law: law, x: x, y: y, estimator: estimator)
        guard x.count >= objective.dimension else {
            throw FitError.tooFewRuns(found: x.count, needed: objective.dimension)
        }
        let starts = starts ?? law.starts
        let results = MultiStart.minimize(objective, from: starts, threads: threads)
        let summary = try MultiStartSummary(results)
        var best = results[summary.bestIndex]
        let polished = MultiStartSummary.polisher.minimize(objective, from: best.x)
        if polished.value <= best.value { best = polished }
        let inBasin = summary.basinCount(results, bestValue: best.value, runs: x.count)
        var warnings: [FitWarning] = []
        if Double(inBasin) < 0.05 * Double(starts.count) {
            warnings.append(
                FitWarning(
                    code: "few-in-best-basin",
                    message:
                        "only \(inBasin) of \(starts.count) starts reached the best objective — the optimum may be hard to find"
                ))
        }
        if Set(x.map { ($0 * 1e6).rounded() }).count < law.parameterNames.count {
            warnings.append(
                FitWarning(
                    code: "few-distinct-inputs",
                    message:
                        "fewer distinct inputs than parameters — the law is not identified; add runs at other scales"))
        }
        let ties = nearTies(results, converged: summary.converged, best: best, objective: objective)
        if let closest = ties.first {
            let shown = law.reported(closest.x).map { "\($0.0) = \(($0.1 * 1e4).rounded() / 1e4)" }
            let gap = (closest.value - best.value) / best.value * 100
            warnings.append(
                FitWarning(
                    code: "near-tied-optima",
                    message:
                        "\(ties.count) other local optim\(ties.count == 1 ? "um" : "a") within \(Int(nearTieTolerance * 100)) % of the best objective (closest: \(shown.joined(separator: ", ")), +\(String(format: "%.3f", gap)) %) — the data barely tell these parameters apart, so read them as uncertain"
                ))
        }
        return CatalogFit(
            lawName: law.name, formula: law.formula, source: law.source, theta: best.x,
            parameters: law.reported(best.x).map { (name: $0.0, value: $0.1) }, objective: best.value, runs: x.count,
            starts: starts.count, convergedStarts: summary.converged.count, startsInBestBasin: inBasin,
            nearTiedOptima: ties.map { t in
                (law.reported(t.x).map { (name: $0.0, value: $0.1) }, t.value)
            }, warnings: warnings)
    }

    /// Distinct converged optima (other than `best`) within ``nearTieTolerance`` of its
    /// objective, polished, best first. Two optima are the same when every θ differs by less
    /// than 10⁻³·max(1, |θ|) after polishing.
    static func nearTies<Objective: DifferentiableObjective>(
        _ results: [LBFGS.Result], converged: [Int], best: LBFGS.Result, objective: Objective
    ) -> [LBFGS.Result] {
        let limit = best.value + best.value.magnitude * nearTieTolerance
        func same(_ a: [Double], _ b: [Double]) -> Bool {
            zip(a, b).allSatisfy { abs($0 - $1) < 1e-3 * max(1, abs($0)) }
        }
        var found: [LBFGS.Result] = [best]
        for i in converged.sorted(by: { results[$0].value < results[$1].value }) where results[i].value <= limit {
            guard !found.contains(where: { same($0.x, results[i].x) }) else { continue }
            let polished = MultiStartSummary.polisher.minimize(objective, from: results[i].x)
            let candidate = polished.value <= results[i].value ? polished : results[i]
            guard candidate.value <= limit, !found.contains(where: { same($0.x, candidate.x) }) else { continue }
            found.append(candidate)
        }
        return found.dropFirst().sorted { $0.value < $1.value }
    }
}
