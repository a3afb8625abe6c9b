import PlateauOptim

/// What every multi-start fit reports about its starts: which converged, which is best, and
/// how many reached the best basin.
struct MultiStartSummary {
    /// Starts that ended with a finite objective.
    let finite: [Int]
    /// Finite starts that met a convergence test.
    let converged: [Int]
    /// The best converged start (the best finite one when none converged); ties go to the
    /// lower index.
    let bestIndex: Int

    /// - Throws: ``FitError/noConvergedStart(starts:)`` when no start ended finite.
    init(_ results: [LBFGS.Result]) throws {
        finite = results.indices.filter { results[$0].value.isFinite }
        let converged = finite.filter { results[$0].converged }
        self.converged = converged
        guard let best = (converged.isEmpty ? finite : converged).min(by: { results[$0].value < results[$1].value })
        else { throw FitError.noConvergedStart(starts: results.count) }
        bestIndex = best
    }

    /// The settings that polish the best start to machine precision.
    static var polisher: LBFGS {
        var polisher = LBFGS()
        polisher.gradientTolerance = 1e-14
        polisher.objectiveTolerance = 0
        polisher.maxIterations = 10_000
        return polisher
    }

    /// The settings that polish a near tie: as tight, but a bounded budget. A tie on a flat
    /// ridge (a sigmoid whose midpoint runs off past the data) would otherwise take all of the
    /// polisher's 10,000 iterations, twenty times per fit, for a point that only shows the optimum
    /// is not unique — 86 % of the downstream analysis's time.
    static var tiePolisher: LBFGS {
        var polisher = polisher
        polisher.maxIterations = 500
        return polisher
    }

    /// Starts within ``ChinchillaFit/basinTolerance`` (relative) of `bestValue`, with an absolute
    /// floor of 1e-12 per run so that starts at an exact interpolation (objective ≈ 0) count as
    /// one basin; the best start always counts.
    func basinCount(_ results: [LBFGS.Result], bestValue: Double, runs: Int) -> Int {
        let threshold = bestValue + Swift.max(bestValue.magnitude * ChinchillaFit.basinTolerance, 1e-12 * Double(runs))
        return finite.filter { $0 == bestIndex || results[$0].value <= threshold }.count
    }
}
