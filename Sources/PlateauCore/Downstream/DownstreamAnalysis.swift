import Foundation
import PlateauOptim

/// Downstream evaluations against training compute, on any ``ScoreTable``: per task (and for the
/// mean of the tasks) where it stands — at chance, rising, flattening — by rules the data can
/// test, never a ceiling extrapolated past the data; predictions of the largest models from the
/// smaller ones by the one-step law (accuracy against log compute) and, with a loss column, the
/// two-step law (compute → loss → accuracy, as Gadre et al. 2024 and the OLMo ladder do), each
/// with a bootstrap interval and its back-test error; and, with a family column, where families
/// disagree.
package struct DownstreamAnalysis: Sendable {
    package enum Status: String, Sendable, Codable, CaseIterable {
        case atChance = "at chance"
        case rising
        case flattening
        /// Above chance, but the last decade of compute has too few models, or too uncertain a
        /// slope, to tell rising from flattening.
        case undetermined
    }

    /// The status rules, as printed.
    package static func rules(fraction: Double) -> String {
        "at chance: the largest-compute model within 2 standard errors of chance; otherwise, with b ± s the slope of score against log10 C over the last decade of compute and b₀ the slope before it (0 unless above 2 of its standard errors) — rising: b − 2s > 0 and b ≥ \(Int(fraction * 100)) % of b₀; flattening: b + 2s < b₀ and b is either within 2s of 0 or under \(Int(fraction * 100)) % of b₀; undetermined: neither, or fewer than 3 models in the last decade"
    }

    /// Which models are held out and predicted from the others.
    package enum Holdout: Sendable, Equatable {
        /// The models within this many decades of the largest compute.
        case lastDecades(Double)
        /// The models with at least this many parameters (Gadre et al.'s 1B split).
        case parametersAtLeast(Double)

        package var description: String {
            switch self {
            case .lastDecades(let d):
                "the models within \(String(format: "%g", d)) decade\(d == 1 ? "" : "s") of the largest compute"
            case .parametersAtLeast(let n): "the models of \(NumberText.si(n)) parameters or more"
            }
        }
    }

    package struct Options: Sendable {
        /// Bootstrap resamples of the training models behind each prediction's interval (0: none).
        package var resamples = 200
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        package var holdout = Holdout.lastDecades(1)
        /// Rising needs the last decade's slope to be at least this share of the earlier slope.
        package var flatteningFraction = 0.5
        /// A task is predictable when the held-out models' mean absolute error is at most this
        /// (a fraction: 0.03 is 3 points) and the largest one lies in the 95 % interval.
        package var predictableWithin = 0.03
        package init() {}
    }

    /// How a prediction was made.
    package enum Law: String, Sendable, Codable, CaseIterable {
        /// Accuracy against log compute: ``ChanceSigmoid``.
        case oneStep = "one-step"
        /// Loss from compute (``SaturatingPowerLaw`` in C), error from loss (``LossToError``).
        case twoStep = "two-step"

        package var formula: String {
            switch self {
            case .oneStep: "acc = chance + (1 − chance)·σ(s·(log10 C − m))"
            case .twoStep: "L(C) = E + A·C^(−α), then acc = 1 − (ε − k·exp(−γ·L))"
            }
        }
    }

    /// A law fitted to the smaller models, predicting the held-out ones.
    package struct Prediction: Sendable {
        package var law: Law
        /// The held-out model of largest compute.
        package var model: String
        package var flops: Double
        package var actual: Double
        package var predicted: Double
        /// 95 % prediction interval from the bootstrap (refit on resampled models, plus a
        /// resampled residual).
        package var interval: Interval?
        package var trainModels: Int
        package var heldOut: Int
        /// Over every held-out model, in accuracy (a fraction).
        package var meanAbsoluteError: Double
        package var maxAbsoluteError: Double
        /// The root-mean-square error on the models the law was fitted to (in accuracy): what
        /// the verdict's law is chosen by, before the held-out models are seen.
        package var trainingRMSE: Double
        package var warnings: [FitWarning] = []

        package var covered: Bool? { interval.map { $0.lower <= actual && actual <= $0.upper } }
    }

    /// A straight line of score against log10 C over some models (points per decade).
    package struct Trend: Sendable {
        package var models: Int
        package var lowFlops: Double
        package var highFlops: Double
        package var slope: Double
        package var standardError: Double
    }

    /// One family against the law fitted to every model.
    package struct FamilyFit: Sendable {
        package var family: String
        package var models: Int
        package var lowFlops: Double
        package var highFlops: Double
        /// The family's own slope (points per decade), with 3 or more distinct computes.
        package var trend: Trend?
        /// The mean residual from the pooled law (a fraction) and its standard error.
        package var offset: Double
        package var offsetError: Double
        /// More than 2 standard errors and 3 points from the pooled law.
        package var disagrees: Bool
    }

    package struct Point: Sendable {
        package var flops: Double
        package var score: Double
        package var model: String
        package var run: String?
        package var family: String?
    }

    package struct Task: Sendable {
        package var name: String
        package var category = ""
        package var chance: Double
        package var chanceSource: ScoreTable.ChanceSource
        /// The largest-compute model and its score.
        package var largestModel: String
        package var largestFlops: Double
        package var largestAccuracy: Double
        /// Two standard errors of that score, and where the standard error came from.
        package var noise: Double
        package var noiseSource: String
        package var status: Status
        /// Score against log compute over the last decade, and before it.
        package var lastDecade: Trend?
        package var earlier: Trend?
        package var predictions: [Prediction] = []
        package var families: [FamilyFit] = []
        package var points: [Point] = []
        /// ``ChanceSigmoid`` fitted to every model, for the chart.
        package var sigmoidTheta: [Double]?
        /// Models more than 20 points and 5 robust standard deviations from that law.
        package var outliers: [String] = []
        /// Too few distinct computes below the held-out models: only the largest was held out.
        package var heldOutLargestOnly = false

        /// The prediction the verdict rests on: the law with the smaller error on the models it
        /// was fitted to (ties: the one-step law, fewer parameters) — chosen before the held-out
        /// models are seen, not by its error on them, which would select on the test (issue 25;
        /// Plateau's rule).
        package var chosen: Prediction? {
            predictions.min { ($0.trainingRMSE, $0.law == .oneStep ? 0 : 1) < ($1.trainingRMSE, $1.law == .oneStep ? 0 : 1) }
        }

        /// Predictable from the small models by the rule of ``Options/predictableWithin``; nil
        /// without a prediction, and nil for a task at chance: a task whose largest model scores
        /// at chance is "predicted" by any law that stays at chance, which says nothing about
        /// predicting a capability (issue 25: 15 of 25 "predictable" Gadre tasks were at chance).
        package func predictable(within limit: Double) -> Bool? {
            guard status != .atChance else { return nil }
            return chosen.map { $0.meanAbsoluteError <= limit && $0.covered != false }
        }
    }

    package var source: String
    package var models: Int
    /// Distinct runs when the rows are checkpoints of runs; nil when each row is its own model.
    package var runs: Int?
    package var options: Options
    package var tasks: [Task]
    /// The mean over tasks of the models scored on every task.
    package var mean: Task?
    package var notes: [String]
    package var warnings: [FitWarning]
    /// Bundled Gadre et al. data only: which training set, and their 17-task aggregate.
    package var dataset: String?
    package var aggregate: [AggregateRecipe: [AggregatePrediction]] = [:]

    /// The name of the mean pseudo-task.
    package static let meanName = "mean of tasks"

    /// Analyses every task of `scores`.
    ///
    /// - Parameter progress: Called once per task analysed, from any thread.
    package init(scores: ScoreTable, options: Options = Options(), progress: (@Sendable () -> Void)? = nil) {
        source = scores.source
        models = scores.models.count
        runs = scores.hasCheckpoints ? Set(scores.models.compactMap(\.run)).count : nil
        self.options = options
        notes = scores.notes
        warnings = scores.warnings
        let meanTask = Self.meanTask(scores)
        let all = scores.tasks + (meanTask.map { [$0] } ?? [])
        let models = scores.models
        let analysed = MultiStart.parallelMap(count: all.count, threads: options.threads) { t -> Task? in
            defer { progress?() }
            return Self.analyse(all[t], index: t, models: models, options: options)
        }
        let skipped = zip(all, analysed).filter { $0.1 == nil }.map(\.0.name)
        if !skipped.isEmpty {
            notes.append("left out \(skipped.joined(separator: ", ")): fewer than 3 models with a score")
        }
        tasks = Array(analysed.prefix(scores.tasks.count)).compactMap { $0 }
        mean = meanTask == nil ? nil : analysed.last ?? nil
        if let runs {
            notes.append(
                "rows are checkpoints of \(runs) runs: the intervals resample whole runs, but the slopes' standard errors treat checkpoints as independent (read them as lower bounds)"
            )
        }
        var flagged: [String: Int] = [:]
        for task in tasks { for m in task.outliers { flagged[m, default: 0] += 1 } }
        let far = flagged.filter { 2 * $0.value >= max(tasks.count, 2) }.keys.sorted()
        if !far.isEmpty {
            warnings.append(
                FitWarning(
                    code: "outlier-models",
                    message:
                        "\(far.joined(separator: ", ")) sit\(far.count == 1 ? "s" : "") more than 20 points from the law at \(far.count == 1 ? "its" : "their") compute on most tasks — check \(far.count == 1 ? "its" : "their") compute, or leave \(far.count == 1 ? "it" : "them") out with --where"
                ))
        }
        let fallback = (tasks + (mean.map { [$0] } ?? [])).filter(\.heldOutLargestOnly).map(\.name)
        if !fallback.isEmpty {
            notes.append(
                "\(fallback.count == tasks.count + (mean == nil ? 0 : 1) ? "every task" : fallback.joined(separator: ", ")): fewer than 3 distinct computes outside \(options.holdout.description), so only the largest model is held out"
            )
        }
    }

    /// A model's standard error on a task at score `p`: the table's, else binomial on the
    /// benchmark's questions, else binomial on an assumed 1,000.
    static func standardError(_ task: ScoreTable.Task, model: Int, score p: Double) -> (Double, String) {
        if let e = task.standardErrors?[model], e > 0 { return (e, "the table's standard error") }
        let variance = max(p * (1 - p), 1e-4)
        if let n = task.examples { return ((variance / Double(n)).squareRoot(), "binomial, \(n) questions") }
        return ((variance / 1000).squareRoot(), "binomial, 1,000 questions assumed (no _stderr column)")
    }

    /// The mean over tasks, for the models scored on all of them (two tasks or more).
    static func meanTask(_ scores: ScoreTable) -> ScoreTable.Task? {
        let tasks = scores.tasks
        guard tasks.count >= 2 else { return nil }
        let k = Double(tasks.count)
        var values: [Double?] = [], errors: [Double?] = []
        for m in scores.models.indices {
            let row = tasks.compactMap { $0.scores[m] }
            guard row.count == tasks.count else {
                values.append(nil)
                errors.append(nil)
                continue
            }
            values.append(row.reduce(0, +) / k)
            let variance = zip(tasks, row).map { t, p in pow(standardError(t, model: m, score: p).0, 2) }.reduce(0, +)
            errors.append(variance.squareRoot() / k)
        }
        return ScoreTable.Task(
            name: meanName, chance: tasks.map(\.chance).reduce(0, +) / k,
            chanceSource: tasks.contains { $0.chanceSource == .assumed } ? .assumed : .known, scores: values,
            standardErrors: errors)
    }

    static func trend(_ idx: [Int], _ models: [ScoreTable.Model], _ y: [Int: Double]) -> Trend? {
        let u = idx.map { Double.log10(models[$0].flops) }
        guard idx.count >= 3, Set(u).count >= 2, let line = LineFit(u, idx.map { y[$0]! }) else { return nil }
        return Trend(
            models: idx.count, lowFlops: idx.map { models[$0].flops }.min()!,
            highFlops: idx.map { models[$0].flops }.max()!, slope: line.slope, standardError: line.slopeStandardError)
    }

    static func analyse(_ task: ScoreTable.Task, index: Int, models: [ScoreTable.Model], options: Options) -> Task? {
        let idx = models.indices.filter { task.scores[$0] != nil }
        guard idx.count >= 3 else { return nil }
        var y: [Int: Double] = [:]
        for i in idx { y[i] = task.scores[i]! }
        let largest = idx.max { (models[$0].flops, y[$0]!) < (models[$1].flops, y[$1]!) }!
        let p = y[largest]!
        let (se, noiseSource) = standardError(task, model: largest, score: p)
        let top = Double.log10(models[largest].flops)
        let last = idx.filter { Double.log10(models[$0].flops) >= top - 1 }
        let before = idx.filter { Double.log10(models[$0].flops) < top - 1 }
        let lastTrend = trend(last, models, y), earlier = trend(before, models, y)
        let status: Status
        if p - task.chance < 2 * se {
            status = .atChance
        } else if let lastTrend {
            let b = lastTrend.slope, twoS = 2 * lastTrend.standardError
            let before = earlier.map { $0.slope > 2 * $0.standardError ? $0.slope : 0 } ?? 0
            if b - twoS > 0 && b >= options.flatteningFraction * before {
                status = .rising
            } else if b + twoS < before && (b <= twoS || b < options.flatteningFraction * before) {
                status = .flattening
            } else {
                status = .undetermined
            }
        } else {
            status = .undetermined
        }
        var out = Task(
            name: task.name, chance: task.chance, chanceSource: task.chanceSource, largestModel: models[largest].name,
            largestFlops: models[largest].flops, largestAccuracy: p, noise: 2 * se, noiseSource: noiseSource,
            status: status, lastDecade: lastTrend, earlier: earlier)
        out.points = idx.map {
            Point(
                flops: models[$0].flops, score: y[$0]!, model: models[$0].name, run: models[$0].run,
                family: models[$0].family)
        }
        let law = ChanceSigmoid(chance: task.chance)
        let logC = idx.map { Double.log10(models[$0].flops) }
        let starts = ChanceSigmoid.starts(logCompute: logC.min()!.rounded(.down)...logC.max()!.rounded(.up))
        let pooled = try? CatalogFit.fit(
            law, x: idx.map { models[$0].flops }, y: idx.map { y[$0]! }, starts: starts, estimator: .leastSquares,
            threads: 1)
        out.sigmoidTheta = pooled?.theta
        // Held-out models and the training ones.
        var held: [Int]
        switch options.holdout {
        case .lastDecades(let d): held = idx.filter { Double.log10(models[$0].flops) >= top - d }
        case .parametersAtLeast(let n): held = idx.filter { (models[$0].parameters ?? 0) >= n }
        }
        var train = idx.filter { !held.contains($0) }
        if Set(train.map { models[$0].flops }).count < 3 {
            held = idx.filter { models[$0].flops == models[largest].flops }
            train = idx.filter { !held.contains($0) }
            out.heldOutLargestOnly = true
        }
        if Set(train.map { models[$0].flops }).count >= 3, !held.isEmpty {
            let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            if let one = predict(
                .oneStep, task: task, train: train, held: held, models: models, y: y, seed: seed,
                options: options, starts: starts)
            {
                out.predictions.append(one)
            }
            if (train + held).allSatisfy({ models[$0].loss != nil }),
                let two = predict(
                    .twoStep, task: task, train: train, held: held, models: models, y: y, seed: seed,
                    options: options, starts: starts)
            {
                out.predictions.append(two)
            }
        }
        if let pooled {
            out.families = families(idx, models: models, y: y, law: law, theta: pooled.theta)
            let r = idx.map { y[$0]! - law.value(at: LawPoint(C: models[$0].flops), pooled.theta) }
            let median = Interval.percentile(r, 0.5)
            let mad = 1.4826 * Interval.percentile(r.map { abs($0 - median) }, 0.5)
            out.outliers = zip(idx, r).filter { abs($0.1 - median) > max(0.2, 5 * mad) }.map { models[$0.0].name }
        }
        return out
    }

    /// A fitted law's prediction at a model, from its parameters.
    struct Fitted {
        var predict: (ScoreTable.Model) -> Double
        /// Before clipping to [0, 1] (the two-step law's error law is unbounded).
        var raw: ((ScoreTable.Model) -> Double)? = nil
        var residuals: [Double]
        var warnings: [FitWarning]
    }

    static func fitLaw(
        _ kind: Law, chance: Double, train: [Int], models: [ScoreTable.Model], y: [Int: Double],
        starts: [[Double]]?, lossStarts: [[Double]]? = nil, errorStarts: [[Double]]? = nil
    ) -> (Fitted, [[Double]])? {
        switch kind {
        case .oneStep:
            let law = ChanceSigmoid(chance: chance)
            guard
                let fit = try? CatalogFit.fit(
                    law, x: train.map { models[$0].flops }, y: train.map { y[$0]! }, starts: starts,
                    estimator: .leastSquares, threads: 1)
            else { return nil }
            let theta = fit.theta
            let predict = { (m: ScoreTable.Model) in law.value(at: LawPoint(C: m.flops), theta) }  // in (chance, 1)
            return (
                Fitted(
                    predict: predict, residuals: train.map { y[$0]! - predict(models[$0]) }, warnings: fit.warnings),
                [theta]
            )
        case .twoStep:
            let lossLaw = SaturatingPowerLaw(variable: .C)
            guard
                let loss = try? CatalogFit.fit(
                    lossLaw, x: train.map { models[$0].flops }, y: train.map { models[$0].loss! }, starts: lossStarts,
                    threads: 1),
                let error = try? CatalogFit.fit(
                    LossToError(), x: train.map { models[$0].loss! }, y: train.map { max(1 - y[$0]!, 1e-6) },
                    starts: errorStarts, estimator: .leastSquares, threads: 1)
            else { return nil }
            let lossFitted = loss.law, lossTheta = loss.theta, errorTheta = error.theta
            // Eq. 5 is unbounded below, so accuracy is clipped to [0, 1].
            let raw = { (m: ScoreTable.Model) in
                1
                    - LossToError().value(
                        at: LawPoint(L: lossFitted.value(at: LawPoint(C: m.flops), lossTheta)), errorTheta)
            }
            let predict = { (m: ScoreTable.Model) in min(max(raw(m), 0), 1) }
            return (
                Fitted(
                    predict: predict, raw: raw, residuals: train.map { y[$0]! - predict(models[$0]) },
                    warnings: loss.warnings + error.warnings),
                [lossTheta, errorTheta]
            )
        }
    }

    static func predict(
        _ kind: Law, task: ScoreTable.Task, train: [Int], held: [Int], models: [ScoreTable.Model], y: [Int: Double],
        seed: UInt64, options: Options, starts: [[Double]]
    ) -> Prediction? {
        guard
            let (fitted, thetas) = fitLaw(
                kind, chance: task.chance, train: train, models: models, y: y, starts: kind == .oneStep ? starts : nil)
        else { return nil }
        let target = held.max { (models[$0].flops, y[$0]!) < (models[$1].flops, y[$1]!) }!
        let errors = held.map { abs(fitted.predict(models[$0]) - y[$0]!) }
        var interval: Interval?
        var draws: [Double] = []
        if options.resamples > 0 {
            // Checkpoints of one run are not independent: resample whole runs when there are runs.
            var groups: [[Int]] = []
            var position: [String: Int] = [:]
            for i in train {
                guard let run = models[i].run else {
                    groups.append([i])
                    continue
                }
                if let g = position[run] {
                    groups[g].append(i)
                } else {
                    position[run] = groups.count
                    groups.append([i])
                }
            }
            for b in 0..<options.resamples {
                var rng = SplitMix64.stream(b, of: seed &+ UInt64(kind == .oneStep ? 0 : 1))
                let sample = groups.indices.flatMap { _ in groups[Int(rng.next() % UInt64(groups.count))] }
                guard Set(sample.map { models[$0].flops }).count >= 3,
                    let (refit, _) = fitLaw(
                        kind, chance: task.chance, train: sample, models: models, y: y,
                        starts: kind == .oneStep ? [thetas[0]] : nil,
                        lossStarts: kind == .twoStep ? [thetas[0]] : nil,
                        errorStarts: kind == .twoStep ? [thetas[1]] : nil)
                else { continue }
                let residual = refit.residuals[Int(rng.next() % UInt64(refit.residuals.count))]
                let value = refit.predict(models[target]) + residual
                if value.isFinite { draws.append(min(max(value, 0), 1)) }
            }
        }
        var warnings = fitted.warnings
        let predicted = fitted.predict(models[target])
        if options.resamples > 0, draws.count >= max(20, options.resamples / 2) {
            interval = Interval.shown(
                [("prediction", predicted, draws)], of: " for \(models[target].name)", warnings: &warnings)[0]
        }
        if let raw = fitted.raw?(models[target]), !(0...1).contains(raw) {
            warnings.insert(
                FitWarning(
                    code: "prediction-clipped",
                    message:
                        "the law predicts \(String(format: "%.3g", raw * 100)) % for \(models[target].name), clipped to \(raw > 1 ? 100 : 0) % — the error law is extrapolated past the losses it was fitted on"
                ), at: 0)
        }
        return Prediction(
            law: kind, model: models[target].name, flops: models[target].flops, actual: y[target]!,
            predicted: predicted, interval: interval, trainModels: train.count,
            heldOut: held.count, meanAbsoluteError: errors.reduce(0, +) / Double(errors.count),
            maxAbsoluteError: errors.max() ?? 0,
            trainingRMSE: (fitted.residuals.map { $0 * $0 }.reduce(0, +) / Double(max(1, fitted.residuals.count))).squareRoot(),
            warnings: warnings)
    }

    /// Each family's mean residual from the law fitted to every model, and its own slope.
    static func families(
        _ idx: [Int], models: [ScoreTable.Model], y: [Int: Double], law: ChanceSigmoid, theta: [Double]
    ) -> [FamilyFit] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for i in idx {
            guard let f = models[i].family, !f.isEmpty else { continue }
            if members[f] == nil { order.append(f) }
            members[f, default: []].append(i)
        }
        guard order.count >= 2 else { return [] }
        return order.compactMap { f in
            let m = members[f]!
            guard m.count >= 2 else { return nil }
            let r = m.map { y[$0]! - law.value(at: LawPoint(C: models[$0].flops), theta) }
            let n = Double(r.count), mean = r.reduce(0, +) / n
            let sd = (r.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
            let error = sd / n.squareRoot()
            return FamilyFit(
                family: f, models: m.count, lowFlops: m.map { models[$0].flops }.min()!,
                highFlops: m.map { models[$0].flops }.max()!, trend: trend(m, models, y), offset: mean,
                offsetError: error, disagrees: abs(mean) > max(2 * error, 0.03))
        }
    }
}

/// SI prefixes for counts (the core's own, for messages).
enum NumberText {
    static func si(_ v: Double) -> String {
        for (p, s) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where v >= p {
            return String(format: "%g", (v / p * 100).rounded() / 100) + s
        }
        return String(format: "%g", v)
    }
}
