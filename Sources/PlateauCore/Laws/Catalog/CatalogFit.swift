import Foundation
import PlateauOptim
import RealModule

/// Σ Huber_δ(log yᵢ − log ŷ(xᵢ; θ)) for a catalog law, with its exact gradient
/// `∂/∂θ = −Σ ρ'(rᵢ)·(∂ŷᵢ/∂θ)/ŷᵢ`. A non-positive prediction makes the value +∞ (outside the
/// domain; the line search backs off).
public struct CatalogObjective<Law: CatalogLaw>: DifferentiableObjective, Sendable {
    public let law: Law
    let x: [Double]
    let logY: [Double]
    let huber: Huber

    public init(law: Law, x: [Double], y: [Double], delta: Double = 1e-3) {
        self.law = law
        self.x = x
        logY = y.map { Double.log($0) }
        huber = Huber(delta: delta)
    }

    public var dimension: Int { law.parameterNames.count }

    public func value(at theta: [Double], gradient g: inout [Double]) -> Double {
        var f = 0.0
        var point = [Double](repeating: 0, count: dimension)
        for k in 0..<dimension { g[k] = 0 }
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
    public var warnings: [FitWarning]

    /// Fits `law` to points `(x, y)` by multi-start L-BFGS from the law's grid, polishing the
    /// best converged start.
    ///
    /// - Throws: ``FitError`` with fewer points than parameters or no finite start.
    public static func fit<Law: CatalogLaw>(
        _ law: Law, x: [Double], y: [Double], threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> CatalogFit {
        let objective = CatalogObjective(law: law, x: x, y: y)
        guard x.count >= objective.dimension else {
            throw FitError.tooFewRuns(found: x.count, needed: objective.dimension)
        }
        let starts = law.starts
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
        return CatalogFit(
            lawName: law.name, formula: law.formula, source: law.source, theta: best.x,
            parameters: law.reported(best.x).map { (name: $0.0, value: $0.1) }, objective: best.value, runs: x.count,
            starts: starts.count, convergedStarts: summary.converged.count, startsInBestBasin: inBasin,
            warnings: warnings)
    }
}
