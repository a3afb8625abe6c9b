import Foundation
import PlateauCore

/// How any catalog law's fit is shown: text with bootstrap intervals and warnings, and the
/// `plateau.fit/2` document that `plateau predict --from` reads back (the law, θ, the fitted
/// range and the bootstrap draws).
package struct CatalogFitReport: Sendable {
    package var fit: CatalogFit
    package var source: String
    package var notes: [String] = []
    /// Warnings about the data (checkpoints, compute inconsistent with 6·N·D, percentages).
    package var dataWarnings: [FitWarning] = []
    package var bootstrap: LawBootstrap?
    /// Distinct runs behind the observations, when fewer than the observations.
    package var distinctRuns: Int?
    /// The largest scale fitted (``LawPrediction/scale(_:law:)``), for predictions from the document.
    package var largestFitted: Double?
    /// Each input's fitted range.
    package var ranges: [LawVariable: ClosedRange<Double>] = [:]
    /// The range of the fitted observations (the law's output), for the plausibility of
    /// predictions from the document.
    package var observedRange: ClosedRange<Double>?
    package var estimator: CatalogEstimator = .default
    /// What the law decides at a budget (laws of N and D with a floor), with intervals from the
    /// bootstrap's draws.
    package var decisions: FrontierDecisions?

    package init(fit: CatalogFit, source: String) {
        self.fit = fit
        self.source = source
    }

    /// The report of a fit of `sample`, with the decisions at `budget` for a law of N and D.
    package init(fit: CatalogFit, sample: LawSample, bootstrap: LawBootstrap? = nil, budget: Double? = nil) {
        self.fit = fit
        source = sample.source
        notes = sample.notes + [fit.law.objectiveNote].compactMap { $0 }
        dataWarnings = sample.warnings
        self.bootstrap = bootstrap
        let distinct = Set(sample.runKeys).count
        if distinct < sample.count { distinctRuns = distinct }
        largestFitted = sample.largestScale(for: fit.law)
        for v in fit.law.inputs {
            let values = sample.points.map { $0[v] }
            if let lo = values.min(), let hi = values.max() { ranges[v] = lo...hi }
        }
        observedRange = sample.observedRange
        if let unidentified = sample.frontierUnidentified(for: fit.law) {
            dataWarnings.append(unidentified)
            return
        }
        decisions = budget.flatMap {
            FrontierDecisions(
                law: fit.law, theta: fit.theta, draws: bootstrap?.draws ?? [], budget: $0,
                level: bootstrap?.options.level ?? 0.95)
        }
    }

    /// Every warning: the data's, the fit's, the bootstrap's and its decisions'.
    package var warnings: [FitWarning] {
        dataWarnings + fit.warnings + (bootstrap?.warnings ?? []) + (decisions?.warnings ?? [])
    }

    package func text() -> String {
        let runs = distinctRuns.map { "\(fit.runs) checkpoints of \($0) run\($0 == 1 ? "" : "s")" } ?? "\(fit.runs) points"
        var out = "\(fit.lawName): \(fit.formula) fitted to \(runs) (\(source))\n"
        out += "source: \(fit.source)\n"
        out += "estimator: \(estimatorText)\n"
        for note in notes { out += "note: \(note)\n" }
        out += "\n"
        var t: TextTable
        if let bootstrap, bootstrap.hasIntervals {
            t = TextTable(
                header: ["parameter", "value", "95 % interval"], rightAligned: [false, true, true])
            t.rows = bootstrap.parameters.map {
                [
                    $0.name, NumberFormat.significant($0.estimate, 6),
                    $0.checked.text { NumberFormat.significant($0, 4) },
                ]
            }
        } else {
            t = TextTable(header: ["parameter", "value"], rightAligned: [false, true])
            t.rows = fit.parameters.map { [$0.name, NumberFormat.significant($0.value, 6)] }
        }
        out += t.render() + "\n\n"
        out += "  objective  \(NumberFormat.scientific(fit.objective, 8))\n"
        if let scale = fit.scale { out += "  scale σ    \(NumberFormat.scientific(scale, 4))\n" }
        out +=
            "  starts     \(fit.starts); \(fit.convergedStarts) converged; \(fit.startsInBestBasin) reached the best basin\n"
        if let bootstrap {
            out +=
                "  bootstrap  \(bootstrap.completed) of \(bootstrap.options.resamples) resamples of whole runs (seed \(bootstrap.options.seed)), each refitted \(Self.refit(bootstrap.options)); percentile intervals\n"
        }
        if let decisions {
            let beyond = largestFitted.map { " (\(NumberFormat.significant(decisions.budget / $0, 3))× the largest fitted run's)" } ?? ""
            out +=
                "\ncompute-optimal at C = \(NumberFormat.scientific(decisions.budget, 3)) FLOPs\(beyond), on the law's frontier (C = 6·N·D):\n"
            let intervals = bootstrap?.hasIntervals == true
            var d = TextTable(
                header: ["quantity", "estimate"] + (intervals ? ["95 % interval"] : []),
                rightAligned: [false, true, true])
            for row in decisions.rows {
                let si = row.name == "N_opt" || row.name == "D_opt"
                func f(_ x: Double) -> String { si ? NumberFormat.si(x) : NumberFormat.significant(x, 5) }
                let labels = ["a": "a (N_opt ∝ C^a)", "b": "b (D_opt ∝ C^b)", "loss": "loss at C"]
                var cells = [labels[row.name] ?? row.name, f(row.estimate)]
                if intervals {
                    cells.append(row.checked.text(f))
                }
                d.rows.append(cells)
            }
            out += d.render() + "\n"
            if let largestFitted, decisions.budget > 100 * largestFitted {
                out +=
                    "  (C is more than 100× the largest fitted run's compute: the law has not been tested that far — see 'plateau check'; --budget moves it)\n"
            }
        }
        if !fit.nearTiedOptima.isEmpty {
            out += "\nnear-tied local optima (objective within 1 % of the best):\n"
            var ties = TextTable(
                header: fit.parameters.map(\.name) + ["objective", "vs best"],
                rightAligned: Array(repeating: true, count: fit.parameters.count + 2))
            ties.rows = fit.nearTiedOptima.map { tie in
                tie.parameters.map { NumberFormat.significant($0.value, 6) } + [
                    NumberFormat.scientific(tie.objective, 8),
                    String(format: "+%.3f %%", (tie.objective / fit.objective - 1) * 100),
                ]
            }
            out += ties.render() + "\n"
        }
        out += WarningsText.render(warnings)
        return out
    }

    /// How each resample was refitted.
    static func refit(_ options: LawBootstrapOptions) -> String {
        switch options.kernelStarts {
        case .grid?: "from the 4,500-point grid"
        case .random(let n)?: "from \(n) seeded random starts"
        case .given(let starts)?: "from \(starts.count) given starts"
        case nil:
            options.gridStarts == 0
                ? "from the fit's optimum (and its other local optima, if it found any)"
                : "from the fit's optimum, its other local optima and \(options.gridStarts) grid starts"
        }
    }

    var estimatorText: String {
        switch estimator {
        case .huberLog(let delta): "huber-log — sum of Huber(delta=\(delta)) of log residuals"
        case .leastSquares: "least-squares — sum of squared residuals"
        case .leastSquaresLog: "least-squares-log — sum of squared log residuals (Clark et al. 2022)"
        case .huberLikelihood(let delta):
            "huber-likelihood — Huber(delta=\(delta)) likelihood of log residuals with a free scale σ (Besiroglu et al. 2024)"
        }
    }

    /// The `plateau.fit/2` document of a catalog law.
    package func json() throws -> String { try encodeDocument(document) }

    var document: CatalogFitDocument {
        CatalogFitDocument(
            law: fit.lawName, spec: LawSpec(fitted: fit.law), formula: fit.formula, estimator: estimator.name,
            source: source, formulaSource: fit.source, theta: fit.theta,
            parameters: Dictionary(fit.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
            objective: fit.objective, runs: fit.runs, distinctRuns: distinctRuns, starts: fit.starts,
            converged: fit.convergedStarts, bestBasin: fit.startsInBestBasin,
            nearTies: fit.nearTiedOptima.enumerated().map { i, tie in
                CatalogFitDocument.Tie(
                    parameters: Dictionary(tie.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }),
                    objective: tie.objective, theta: i < fit.nearTiedTheta.count ? fit.nearTiedTheta[i] : nil)
            },
            largestFitted: largestFitted,
            ranges: Dictionary(
                uniqueKeysWithValues: ranges.map { ($0.key.rawValue, [$0.value.lowerBound, $0.value.upperBound]) }),
            observedRange: observedRange.map { [$0.lowerBound, $0.upperBound] },
            notes: notes, warnings: warnings, scale: fit.scale,
            decisions: decisions.map { d in
                CatalogFitDocument.Decisions(
                    budget: d.budget,
                    values: Dictionary(
                        d.rows.map {
                            ($0.name, CatalogFitDocument.Decision(
                                estimate: $0.estimate, lower: $0.interval?.lower, upper: $0.interval?.upper,
                                withheld: $0.checked.percentiles == nil ? nil : $0.checked.withheld?.rawValue))
                        }, uniquingKeysWith: { a, _ in a }))
            },
            bootstrap: bootstrap.map { b in
                CatalogFitDocument.Bootstrap(
                    resamples: b.options.resamples, completed: b.completed, failed: b.failed, seed: b.options.seed,
                    level: b.options.level,
                    intervals: Dictionary(
                        (b.hasIntervals ? b.parameters : []).map {
                            (
                                $0.name,
                                CatalogFitDocument.Entry(
                                    estimate: $0.estimate, lower: $0.interval?.lower, upper: $0.interval?.upper,
                                    withheld: $0.checked.withheld?.rawValue)
                            )
                        }, uniquingKeysWith: { a, _ in a }),
                    draws: b.draws)
            })
    }
}

