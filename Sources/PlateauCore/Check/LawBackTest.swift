import Foundation
import PlateauOptim

/// A back-test of any catalog laws side by side: fit each on some runs, predict the others, and
/// say how far off each prediction is and how far it extrapolates. Runs are never split between
/// the fit and the test.
package struct LawBackTest: Sendable {
    /// A held-out observation's prediction.
    package struct Prediction: Sendable {
        package var line: Int
        package var run: String
        package var point: LawPoint
        package var observed: Double
        package var predicted: Double
        /// |ŷ − y| / y.
        package var absoluteRelativeError: Double
        /// The point's scale over the largest fitted scale (``LawPrediction/scale(_:law:)``).
        package var extrapolation: Double
    }

    /// One law's outcome.
    package struct Outcome: Sendable {
        package var law: String
        /// The variables the law reads.
        package var inputs: [LawVariable]
        package var fit: CatalogFit?
        package var failure: String?
        package var predictions: [Prediction]
        package var warnings: [FitWarning]
        /// Fits that failed in a leave-one-run-out back-test.
        package var failedFits = 0
        package var meanError: Double {
            predictions.map(\.absoluteRelativeError).reduce(0, +) / Double(max(1, predictions.count))
        }
        package var maxError: Double { predictions.map(\.absoluteRelativeError).max() ?? .nan }
    }

    /// How the observations are split.
    package enum Split: Sendable, Equatable {
        case trainBelow(Double)
        case holdOut(HoldOut)
        /// Every run in turn predicted by a fit of all the others.
        case leaveOneRunOut
    }

    package var trainCount: Int
    package var testCount: Int
    package var trainRuns: Int
    package var testRuns: Int
    package var outcomes: [Outcome]

    /// Fits each law on `train` and predicts `test`; `starts` are the Chinchilla kernel's (its
    /// grid or seeded random starts), other laws start from their own grids.
    package init(
        laws: [any CatalogLaw], train: LawSample, test: LawSample, estimator: CatalogEstimator = .default,
        starts: StartPoints = .grid, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        trainCount = train.count
        testCount = test.count
        trainRuns = Set(train.runKeys).count
        testRuns = Set(test.runKeys).count
        outcomes = laws.map { law in
            do {
                let fit = try CatalogFit.fit(
                    law, points: train.points, observed: train.observed, estimator: estimator, kernelStarts: starts,
                    threads: threads)
                let predictions = Self.predict(fit, train: train, test: test, rows: Array(test.observed.indices))
                if let reason = Self.nonFinite(fit, predictions) {
                    return Outcome(
                        law: law.name, inputs: law.inputs, fit: nil, failure: reason, predictions: [],
                        warnings: train.warnings + fit.warnings)
                }
                return Outcome(
                    law: law.name, inputs: law.inputs, fit: fit, failure: nil, predictions: predictions,
                    warnings: train.warnings + fit.warnings)
            } catch {
                return Outcome(
                    law: law.name, inputs: law.inputs, fit: nil, failure: "\(error)", predictions: [],
                    warnings: train.warnings)
            }
        }
    }

    /// Why a fit cannot be scored: a parameter or a prediction that is not a finite number (B
    /// overflowing to ∞ on runs that do not bound it). Such a fit is a failed variant — "failed:
    /// why" in the text and `"status": "failed"` in the document — never an undefined error.
    package static func nonFinite(_ fit: CatalogFit, _ predictions: [Prediction]) -> String? {
        if let p = fit.parameters.first(where: { !$0.value.isFinite }) {
            return "the fit's \(p.name) is \(p.value) — the training runs do not bound it"
        }
        guard predictions.contains(where: { !$0.predicted.isFinite || !$0.absoluteRelativeError.isFinite }) else {
            return nil
        }
        return "the fitted law predicts a value that is not a finite number on the held-out runs"
    }

    /// Leave-one-run-out: each run is predicted by a fit of every other run (whole runs, as in
    /// the other splits). One fit per run and law.
    package init(
        leaveOneRunOut laws: [any CatalogLaw], sample: LawSample, estimator: CatalogEstimator = .default,
        starts: StartPoints = .grid, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        let runs = sample.runs
        trainCount = sample.count
        testCount = sample.count
        trainRuns = runs.count
        testRuns = runs.count
        outcomes = laws.map { law in
            let perRun: [(predictions: [Prediction], fit: CatalogFit?)] = runs.map { run in
                let held = Set(run.rows)
                let train = sample.subset(sample.observed.indices.filter { !held.contains($0) })
                guard
                    let fit = try? CatalogFit.fit(
                        law, points: train.points, observed: train.observed, estimator: estimator,
                        kernelStarts: starts, threads: threads)
                else { return ([], nil) }
                let predictions = Self.predict(fit, train: train, test: sample, rows: run.rows)
                return Self.nonFinite(fit, predictions) == nil ? (predictions, fit) : ([], nil)
            }
            let failed = perRun.filter { $0.fit == nil }.count
            return Outcome(
                law: law.name, inputs: law.inputs, fit: nil, failure: failed == runs.count ? "every fit failed" : nil,
                predictions: perRun.flatMap(\.predictions), warnings: sample.warnings, failedFits: failed)
        }
    }

    /// Laws side by side, each under its estimators, on the same split: `halves` (nil:
    /// leave-one-run-out on `sample`). An outcome is named `law/estimator` when its law is tried
    /// under several. `check` and the report's back-test are this.
    package static func compare(
        _ laws: [(law: any CatalogLaw, estimators: [CatalogEstimator])], sample: LawSample,
        halves: (train: LawSample, test: LawSample)?, starts: StartPoints = .grid,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> LawBackTest? {
        var merged: LawBackTest?
        for (law, estimators) in laws {
            for estimator in estimators {
                var one =
                    halves.map {
                        LawBackTest(
                            laws: [law], train: $0.train, test: $0.test, estimator: estimator, starts: starts,
                            threads: threads)
                    }
                    ?? LawBackTest(
                        leaveOneRunOut: [law], sample: sample, estimator: estimator, starts: starts, threads: threads)
                if estimators.count > 1 { one.outcomes[0].law += "/\(estimator.name)" }
                if merged == nil { merged = one } else { merged?.outcomes += one.outcomes }
            }
        }
        return merged
    }

    static func predict(_ fit: CatalogFit, train: LawSample, test: LawSample, rows: [Int]) -> [Prediction] {
        let largest = train.largestScale(for: fit.law) ?? .nan
        return rows.map { i in
            let p = test.points[i], y = test.observed[i]
            let predicted = fit.predict(p)
            return Prediction(
                line: test.lines[i], run: test.runKeys[i], point: p, observed: y, predicted: predicted,
                absoluteRelativeError: abs(predicted - y) / y,
                extrapolation: LawPrediction.scale(p, law: fit.law) / largest)
        }
    }

    /// The default split point of `sample` for `law`: ``defaultThreshold(scales:)`` of each
    /// run's largest scale — the one rule of `check` and the report.
    package static func defaultThreshold(_ sample: LawSample, law: any CatalogLaw) -> Double {
        defaultThreshold(
            scales: sample.runs.map { run in run.rows.map { LawPrediction.scale(sample.points[$0], law: law) }.max() ?? 0 })
    }

    /// The default threshold of runs whose largest scales (compute, or a law's first input)
    /// are `scales`: all but the top 20 % are fitted; when the largest tie, all of the largest are
    /// held out rather than none.
    package static func defaultThreshold(scales: [Double]) -> Double {
        let sorted = scales.sorted()
        guard !sorted.isEmpty else { return .nan }
        let keep = max(1, Int((0.8 * Double(sorted.count)).rounded(.down)))
        // When the largest runs tie, hold out all of the largest compute rather than nothing.
        if let top = sorted.last, sorted[keep - 1] >= top, let below = sorted.last(where: { $0 < top }) { return below }
        return sorted[keep - 1]
    }

    /// Which runs a back-test predicts.
    package enum HoldOut: Sendable, Equatable, CustomStringConvertible {
        /// The K runs with the most compute.
        case largest(Int)
        /// One run, by its name in the run column.
        case run(String)

        /// Every run in turn, each predicted by a fit of all the others.
        case eachRun

        /// Parses `largest:K` (K ≥ 1), `run:NAME` or `each-run` (leave-one-run-out).
        package init?(_ text: String) {
            if text == "each-run" || text == "leave-one-run-out" {
                self = .eachRun
            } else if text.hasPrefix("largest:"), let k = Int(text.dropFirst(8)), k >= 1 {
                self = .largest(k)
            } else if text.hasPrefix("run:"), text.count > 4 {
                self = .run(String(text.dropFirst(4)))
            } else {
                return nil
            }
        }

        package var description: String {
            switch self {
            case .largest(let k): "the \(k) largest run\(k == 1 ? "" : "s")"
            case .run(let name): "run '\(name)'"
            case .eachRun: "each run in turn"
            }
        }
    }

    /// The split of `sample` by each run's largest scale (compute, else 6·N·D, else the first
    /// input of `law`), whole runs on one side.
    ///
    /// - Throws: ``InputError`` when a named run is missing or nothing would be left on a side.
    package static func split(_ sample: LawSample, _ split: Split, law: any CatalogLaw) throws -> (
        train: LawSample, test: LawSample
    ) {
        let runs = sample.runs
        let scale = runs.map { run in run.rows.map { LawPrediction.scale(sample.points[$0], law: law) }.max() ?? 0 }
        var heldOut: Set<Int> = []  // run indices
        switch split {
        case .holdOut(.eachRun):
            return (sample, sample)
        case .trainBelow(let threshold):
            heldOut = Set(runs.indices.filter { scale[$0] > threshold })
        case .holdOut(.largest(let k)):
            heldOut = Set(runs.indices.sorted { scale[$0] > scale[$1] }.prefix(k))
        case .holdOut(.run(let name)):
            guard let i = runs.firstIndex(where: { $0.key == name }), sample.runIDs != nil else {
                throw InputError.noRun(named: name, in: sample.source, hasRunColumn: sample.runIDs != nil)
            }
            heldOut = [i]
        case .leaveOneRunOut:
            return (sample, sample)
        }
        let train = runs.indices.filter { !heldOut.contains($0) }.flatMap { runs[$0].rows }.sorted()
        let test = heldOut.sorted().flatMap { runs[$0].rows }.sorted()
        guard !train.isEmpty else {
            throw InputError(
                file: sample.source, problem: "the split leaves no run to fit", remedy: "hold out fewer runs")
        }
        guard !test.isEmpty else {
            throw InputError(
                file: sample.source, problem: "the split leaves no run to predict",
                remedy: "lower '--train-below' or hold out runs by name")
        }
        return (sample.subset(train), sample.subset(test))
    }
}

extension InputError {
    /// `--holdout run:NAME` names no run.
    static func noRun(named name: String, in source: String, hasRunColumn: Bool) -> InputError {
        InputError(
            file: source, problem: "no run named '\(excerpt(name))' to hold out",
            remedy: hasRunColumn
                ? "the runs are named in the run column; check the spelling"
                : "the table has no run column: name it with --column run=NAME")
    }
}
