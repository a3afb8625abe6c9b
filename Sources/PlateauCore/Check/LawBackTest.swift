import Foundation
import PlateauOptim

/// A back-test of any catalog laws side by side: fit each on some runs, predict the others, and
/// say how far off each prediction is and how far it extrapolates. Runs are never split between
/// the fit and the test.
public struct LawBackTest: Sendable {
    /// A held-out observation's prediction.
    public struct Prediction: Sendable {
        public var line: Int
        public var run: String
        public var point: LawPoint
        public var observed: Double
        public var predicted: Double
        /// |ŷ − y| / y.
        public var absoluteRelativeError: Double
        /// The point's scale over the largest fitted scale (``LawPrediction/scale(_:law:)``).
        public var extrapolation: Double
    }

    /// One law's outcome.
    public struct Outcome: Sendable {
        public var law: String
        /// The variables the law reads.
        public var inputs: [LawVariable]
        public var fit: CatalogFit?
        public var failure: String?
        public var predictions: [Prediction]
        public var warnings: [FitWarning]
        /// Fits that failed in a leave-one-run-out back-test.
        public var failedFits = 0
        public var meanError: Double {
            predictions.map(\.absoluteRelativeError).reduce(0, +) / Double(max(1, predictions.count))
        }
        public var maxError: Double { predictions.map(\.absoluteRelativeError).max() ?? .nan }
    }

    /// How the observations are split.
    public enum Split: Sendable, Equatable {
        case trainBelow(Double)
        case holdOut(BackTest.HoldOut)
        /// Every run in turn predicted by a fit of all the others.
        case leaveOneRunOut
    }

    public var trainCount: Int
    public var testCount: Int
    public var trainRuns: Int
    public var testRuns: Int
    public var outcomes: [Outcome]

    /// Fits each law on `train` and predicts `test`.
    public init(
        laws: [any CatalogLaw], train: LawSample, test: LawSample, estimator: CatalogEstimator = .default,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        trainCount = train.count
        testCount = test.count
        trainRuns = Set(train.runKeys).count
        testRuns = Set(test.runKeys).count
        outcomes = laws.map { law in
            do {
                let fit = try CatalogFit.fit(
                    law, points: train.points, observed: train.observed, estimator: estimator, threads: threads)
                let predictions = Self.predict(fit, train: train, test: test, rows: Array(test.observed.indices))
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

    /// Leave-one-run-out: each run is predicted by a fit of every other run (whole runs, as in
    /// the other splits). One fit per run and law.
    public init(
        leaveOneRunOut laws: [any CatalogLaw], sample: LawSample, estimator: CatalogEstimator = .default,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
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
                        law, points: train.points, observed: train.observed, estimator: estimator, threads: threads)
                else { return ([], nil) }
                return (Self.predict(fit, train: train, test: sample, rows: run.rows), fit)
            }
            let failed = perRun.filter { $0.fit == nil }.count
            return Outcome(
                law: law.name, inputs: law.inputs, fit: nil, failure: failed == runs.count ? "every fit failed" : nil,
                predictions: perRun.flatMap(\.predictions), warnings: sample.warnings, failedFits: failed)
        }
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

    /// The default split point of `sample` for `law`: ``BackTest/defaultThreshold(scales:)`` of
    /// each run's largest scale — the one rule of `check`, `check --law` and the report.
    public static func defaultThreshold(_ sample: LawSample, law: any CatalogLaw) -> Double {
        BackTest.defaultThreshold(
            scales: sample.runs.map { run in run.rows.map { LawPrediction.scale(sample.points[$0], law: law) }.max() ?? 0 })
    }

    /// The split of `sample` by each run's largest scale (compute, else 6·N·D, else the first
    /// input of `law`), whole runs on one side.
    ///
    /// - Throws: ``InputError`` when a named run is missing or nothing would be left on a side.
    public static func split(_ sample: LawSample, _ split: Split, law: any CatalogLaw) throws -> (
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