/// The `plateau.fit/2` document: enough to rebuild the fitted law and its bootstrap.
package struct CatalogFitDocument: Codable, Sendable {
    package struct Tie: Codable, Sendable {
        package var parameters: [String: Double]
        package var objective: Double
        /// The tie's coordinates.
        package var theta: [Double]?
    }
    /// A parameter's interval; `withheld` says why there is none (``Interval/Withheld``).
    package struct Entry: Codable, Sendable {
        package var estimate: Double
        package var lower, upper: Double?
        package var withheld: String?
    }
    package struct Decision: Codable, Sendable {
        package var estimate: Double
        package var lower, upper: Double?
        package var withheld: String?
    }
    /// The decisions at a budget: `a`, `b`, `N_opt`, `D_opt`, `loss`.
    package struct Decisions: Codable, Sendable {
        package var budget: Double
        package var values: [String: Decision]

        enum CodingKeys: String, CodingKey {
            case budget
            case values = "at_budget"
        }
    }
    package struct Bootstrap: Codable, Sendable {
        package var resamples: Int
        package var completed: Int
        package var failed: Int
        package var seed: UInt64
        package var level: Double
        package var intervals: [String: Entry]
        /// θ of every completed resample, in the law's coordinates.
        package var draws: [[Double]]
    }

    package var schema = "plateau.fit/2"
    package var law: String
    package var spec: LawSpec
    package var formula: String
    package var estimator: String
    package var source: String
    package var formulaSource: String
    /// The fitted coordinates (see the law's parameter names).
    package var theta: [Double]
    package var parameters: [String: Double]
    package var objective: Double
    package var runs: Int
    package var distinctRuns: Int?
    package var starts: Int
    package var converged: Int
    package var bestBasin: Int
    package var nearTies: [Tie]
    package var largestFitted: Double?
    /// Each input's fitted [min, max].
    package var ranges: [String: [Double]]
    /// The fitted observations' [min, max].
    package var observedRange: [Double]?
    package var notes: [String]
    package var warnings: [FitWarning]
    /// The Huber likelihood's σ (huber-likelihood only).
    package var scale: Double?
    /// What a law of N and D decides at the budget.
    package var decisions: Decisions?
    package var bootstrap: Bootstrap?

    enum CodingKeys: String, CodingKey {
        case schema, law, spec, formula, estimator, source, theta, parameters, objective, runs, starts, converged
        case ranges, notes, warnings, bootstrap, scale, decisions
        case formulaSource = "formula_source"
        case distinctRuns = "distinct_runs"
        case bestBasin = "best_basin"
        case nearTies = "near_tied_optima"
        case largestFitted = "largest_fitted_scale"
        case observedRange = "observed_range"
    }
}

/// The warnings block every text output ends with.
enum WarningsText {
    /// Each warning once, in first-seen order, with the fits that raised it ("every fit" when all
    /// did).
    static func grouped(_ fits: [(name: String, warnings: [FitWarning])]) -> [(names: String, warning: FitWarning)] {
        var order: [FitWarning] = []
        var by: [FitWarning: [String]] = [:]
        for fit in fits {
            for w in fit.warnings {
                if by[w] == nil { order.append(w) }
                by[w, default: []].append(fit.name)
            }
        }
        return order.map { w in
            let names = by[w] ?? []
            return (names.count == fits.count ? "every fit" : names.joined(separator: ", "), w)
        }
    }

    static func render(_ warnings: [FitWarning]) -> String {
        warnings.isEmpty
            ? "\nwarnings: none\n"
            : "\nwarnings:\n" + warnings.map { "  - [\($0.code)] \($0.message)" }.joined(separator: "\n") + "\n"
    }
}
