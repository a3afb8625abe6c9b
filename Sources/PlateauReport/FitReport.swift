import Foundation
import PlateauCore

/// How a Chinchilla fit is shown: a readable text block and a versioned JSON document.
package struct FitReport: Sendable {
    package var fit: ChinchillaFit
    /// The runs' source (file or bundled dataset).
    package var source: String
    /// How the starts were chosen, e.g. `grid` or `random (seed 7)`.
    package var startsDescription: String
    package var notes: [String]
    /// Distinct training runs behind the rows, when they are checkpoints of fewer runs.
    package var distinctRuns: Int?
    /// Wall-clock seconds, shown in text only (JSON stays deterministic).
    package var seconds: Double?
    package var threads: Int?
    /// Bootstrap intervals, when asked for.
    package var bootstrap: BootstrapResult?
    /// How each resample started (`500`, `grid`, `warm`).
    package var bootstrapStarts: String?
    /// Wall-clock seconds of the bootstrap (text only).
    package var bootstrapSeconds: Double?
    /// β tied to α (the `chinchilla-tied` law).
    package var tiedExponents = false

    /// The fit's warnings plus the bootstrap's: a flat optimum (an interval wider than its
    /// estimate) and failed resamples.
    package var warnings: [FitWarning] {
        var all = fit.warnings
        guard let bootstrap else { return all }
        for q in [BootstrapResult.Quantity.E, .A, .B, .alpha, .beta] {
            guard let interval = bootstrap.intervals[q] else { continue }
            let estimate = BootstrapResult.value(q, of: fit.law, budget: bootstrap.options.budget)
            if let w = FitWarning.flatOptimum(q.rawValue, estimate: estimate, interval: interval, level: bootstrap.options.level) {
                all.append(w)
            }
        }
        all += bootstrap.warnings(for: fit.law)
        return all
    }

    package init(
        fit: ChinchillaFit, source: String, startsDescription: String, notes: [String], seconds: Double? = nil,
        threads: Int? = nil
    ) {
        self.fit = fit
        self.source = source
        self.startsDescription = startsDescription
        self.notes = notes
        self.seconds = seconds
        self.threads = threads
    }

    /// The human-readable summary.
    package func text() -> String {
        let law = fit.law
        let what = distinctRuns.map { "\(fit.runs) checkpoints of \($0) runs" } ?? "\(fit.runs) runs"
        var out = "Chinchilla law L(N, D) = E + A/N^α + B/D^β fitted to \(what) (\(source))\n"
        out += "estimator: \(fit.estimator.rawValue) — \(fit.estimator.summary)\n\n"
        var table = TextTable(header: ["parameter", "value"], rightAligned: [false, true])
        table.rows = [
            ["E", NumberFormat.significant(law.E, 6)],
            ["A", NumberFormat.significant(law.A, 6)],
            ["B", NumberFormat.significant(law.B, 6)],
            ["α (alpha)", NumberFormat.fixed(law.alpha, 6)],
            ["β (beta)", NumberFormat.fixed(law.beta, 6)],
        ]
        if let scale = fit.scale { table.rows.append(["σ (scale)", NumberFormat.scientific(scale, 4)]) }
        out += table.render() + "\n\n"
        let b = fit.best
        let startText = b.start.map { NumberFormat.significant($0, 3) }.joined(separator: ", ")
        var facts = TextTable(header: ["", ""])
        facts.rows = [
            ["objective", NumberFormat.scientific(fit.objective, 8)],
            [
                "compute-optimal",
                law.hasFrontier
                    ? "N_opt ∝ C^\(NumberFormat.fixed(law.parameterExponent, 4)), D_opt ∝ C^\(NumberFormat.fixed(law.tokenExponent, 4))  (a = β/(α+β), b = α/(α+β))"
                    : "undefined: no compute-optimal frontier (see the warnings)",
            ],
            [
                "starts",
                "\(fit.starts) (\(startsDescription)); \(fit.convergedStarts) converged; \(fit.startsInBestBasin) reached the best basin",
            ],
            [
                "best start",
                "#\(b.index) (a, b, e, α, β) = (\(startText)): \(b.iterations) iterations, \(b.evaluations) evaluations, stopped on \(b.stopReason.rawValue)",
            ],
        ]
        if let seconds {
            let threadText = threads.map { " on \($0) thread\($0 == 1 ? "" : "s")" } ?? ""
            facts.rows.append(["time", "\(NumberFormat.fixed(seconds, 2)) s\(threadText)"])
        }
        out += facts.renderRows() + "\n"
        if let bootstrap {
            let level = NumberFormat.significant(100 * bootstrap.options.level, 3)
            out += "\n\(level) % bootstrap intervals: \(bootstrap.completed) resamples"
            out += ", each re-fitted from \(bootstrapStartsText)"
            out += bootstrapSeconds.map { " (\(NumberFormat.fixed($0, 1)) s)" } ?? ""
            out += "; decisions at C = \(NumberFormat.scientific(bootstrap.options.budget, 3)) FLOPs\n"
            var t = TextTable(
                header: ["quantity", "estimate", "lower", "upper"], rightAligned: [false, true, true, true])
            for q in BootstrapResult.Quantity.allCases {
                guard let i = bootstrap.intervals[q] else { continue }
                let estimate = BootstrapResult.value(q, of: fit.law, budget: bootstrap.options.budget)
                let f: (Double) -> String = {
                    [.parameters, .tokens].contains(q) ? NumberFormat.si($0) : NumberFormat.significant($0, 5)
                }
                t.rows.append([Self.label(q), f(estimate), f(i.lower), f(i.upper)])
            }
            out += t.render() + "\n"
        }
        if !notes.isEmpty {
            out += "\nnotes:\n" + notes.map { "  - \($0)" }.joined(separator: "\n") + "\n"
        }
        // The fit's warnings and the bootstrap's, as the JSON has them (text printed only the
        // fit's: 'warnings: none' under an interval of α from −264).
        let all = warnings
        out +=
            all.isEmpty
            ? "\nwarnings: none\n"
            : "\nwarnings:\n" + all.map { "  - \($0.message)" }.joined(separator: "\n") + "\n"
        return out
    }

    var bootstrapStartsText: String {
        switch bootstrapStarts ?? "" {
        case "grid": "the 4,500-point grid"
        case "warm": "one start at the full-data fit (the reference method)"
        case let n: "\(n) seeded random starts"
        }
    }

    static func label(_ q: BootstrapResult.Quantity) -> String {
        switch q {
        case .E: "E"
        case .A: "A"
        case .B: "B"
        case .alpha: "α (alpha)"
        case .beta: "β (beta)"
        case .a: "a = β/(α+β)"
        case .b: "b = α/(α+β)"
        case .parameters: "N_opt"
        case .tokens: "D_opt"
        case .loss: "loss at C"
        }
    }

    /// The `plateau.fit/2` JSON document (keys sorted; deterministic for a given seed).
    package func json() throws -> String {
        return try encodeDocument(FitDocument(self))
    }
}

