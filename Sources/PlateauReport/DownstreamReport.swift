import Foundation
import PlateauCore

/// How `plateau downstream` is shown.
package struct DownstreamReport: Sendable {
    package var analysis: DownstreamAnalysis

    package init(analysis: DownstreamAnalysis) { self.analysis = analysis }

    static func points(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return NumberFormat.fixed(v * 100, 1)
    }

    static func slope(_ t: DownstreamAnalysis.Trend?) -> String {
        guard let t else { return "—" }
        return
            "\(t.slope >= 0 ? "+" : "")\(NumberFormat.fixed(t.slope * 100, 1)) ± \(NumberFormat.fixed(t.standardError * 100, 1)) (\(t.models))"
    }

    /// Every analysed task with the mean last.
    package var rows: [DownstreamAnalysis.Task] { analysis.tasks + (analysis.mean.map { [$0] } ?? []) }

    /// The lines above the tables: the data, the rules and the laws.
    package var preamble: [String] {
        let a = analysis
        let flops = rows.flatMap { $0.points.map(\.flops) }
        let what = a.runs.map { "\(a.models) checkpoints of \($0) runs" } ?? "\(a.models) models"
        var out = [
            "Downstream evaluations in \(a.source): \(what), \(a.tasks.count) tasks, compute \(NumberFormat.scientific(flops.min() ?? .nan, 2)) – \(NumberFormat.scientific(flops.max() ?? .nan, 2)) FLOP"
        ]
        out.append("status — " + DownstreamAnalysis.rules(fraction: a.options.flatteningFraction))
        out.append(
            "predictions — \(a.options.holdout.description) are held out and predicted from the others; one-step: \(DownstreamAnalysis.Law.oneStep.formula) (least squares)"
                + (rows.contains { $0.predictions.contains { $0.law == .twoStep } }
                    ? "; two-step: \(DownstreamAnalysis.Law.twoStep.formula) (Gadre et al. 2024)" : "")
                + (a.options.resamples > 0
                    ? "; 95 % intervals from \(a.options.resamples) bootstrap resamples of the training models (refit plus a resampled residual)"
                    : ""))
        out.append(
            "predictable — the law with the smaller error on the models it was fitted to (chosen before the held-out ones are seen) has a mean absolute error on the held-out models of at most \(NumberFormat.fixed(a.options.predictableWithin * 100, 0)) points, and the largest lies in its interval; a task at chance gets no verdict (any law at chance \"predicts\" it)"
        )
        return out
    }

    /// The tables first (each verdict next to the task's name, columns of one value said once),
    /// then the rules they are read by.
    package func text() -> String {
        let a = analysis
        var out = preamble[0] + "\n"
        out += a.notes.map { "note: \($0)\n" }.joined()
        out += a.warnings.map { "warning: \($0.message)\n" }.joined()
        out += "\n"
        var t = TextTable(
            header: [
                "task", "status", "chance %", "largest model", "C (FLOP)", "score %", "±2σ",
                "last decade pts/dec (n)", "before pts/dec (n)",
            ], rightAligned: [false, false, true, false, true, true, true, true, true])
        for task in rows {
            t.rows.append([
                task.name, task.status.rawValue,
                NumberFormat.fixed(task.chance * 100, 0) + (task.chanceSource == .assumed ? "?" : ""),
                task.largestModel, NumberFormat.scientific(task.largestFlops, 2), Self.points(task.largestAccuracy),
                Self.points(task.noise), Self.slope(task.lastDecade), Self.slope(task.earlier),
            ])
        }
        let captions = t.liftConstantColumns()
        out += t.render() + "\n"
        out += captions.map { "  \($0)\n" }.joined()
        if rows.contains(where: { $0.chanceSource == .assumed }) {
            out += "? chance not known, 0 assumed (--chance TASK=P)\n"
        }
        let predicted = rows.filter { !$0.predictions.isEmpty }
        if predicted.isEmpty {
            out += "\nNo predictions: fewer than 3 distinct computes below the held-out models.\n"
        } else {
            out += "\n"
            var p = TextTable(
                header: [
                    "task", "law", "predictable", "fitted / held out", "largest held out", "actual %", "predicted %",
                    "95 %", "held-out MAE", "max error",
                ], rightAligned: [false, false, false, true, false, true, true, true, true, true])
            for task in predicted {
                let verdict = Self.verdict(task, within: a.options.predictableWithin)
                for (k, pr) in task.predictions.enumerated() {
                    p.rows.append([
                        k == 0 ? task.name : "", pr.law.rawValue,
                        // The verdict stands on the row of the law it rests on (chosen on the training models).
                        pr.law == task.chosen?.law ? verdict : "",
                        "\(pr.trainModels) / \(pr.heldOut)", pr.model,
                        Self.points(pr.actual), Self.points(pr.predicted),
                        pr.interval.map { "\(Self.points($0.lower)) – \(Self.points($0.upper))" } ?? "—",
                        Self.points(pr.meanAbsoluteError), Self.points(pr.maxAbsoluteError),
                    ])
                }
            }
            let predictionCaptions = p.liftConstantColumns()
            out += p.render() + "\n"
            out += predictionCaptions.map { "  \($0)\n" }.joined()
            let yes = predicted.filter { $0.predictable(within: a.options.predictableWithin) == true }.map(\.name)
            let no = predicted.filter { $0.predictable(within: a.options.predictableWithin) == false }.map(\.name)
            let chance = predicted.filter { $0.status == .atChance }.map(\.name)
            out += "predictable from the smaller models: \(yes.isEmpty ? "none" : yes.joined(separator: ", "))\n"
            out += "not predictable: \(no.isEmpty ? "none" : no.joined(separator: ", "))\n"
            if !chance.isEmpty {
                out += "at chance, no verdict (\(chance.count) of \(predicted.count)): \(chance.joined(separator: ", "))\n"
            }
            let warned = predicted.flatMap { task in
                task.predictions.flatMap { pr in pr.warnings.map { "\(task.name) (\(pr.law.rawValue)): \($0.message)" }
                }
            }
            out += Set(warned).sorted().prefix(8).map { "warning: \($0)\n" }.joined()
        }
        out += familiesText()
        if a.dataset != nil { out += aggregateText() }
        out += TextTable.howToRead(Array(preamble.dropFirst()))
        return out
    }

    /// Where families disagree with the law fitted to every model.
    func familiesText() -> String {
        guard let reference = analysis.mean ?? analysis.tasks.first, !reference.families.isEmpty else { return "" }
        var out =
            "\nFamilies on \(reference.name): the mean residual from the one-step law fitted to every model (points, ± standard error) and each family's own slope\n"
        var t = TextTable(
            header: ["family", "models", "C from", "C to", "offset", "slope pts/dec (n)", "disagrees"],
            rightAligned: [false, true, true, true, true, true, false])
        for f in reference.families.sorted(by: { $0.offset > $1.offset }) {
            t.rows.append([
                f.family, "\(f.models)", NumberFormat.scientific(f.lowFlops, 1),
                NumberFormat.scientific(f.highFlops, 1),
                "\(f.offset >= 0 ? "+" : "")\(NumberFormat.fixed(f.offset * 100, 1)) ± \(NumberFormat.fixed(f.offsetError * 100, 1))",
                Self.slope(f.trend), f.disagrees ? "yes" : "",
            ])
        }
        out += t.render() + "\n"
        for task in rows {
            let off = task.families.filter(\.disagrees)
            guard !off.isEmpty else { continue }
            let named = off.sorted { abs($0.offset) > abs($1.offset) }.prefix(4).map {
                "\($0.family) \($0.offset >= 0 ? "+" : "")\(NumberFormat.fixed($0.offset * 100, 1))"
            }
            out += "families disagree on \(task.name): \(named.joined(separator: ", ")) points at equal compute\n"
        }
        return out
    }

    func aggregateText() -> String {
        var out = "\nGadre et al. fit the mean top-1 error of their 17-task subset. Predictions of the held-out runs:\n"
        for recipe in DownstreamAnalysis.AggregateRecipe.allCases {
            guard let predictions = analysis.aggregate[recipe] else { continue }
            out += "  \(recipe.label):\n"
            for e in predictions {
                out +=
                    "    N \(NumberFormat.si(e.parameters)), M = \(NumberFormat.significant(e.tokensPerParameter, 3)): "
                out +=
                    "mean error \(NumberFormat.fixed(e.error * 100, 2)) %, predicted \(NumberFormat.fixed(e.predicted * 100, 2)) %"
                out +=
                    " (from loss \(NumberFormat.fixed(e.loss, 4))), relative error \(NumberFormat.fixed(e.relativeError * 100, 2)) %\n"
            }
        }
        return out
    }

    /// A task's verdict: the tables' word (`yes`, `no`, `at chance`) is its raw value, the JSON's
    /// its ``document`` text.
    enum Verdict: String {
        case yes, no
        case atChance = "at chance"

        init(_ task: DownstreamAnalysis.Task, within limit: Double) {
            self = task.status == .atChance ? .atChance : task.predictable(within: limit) == true ? .yes : .no
        }

        var document: String {
            switch self {
            case .yes: "predictable"
            case .no: "not predictable"
            case .atChance: "at chance"
            }
        }
    }

    /// A task's verdict as the tables show it: `yes`, `no`, or `at chance` (no verdict).
    static func verdict(_ task: DownstreamAnalysis.Task, within limit: Double) -> String {
        Verdict(task, within: limit).rawValue
    }

    /// The `plateau.downstream/3` document (version 3: `predictable` is null for a task at chance,
    /// with `verdict` and the law it rests on, `verdict_law`, chosen on the training models).
    package func json() throws -> String {
        struct Trend: Encodable {
            var models: Int
            var lowFlops: Double
            var highFlops: Double
            var slopePerDecade: Double
            var standardError: Double
            enum CodingKeys: String, CodingKey {
                case models
                case lowFlops = "low_flops"
                case highFlops = "high_flops"
                case slopePerDecade = "slope_per_decade"
                case standardError = "standard_error"
            }
            init?(_ t: DownstreamAnalysis.Trend?) {
                guard let t else { return nil }
                (models, lowFlops, highFlops, slopePerDecade, standardError) = (
                    t.models, t.lowFlops, t.highFlops, t.slope, t.standardError
                )
            }
        }
        struct Prediction: Encodable {
            var law: String
            var model: String
            var flops: Double
            var actual: Double
            var predicted: Double
            var interval: [Double]?
            var trainModels: Int
            var heldOut: Int
            var meanAbsoluteError: Double
            var maxAbsoluteError: Double
            var trainingRMSE: Double
            var warnings: [String]
            enum CodingKeys: String, CodingKey {
                case law, model, flops, actual, predicted, interval, warnings
                case trainModels = "train_models"
                case heldOut = "held_out"
                case meanAbsoluteError = "mean_absolute_error"
                case maxAbsoluteError = "max_absolute_error"
                case trainingRMSE = "training_rmse"
            }
        }
        struct Family: Encodable {
            var family: String
            var models: Int
            var offset: Double
            var offsetError: Double
            var trend: Trend?
            var disagrees: Bool
            enum CodingKeys: String, CodingKey {
                case family, models, offset, trend, disagrees
                case offsetError = "offset_error"
            }
        }
        struct Task: Encodable {
            var name: String
            var category: String?
            var chance: Double
            var chanceSource: String
            var largestModel: String
            var largestFlops: Double
            var largestAccuracy: Double
            var noise: Double
            var noiseSource: String
            var status: DownstreamAnalysis.Status
            var lastDecade: Trend?
            var earlier: Trend?
            var predictions: [Prediction]
            var predictable: Bool?
            /// `predictable`, `not predictable`, `at chance` (no verdict), or nil without predictions.
            var verdict: String?
            var verdictLaw: String?
            var families: [Family]
            enum CodingKeys: String, CodingKey {
                case name, category, chance, noise, status, earlier, predictions, predictable, verdict, families
                case verdictLaw = "verdict_law"
                case chanceSource = "chance_source"
                case largestModel = "largest_model"
                case largestFlops = "largest_flops"
                case largestAccuracy = "largest_accuracy"
                case noiseSource = "noise_source"
                case lastDecade = "last_decade"
            }
        }
        struct Aggregate: Encodable {
            var recipe: String
            var run: String
            var parameters: Double
            var error: Double
            var predicted: Double
            var relativeError: Double
            enum CodingKeys: String, CodingKey {
                case recipe, run, parameters, error, predicted
                case relativeError = "relative_error"
            }
        }
        struct Document: Encodable {
            var schema = "plateau.downstream/3"
            var source: String
            var models: Int
            var rules: String
            var holdout: String
            var notes: [String]
            var warnings: [String]
            var tasks: [Task]
            var mean: Task?
            var aggregate: [Aggregate]?
        }
        let a = analysis
        let limit = a.options.predictableWithin
        func task(_ t: DownstreamAnalysis.Task) -> Task {
            Task(
                name: t.name, category: t.category.isEmpty ? nil : t.category, chance: t.chance,
                chanceSource: t.chanceSource.rawValue, largestModel: t.largestModel, largestFlops: t.largestFlops,
                largestAccuracy: t.largestAccuracy, noise: t.noise, noiseSource: t.noiseSource, status: t.status,
                lastDecade: Trend(t.lastDecade), earlier: Trend(t.earlier),
                predictions: t.predictions.map {
                    Prediction(
                        law: $0.law.rawValue, model: $0.model, flops: $0.flops, actual: $0.actual,
                        predicted: $0.predicted, interval: $0.interval.map { [$0.lower, $0.upper] },
                        trainModels: $0.trainModels, heldOut: $0.heldOut, meanAbsoluteError: $0.meanAbsoluteError,
                        maxAbsoluteError: $0.maxAbsoluteError, trainingRMSE: $0.trainingRMSE,
                        warnings: $0.warnings.map(\.message))
                }, predictable: t.predictable(within: limit),
                verdict: t.predictions.isEmpty ? nil : Verdict(t, within: limit).document,
                verdictLaw: t.chosen?.law.rawValue,
                families: t.families.map {
                    Family(
                        family: $0.family, models: $0.models, offset: $0.offset, offsetError: $0.offsetError,
                        trend: Trend($0.trend), disagrees: $0.disagrees)
                })
        }
        let aggregate: [Aggregate]? =
            a.dataset == nil
            ? nil
            : DownstreamAnalysis.AggregateRecipe.allCases.flatMap { recipe in
                (a.aggregate[recipe] ?? []).map {
                    Aggregate(
                        recipe: recipe.rawValue, run: $0.run, parameters: $0.parameters, error: $0.error,
                        predicted: $0.predicted, relativeError: $0.relativeError)
                }
            }
        return try encodeDocument(
            Document(
                source: a.source, models: a.models,
                rules: DownstreamAnalysis.rules(fraction: a.options.flatteningFraction),
                holdout: a.options.holdout.description, notes: a.notes, warnings: a.warnings.map(\.message),
                tasks: a.tasks.map(task), mean: a.mean.map(task), aggregate: aggregate))
    }
}
