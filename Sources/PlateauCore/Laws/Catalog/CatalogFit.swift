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
    /// Σ (log yᵢ − log ŷᵢ)²: least squares in log space, as Clark et al. 2022 fit their routing
    /// law (log10 there; the base only scales the objective).
    case leastSquaresLog
    /// The Huber likelihood with its free scale σ (Besiroglu et al. 2024): the Chinchilla
    /// kernel's estimator, for the Chinchilla laws only.
    case huberLikelihood(delta: Double)

    public static let `default` = CatalogEstimator.huberLog(delta: 1e-3)

    public var name: String {
        switch self {
        case .huberLog: "huber-log"
        case .leastSquares: "least-squares"
        case .leastSquaresLog: "least-squares-log"
        case .huberLikelihood: "huber-likelihood"
        }
    }
}

/// The objective of a catalog fit, with its exact gradient. Under `huber-log` it is
/// Σ Huber_δ(log yᵢ − log ŷ(pᵢ; θ)) with `∂/∂θ = −Σ ρ'(rᵢ)·(∂ŷᵢ/∂θ)/ŷᵢ`, and a non-positive
/// prediction makes the value +∞ (outside the domain; the line search backs off). Under
/// `least-squares` it is Σ (yᵢ − ŷᵢ)² with `∂/∂θ = −2·Σ (yᵢ − ŷᵢ)·∂ŷᵢ/∂θ`.
package struct CatalogObjective<Law: CatalogLaw>: DifferentiableObjective, Sendable {
    package let law: Law
    let points: [LawPoint]
    /// Each point's inputs' logarithms, taken once (``CatalogLaw/predict(_:logs:_:gradient:)``).
    let logPoints: [LawPoint]
    let y: [Double]
    let logY: [Double]
    let huber: Huber
    let estimator: CatalogEstimator
    /// The number of coordinates, stored: a law's parameter names are built on every call.
    package let dimension: Int

    package init(law: Law, points: [LawPoint], y: [Double], estimator: CatalogEstimator = .default) {
        self.law = law
        dimension = law.parameterNames.count
        self.points = points
        let inputs = law.inputs
        logPoints = points.map { $0.logarithms(of: inputs) }
        self.y = y
        self.estimator = estimator
        logY = y.map { Double.log($0) }
        switch estimator {
        case .huberLog(let delta), .huberLikelihood(let delta):
            // Under huber-likelihood (the kernel's; σ is not among a catalog law's parameters)
            // the huber-log objective is what the fit reports at the likelihood's optimum and
            // what its E = 0 probe refits.
            huber = Huber(delta: delta)
        case .leastSquaresLog:
            // ρ(r) = r²/2 for every residual a loss can have: least squares on log residuals.
            huber = Huber(delta: 1e300)
        case .leastSquares:
            huber = Huber(delta: 1e-3)
        }
    }

    /// The objective of a law of one input at `x`.
    package init(law: Law, x: [Double], y: [Double], estimator: CatalogEstimator = .default) {
        self.init(law: law, points: x.map { LawPoint.with(law.inputs[0], $0) }, y: y, estimator: estimator)
    }

    package func value(at theta: [Double], gradient g: inout [Double]) -> Double {
        var f = 0.0
        var point = [Double](repeating: 0, count: dimension)
        for k in 0..<dimension { g[k] = 0 }
        if estimator == .leastSquares {
            for i in points.indices {
                let r = y[i] - law.predict(points[i], logs: logPoints[i], theta, gradient: &point)
                guard r.isFinite else { return .infinity }
                f += r * r
                for k in 0..<dimension { g[k] -= 2 * r * point[k] }
            }
            return f
        }
        for i in points.indices {
            let y = law.predict(points[i], logs: logPoints[i], theta, gradient: &point)
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
    /// The law as fitted (with any data-dependent domain set from the observations).
    public var law: any CatalogLaw
    /// The fitted θ (in the law's coordinates).
    public var theta: [Double]
    public var objective: Double
    public var runs: Int
    public var starts: Int
    public var convergedStarts: Int
    public var startsInBestBasin: Int
    /// Other local optima whose objective is within ``nearTieTolerance`` (relative) of the best,
    /// best first, each polished: where the data cannot tell parameters apart.
    public var nearTiedOptima: [(parameters: [(name: String, value: Double)], objective: Double)]
    public var warnings: [FitWarning]
    /// θ of each of ``nearTiedOptima``, in the same order: to ask whether they predict differently.
    public var nearTiedTheta: [[Double]] = []
    /// The Huber likelihood's fitted scale σ (huber-likelihood only; its θ holds the law alone).
    public var scale: Double?
    /// Other local optima the starts reached (distinct endpoints, lowest objective first, at
    /// most ``maxLocalOptima``): the basins a bootstrap resample may move to.
    public var localOptima: [[Double]] = []

    package init(
        law: any CatalogLaw, theta: [Double], objective: Double, runs: Int, starts: Int, convergedStarts: Int,
        startsInBestBasin: Int, nearTiedOptima: [(parameters: [(name: String, value: Double)], objective: Double)],
        warnings: [FitWarning], nearTiedTheta: [[Double]] = [], scale: Double? = nil, localOptima: [[Double]] = []
    ) {
        self.law = law
        self.theta = theta
        self.objective = objective
        self.runs = runs
        self.starts = starts
        self.convergedStarts = convergedStarts
        self.startsInBestBasin = startsInBestBasin
        self.nearTiedOptima = nearTiedOptima
        self.warnings = warnings
        self.nearTiedTheta = nearTiedTheta
        self.scale = scale
        self.localOptima = localOptima
    }

    /// The most local optima a fit keeps for its bootstrap.
    public static let maxLocalOptima = 8

    public var lawName: String { law.name }
    public var formula: String { law.formula }
    public var source: String { law.source }
    /// Parameters as reported (the parameterisation undone).
    public var parameters: [(name: String, value: Double)] { law.reported(theta).map { (name: $0.0, value: $0.1) } }

    /// The fitted law in the Chinchilla form's own terms (E, A, B, α, β), when it is that form.
    public var chinchilla: ChinchillaLaw? { (law as? ChinchillaForm)?.law(theta) }

    /// The fitted law's prediction at `point`.
    public func predict(_ point: LawPoint) -> Double { law.value(at: point, theta) }

    /// How close (relative) another local optimum's objective must be to the best one's to be
    /// reported as a near tie.
    public static let nearTieTolerance = 0.01
    /// The most near ties a fit looks for and reports.
    public static let maxTies = 20

    /// Fits a law of one input to points `(x, y)`; see ``fit(_:points:observed:starts:estimator:bound:threads:)``.
    public static func fit<Law: CatalogLaw>(
        _ law: Law, x: [Double], y: [Double], starts: [[Double]]? = nil, estimator: CatalogEstimator = .default,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CatalogFit {
        try fit(
            law, points: x.map { LawPoint.with(law.inputs[0], $0) }, observed: y, starts: starts, estimator: estimator,
            threads: threads)
    }

    /// Fits `law` to observations at `points` by multi-start L-BFGS from `starts` (default: the
    /// law's kernel when it has one, else its grid), polishing the best converged start and
    /// every other local optimum within ``nearTieTolerance`` of it. The reported optimum is the
    /// lowest objective found, near ties included.
    ///
    /// - Parameter bound: Set the law's data-dependent domains from `observed` first
    ///   (``CatalogLaw/bounded(by:at:)``); a bootstrap refitting a fitted law passes false.
    /// - Throws: ``FitError`` with fewer points than parameters or no finite start.
    public static func fit<Law: CatalogLaw>(
        _ law: Law, points: [LawPoint], observed: [Double], starts: [[Double]]? = nil,
        estimator: CatalogEstimator = .default, bound: Bool = true, kernelStarts: StartPoints = .grid, seed: UInt64 = 0,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CatalogFit {
        let law = bound ? law.bounded(by: observed, at: points) : law
        let dimension = law.parameterNames.count
        guard points.count >= dimension else { throw FitError.tooFewRuns(found: points.count, needed: dimension) }
        // Issue 24: one model's checkpoints (--checkpoints all) fitted a 5-parameter law of N and D.
        if law.inputs.contains(.N), law.inputs.contains(.D), let first = points.first?.N,
            points.allSatisfy({ $0.N == first })
        {
            throw FitError.oneModelSize(law: law.name, size: first)
        }
        let objective = CatalogObjective(law: law, points: points, y: observed, estimator: estimator)
        if starts == nil,
            var fit = try law.kernelFit(
                points: points, observed: observed, estimator: estimator, starts: kernelStarts, seed: seed,
                threads: threads)
        {
            let atBound = law.domainWarnings(fit.theta)
            // The probe compares like with like: the generic objective at the kernel's optimum (a
            // likelihood fit reports its own objective).
            var g = [Double](repeating: 0, count: fit.theta.count)
            let value = objective.value(at: fit.theta, gradient: &g)
            fit.warnings += atBound.isEmpty ? unidentified(objective, at: fit.theta, value: value) : atBound
            fit.warnings += asymptoteInsideData(law, theta: fit.theta, points: points, observed: observed)
            return fit
        }
        if case .huberLikelihood = estimator { throw FitError.kernelEstimator(estimator.name, law: law.name) }
        let starts = starts ?? law.starts
        let results = MultiStart.minimize(objective, from: starts, threads: threads)
        let summary = try MultiStartSummary(results)
        var best = results[summary.bestIndex]
        let polished = MultiStartSummary.polisher.minimize(objective, from: best.x)
        if polished.value <= best.value { best = polished }
        var ties = nearTies(results, converged: summary.converged, best: best, objective: objective)
        // A polished tie can end below the best start: then it is the optimum.
        while let lower = ties.first, lower.value < best.value {
            best = lower
            ties = nearTies(results, converged: summary.converged, best: best, objective: objective)
        }
        // Ties at a bound are the bound's ridge, and ties that report the same law as the best
        // are the same optimum in other coordinates: neither is a different answer.
        let shownTies = distinctReported(ties.filter { law.domainWarnings($0.x).isEmpty }, best: best.x, law: law)
        let inBasin = summary.basinCount(results, bestValue: best.value, runs: points.count)
        var warnings: [FitWarning] = []
        if Double(inBasin) < 0.05 * Double(starts.count) {
            warnings.append(
                FitWarning(
                    code: "few-in-best-basin",
                    message:
                        "only \(inBasin) of \(starts.count) starts reached the best objective — the optimum may be hard to find"
                ))
        }
        let distinct = Set(points.map { p in law.inputs.map { (p[$0] * 1e6).rounded() } }).count
        if distinct < dimension {
            warnings.append(
                FitWarning(
                    code: "few-distinct-inputs",
                    message:
                        "fewer distinct inputs than parameters — the law is not identified; add runs at other scales"))
        }
        if let inert = inertParameters(law, theta: best.x, points: points) { warnings.append(inert) }
        var atBound = law.domainWarnings(best.x)
        if atBound.isEmpty { atBound = unidentified(objective, at: best.x, value: best.value) }
        warnings += atBound + asymptoteInsideData(law, theta: best.x, points: points, observed: observed)
        // A parameter at its bound makes a ridge of near-equal optima: that is one finding (the
        // parameter is not identified), not many near ties.
        if let closest = shownTies.first, atBound.isEmpty {
            let shown = closest.parameters.map { "\($0.name) = \(String(format: "%.4g", $0.value))" }
            let gap = (closest.objective - best.value) / best.value.magnitude * 100
            warnings.append(
                FitWarning(
                    code: "near-tied-optima",
                    message:
                        "\(shownTies.count) other local optim\(shownTies.count == 1 ? "um" : "a") within \(Int(nearTieTolerance * 100)) % of the best objective (closest: \(shown.joined(separator: ", ")), +\(String(format: "%.3f", gap)) %) — the data barely tell these parameters apart, so read them as uncertain"
                ))
        }
        var fit = CatalogFit(
            law: law, theta: best.x, objective: best.value, runs: points.count, starts: starts.count,
            convergedStarts: summary.converged.count, startsInBestBasin: inBasin,
            nearTiedOptima: atBound.isEmpty ? shownTies.map { ($0.parameters, $0.objective) } : [],
            warnings: warnings)
        fit.localOptima = distinctEndpoints(results, excluding: best.x)
        if atBound.isEmpty { fit.nearTiedTheta = shownTies.map(\.theta) }
        return fit
    }

    /// Coordinates no observation's prediction depends on (∂ŷ/∂θⱼ below 10⁻¹²·|ŷ| at every
    /// point): the fit leaves them at their start values, so printing them as fitted would be
    /// nonsense without a warning — a mix law's AI terms on a table with no AI tokens, say.
    package static func inertParameters(_ law: any CatalogLaw, theta: [Double], points: [LawPoint]) -> FitWarning? {
        var moved = [Bool](repeating: false, count: theta.count)
        var g = [Double](repeating: 0, count: theta.count)
        for p in points {
            let y = law.predict(p, theta, gradient: &g)
            for j in g.indices where !moved[j] && g[j].isFinite && abs(g[j]) > 1e-12 * max(abs(y), 1e-300) {
                moved[j] = true
            }
        }
        let inert = moved.indices.filter { !moved[$0] }.map { law.parameterNames[$0] }
        guard !inert.isEmpty else { return nil }
        return FitWarning(
            code: "parameters-without-data",
            message:
                "no observation depends on \(inert.joined(separator: ", ")): \(inert.count == 1 ? "it is its" : "they are their") start value\(inert.count == 1 ? "" : "s"), not fitted — add data that vary what \(inert.count == 1 ? "it describes" : "they describe")\(law.inputs.contains(.A) ? " (runs with AI tokens)" : ""), or fit a law without \(inert.count == 1 ? "it" : "them")"
        )
    }

    /// An asymptote inside the fitted data says those observations cannot be reached: the law
    /// does not describe them, however small its residuals elsewhere (issue 24).
    /// - `floor-above-data`: a loss law's floor (E, the loss as every input grows) above some of
    ///   the fitted losses (E 3.131 above four runs' losses, a 6.7 % miss at 2× compute, and
    ///   "warnings: none").
    /// - `ceiling-below-data`: a rising fraction law's ceiling below some of the fitted scores by
    ///   more than their noise — 3 × 1.4826 × the median absolute residual, and at least half a
    ///   point (Plateau's rule: a saturated task's scores scatter around its ceiling, so a score
    ///   just above it is noise, not a contradiction).
    static func asymptoteInsideData(_ law: any CatalogLaw, theta: [Double], points: [LawPoint], observed: [Double])
        -> [FitWarning]
    {
        if law.output == .fraction, let ceiling = law.ceiling(theta), ceiling.isFinite {
            let residuals = zip(points, observed).map { abs($1 - law.value(at: $0, theta)) }.sorted()
            guard !residuals.isEmpty else { return [] }
            let noise = 1.4826 * residuals[residuals.count / 2]
            let above = observed.filter { $0 > ceiling + max(0.005, 3 * noise) }
            guard let highest = above.max() else { return [] }
            return [
                FitWarning(
                    code: "ceiling-below-data",
                    message:
                        "the fitted ceiling \(String(format: "%.3g", ceiling)) lies below \(above.count) of the \(observed.count) fitted scores by more than their noise (highest \(String(format: "%.3g", highest))): the law says those scores cannot be reached, so it does not describe them and its predictions near the top are too low — look for another evaluation setting or outliers among the highest scores, or add larger models"
                )
            ]
        }
        guard law.output == .loss, let floor = law.floor(theta), floor.isFinite else { return [] }
        let below = observed.filter { $0 < floor }
        guard let lowest = below.min() else { return [] }
        return [
            FitWarning(
                code: "floor-above-data",
                message:
                    "the fitted floor E = \(String(format: "%.4g", floor)) lies above \(below.count) of the \(observed.count) fitted losses (lowest \(String(format: "%.4g", lowest))): the law says those losses cannot be reached, so it does not describe these runs and its predictions beyond them are unreliable — look for outliers or early checkpoints among the lowest losses, add larger runs, or fit a law whose floor is bounded by the data (--law power-law)"
            )
        ]
    }

    /// Parameters the data cannot tell from a bound of their domain: for each of the law's
    /// ``CatalogLaw/boundaryProbes``, the coordinate is set to the bound and the others refitted
    /// from the optimum. The bound is as good as the optimum when the objective rises by less than
    /// F₁,ₙ₋ₚ(0.95)·F/(n − p): an F-test of one restriction at the 95 % level (exact for least
    /// squares and the quadratic part of Huber, a fair rule for its linear part), or by less
    /// than ``nearTieTolerance`` of F.
    static func unidentified<Law: CatalogLaw>(_ objective: CatalogObjective<Law>, at theta: [Double], value: Double)
        -> [FitWarning]
    {
        let freedom = Double(max(1, objective.points.count - theta.count))
        let allowed = max(fQuantile95(freedom) * value.magnitude / freedom, value.magnitude * nearTieTolerance)
        return objective.law.boundaryProbes.compactMap { probe in
            var start = theta
            start[probe.index] = probe.value
            let fixed = Pinned(base: objective, index: probe.index)
            let result = MultiStartSummary.polisher.minimize(fixed, from: start)
            guard result.value.isFinite, result.value <= value + allowed else { return nil }
            // An exact fit (objective 0, identical runs) has no relative rise: 0 %, not NaN.
            let gap = value.magnitude > 0 ? (result.value - value) / value.magnitude * 100 : 0
            return FitWarning(
                code: "not-identified",
                message:
                    "\(probe.parameter) is not identified by these data: with \(probe.parameter) = \(probe.bound) the objective rises only \(String(format: gap < 10 ? "%.2f" : "%.0f", max(gap, 0))) % (no more than an F-test at 95 % allows: \(probe.meaning)) — read the fitted \(probe.parameter) and predictions beyond the data as unconstrained; add data that reach further, or fix \(probe.parameter) from elsewhere"
            )
        }
    }

    /// The distinct finite endpoints of the starts other than `best`, lowest objective first, at
    /// most ``maxLocalOptima`` (two are the same when every coordinate agrees to
    /// 10⁻³·max(1, |θ|)).
    static func distinctEndpoints(_ results: [LBFGS.Result], excluding best: [Double]) -> [[Double]] {
        func same(_ a: [Double], _ b: [Double]) -> Bool {
            zip(a, b).allSatisfy { abs($0 - $1) < 1e-3 * max(1, abs($0)) }
        }
        var kept: [[Double]] = []
        for r in results.filter({ $0.value.isFinite && $0.x.allSatisfy(\.isFinite) }).sorted(by: { $0.value < $1.value }
        ) {
            guard kept.count < maxLocalOptima else { break }
            if same(r.x, best) || kept.contains(where: { same($0, r.x) }) { continue }
            kept.append(r.x)
        }
        return kept
    }

    /// F₁,ν(0.95): for ν ≤ 30 from a table (scipy.stats.f.ppf(0.95, 1, ν), to 4 decimals);
    /// beyond, t²_ν(0.975) from the Cornish–Fisher expansion of Student's t about z = 1.959964,
    /// within 0.05 % there. ν is rounded down to a whole number of degrees of freedom.
    package static func fQuantile95(_ nu: Double) -> Double {
        let table = [
            161.4476, 18.5128, 10.1280, 7.7086, 6.6079, 5.9874, 5.5914, 5.3177, 5.1174, 4.9646, 4.8443, 4.7472,
            4.6672, 4.6001, 4.5431, 4.4940, 4.4513, 4.4139, 4.3807, 4.3512, 4.3248, 4.3009, 4.2793, 4.2597, 4.2417,
            4.2252, 4.2100, 4.1960, 4.1830, 4.1709,
        ]
        let whole = max(1, Int(nu.rounded(.down)))
        if whole <= table.count { return table[whole - 1] }
        let t = StudentT.cornishFisher(z: 1.959963984540054, nu: Double(whole))
        return t * t
    }

    /// The ties as reported, dropping any whose reported parameters all agree with an earlier
    /// one's (or the best's) to 10⁻³ relative: different coordinates, same law.
    static func distinctReported<Law: CatalogLaw>(_ ties: [LBFGS.Result], best: [Double], law: Law)
        -> [(parameters: [(name: String, value: Double)], objective: Double, theta: [Double])]
    {
        var out: [(parameters: [(name: String, value: Double)], objective: Double, theta: [Double])] = []
        var seen: [[Double]] = [law.reported(best).map(\.1)]
        for t in ties {
            let values = law.reported(t.x).map(\.1)
            let duplicate = seen.contains { s in
                zip(s, values).allSatisfy { abs($0 - $1) <= 1e-3 * max(abs($0), abs($1), 1e-12) }
            }
            guard !duplicate else { continue }
            seen.append(values)
            out.append((law.reported(t.x).map { (name: $0.0, value: $0.1) }, t.value, t.x))
        }
        return out
    }

    /// Distinct converged optima (other than `best`) within ``nearTieTolerance`` of its
    /// objective, polished, lowest first. Two optima are the same when every θ differs by less
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
            // Enough to show that the optimum is not unique; polishing thousands (bnsl-3's grid
            // has 8,000 starts) would cost minutes.
            guard found.count <= maxTies else { break }
            guard !found.contains(where: { same($0.x, results[i].x) }) else { continue }
            let polished = MultiStartSummary.tiePolisher.minimize(objective, from: results[i].x)
            let candidate = polished.value <= results[i].value ? polished : results[i]
            guard candidate.value <= limit, !found.contains(where: { same($0.x, candidate.x) }) else { continue }
            found.append(candidate)
        }
        return found.dropFirst().sorted { $0.value < $1.value }
    }
}

/// An objective with one coordinate held where it starts: its gradient is zero, so L-BFGS never
/// moves it.
struct Pinned<Base: DifferentiableObjective & Sendable>: DifferentiableObjective, Sendable {
    let base: Base
    let index: Int
    var dimension: Int { base.dimension }
    func value(at x: [Double], gradient: inout [Double]) -> Double {
        let f = base.value(at: x, gradient: &gradient)
        gradient[index] = 0
        return f
    }
}