/// `plateau fit --json` of the Chinchilla forms: the one `plateau.fit/2` schema every law writes
/// (``CatalogFitDocument``: law, spec, formula, θ, parameters, ranges, warnings, bootstrap with its
/// draws), plus what only the Chinchilla kernel has: the compute-optimal exponents, the best
/// start, the likelihood's scale, and bootstrap intervals on the decisions at a budget. Version 1
/// (the same fields without the common ones) still loads. Fields may be added, never renamed.
struct FitDocument: Encodable {
    struct Parameters: Encodable {
        var E, A, B, alpha, beta: Double
    }
    struct LogParameters: Encodable {
        var a, b, e: Double
    }
    struct ComputeOptimal: Encodable {
        /// N_opt ∝ C^a.
        var a: Double
        /// D_opt ∝ C^b.
        var b: Double
        /// N_opt = G·(C/6)^a.
        var G: Double
    }
    struct BestStart: Encodable {
        var index: Int
        var start: [Double]
        var iterations: Int
        var evaluations: Int
        var stopReason: String
        var gradientNorm: Double

        enum CodingKeys: String, CodingKey {
            case index, start, iterations, evaluations
            case stopReason = "stop_reason"
            case gradientNorm = "gradient_norm"
        }
    }

    var schema = "plateau.fit/2"
    var law = "chinchilla"
    var spec: LawSpec
    var formula: String
    var formulaSource: String
    /// θ of the catalog's Chinchilla form (uncentred): (log A, log B, log E, α[, β]).
    var theta: [Double]
    var distinctRuns: Int?
    var largestFitted: Double
    var ranges: [String: [Double]]
    var observedRange: [Double]
    var estimator: String
    var source: String
    var parameters: Parameters
    var logParameters: LogParameters
    var scale: Double?
    var objective: Double
    /// Nil (an explicit null) when the law has no frontier.
    var computeOptimal: ComputeOptimal?
    var runs: Int
    var starts: Int
    var startPoints: String
    var converged: Int
    var bestBasin: Int
    var bestStart: BestStart
    var notes: [String]
    var warnings: [FitWarning]
    var bootstrap: BootstrapDocument?
    var computeRange: [String: Double]

    struct BootstrapDocument: Encodable {
        struct Entry: Encodable {
            var estimate, lower, upper: Double
        }
        var resamples: Int
        var completed: Int
        var failed: Int
        var seed: UInt64
        var starts: String
        var level: Double
        var budget: Double
        var intervals: [String: Entry]
        /// θ = (log A, log B, log E, α[, β]) of every completed resample, for `plateau predict`.
        var draws: [[Double]]
    }

    enum CodingKeys: String, CodingKey {
        case schema, law, estimator, source, parameters, scale, objective, runs, starts, converged, notes, warnings
        case bootstrap, spec, formula, theta, ranges
        case formulaSource = "formula_source"
        case distinctRuns = "distinct_runs"
        case largestFitted = "largest_fitted_scale"
        case observedRange = "observed_range"
        case nearTies = "near_tied_optima"
        case computeRange = "compute_range"
        case logParameters = "log_parameters"
        case computeOptimal = "compute_optimal"
        case startPoints = "start_points"
        case bestBasin = "best_basin"
        case bestStart = "best_start"
    }

    init(_ report: FitReport) {
        let fit = report.fit, law = fit.law
        let form = ChinchillaForm(tiedExponents: report.tiedExponents)
        self.law = form.name
        spec = form.spec
        formula = form.formula
        formulaSource = form.source
        theta = form.coordinates(law)
        distinctRuns = report.distinctRuns
        largestFitted = fit.flopsRange.upperBound
        ranges = [
            "N": [fit.parameterRange.lowerBound, fit.parameterRange.upperBound],
            "D": [fit.tokenRange.lowerBound, fit.tokenRange.upperBound],
            "C": [fit.flopsRange.lowerBound, fit.flopsRange.upperBound],
        ]
        observedRange = [fit.lossRange.lowerBound, fit.lossRange.upperBound]
        estimator = fit.estimator.rawValue
        source = report.source
        parameters = Parameters(E: law.E, A: law.A, B: law.B, alpha: law.alpha, beta: law.beta)
        let logs = law.logParameters
        logParameters = LogParameters(a: logs[0], b: logs[1], e: logs[2])
        scale = fit.scale
        objective = fit.objective
        computeOptimal =
            law.hasFrontier
            ? ComputeOptimal(a: law.parameterExponent, b: law.tokenExponent, G: law.frontierScale) : nil
        runs = fit.runs
        starts = fit.starts
        startPoints = report.startsDescription
        converged = fit.convergedStarts
        bestBasin = fit.startsInBestBasin
        bestStart = BestStart(
            index: fit.best.index, start: fit.best.start, iterations: fit.best.iterations,
            evaluations: fit.best.evaluations, stopReason: fit.best.stopReason.rawValue,
            gradientNorm: fit.best.gradientNorm)
        notes = report.notes
        warnings = report.warnings
        computeRange = ["min": fit.flopsRange.lowerBound, "max": fit.flopsRange.upperBound]
        bootstrap = report.bootstrap.map { b in
            var entries: [String: BootstrapDocument.Entry] = [:]
            for (q, i) in b.intervals {
                entries[q.rawValue] = .init(
                    estimate: BootstrapResult.value(q, of: fit.law, budget: b.options.budget), lower: i.lower,
                    upper: i.upper)
            }
            return BootstrapDocument(
                resamples: b.options.resamples, completed: b.completed, failed: b.failed + b.degenerate,  // every resample left out, so completed + failed = resamples
                seed: b.options.seed, starts: report.bootstrapStarts ?? "", level: b.options.level, budget: b.options.budget,
                intervals: entries,
                draws: b.laws.map { Array($0.logParameters.prefix(report.tiedExponents ? 4 : 5)) })
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema)
        try c.encode(law, forKey: .law)
        try c.encode(spec, forKey: .spec)
        try c.encode(formula, forKey: .formula)
        try c.encode(formulaSource, forKey: .formulaSource)
        try c.encode(theta, forKey: .theta)
        try c.encodeIfPresent(distinctRuns, forKey: .distinctRuns)
        try c.encode(largestFitted, forKey: .largestFitted)
        try c.encode(ranges, forKey: .ranges)
        try c.encode(observedRange, forKey: .observedRange)
        // The Chinchilla kernel does not search for near-tied optima (the catalog's generic fit does).
        try c.encode([String](), forKey: .nearTies)
        try c.encode(estimator, forKey: .estimator)
        try c.encode(source, forKey: .source)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(logParameters, forKey: .logParameters)
        try c.encode(scale, forKey: .scale)  // explicit null when absent
        try c.encode(objective, forKey: .objective)
        try c.encode(computeOptimal, forKey: .computeOptimal)
        try c.encode(runs, forKey: .runs)
        try c.encode(starts, forKey: .starts)
        try c.encode(startPoints, forKey: .startPoints)
        try c.encode(converged, forKey: .converged)
        try c.encode(bestBasin, forKey: .bestBasin)
        try c.encode(bestStart, forKey: .bestStart)
        try c.encode(notes, forKey: .notes)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(bootstrap, forKey: .bootstrap)  // null when not asked for
        try c.encode(computeRange, forKey: .computeRange)
    }
}
