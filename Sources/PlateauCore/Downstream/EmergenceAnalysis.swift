import Foundation
import PlateauOptim

/// Is an "emergent" ability a jump in the model or in the metric? Schaeffer, Miranda & Koyejo
/// (2023) show that discontinuous metrics (exact match) can turn smoothly improving outputs into
/// apparent jumps. For each score column this fits a smooth law — a straight line in log
/// compute — and a sharp one — ``FreeSigmoid``, a sigmoid of log compute whose floor, ceiling and
/// width are free — and calls it a jump only when the sharp law is much better (ΔBIC ≥ 10), its
/// rise from 10 % to 90 % spans at most one decade of compute, and that rise lies inside the data.
///
/// The verdict on all models together is **pooled**: models of different families (data,
/// tokenizer, recipe) share one compute axis, which can smear a jump inside one family or make
/// one out of offsets between families. So, where the table names families, the same rule is
/// applied within each family of at least ``minimumFamilyModels`` models (no bootstrap — a
/// handful of points — Plateau's choice) and reported beside the pooled verdict.
package struct EmergenceAnalysis: Sendable {
    package struct Options: Sendable {
        package var resamples = 200
        package var seed: UInt64 = 0
        package var threads = ProcessInfo.processInfo.activeProcessorCount
        /// The evidence the sharp law needs: BIC(line) − BIC(sigmoid).
        package var minimumDeltaBIC = 10.0
        /// The widest 10→90 % rise (decades of compute) that counts as a jump.
        package var maximumWidth = 1.0
        package init() {}
    }

    package struct Metric: Sendable {
        /// The score column.
        package var name: String
        /// The task, without the metric suffix, and the metric.
        package var task: String
        package var metric: String
        package var points: [DownstreamAnalysis.Point]
        /// The smooth law: intercept and slope (per decade of compute) of the straight line.
        package var line: LineFit
        /// The sharp law's θ (see ``FreeSigmoid``) and its sum of squares.
        package var sigmoid: [Double]
        package var sigmoidSSE: Double
        /// BIC(line) − BIC(sigmoid) with Gaussian errors: n·ln(SSE₁/SSE₂) − 2·ln n.
        package var deltaBIC: Double
        /// Decades of compute from 10 % to 90 % of the sigmoid's rise, with a 95 % interval.
        package var width: Double
        package var widthInterval: Interval?
        /// log₁₀ C at the sigmoid's midpoint.
        package var midpoint: Double
        /// The share of bootstrap resamples that meet the jump rule.
        package var jumpShare: Double?
        package var jump: Bool
        /// The rule within each family with enough models, largest family first.
        package var families: [FamilyVerdict] = []

        /// jump; S-curve (the sigmoid is much better than the line, but rises over more than the
        /// widest jump); or smooth (the line does as well).
        package var verdict: String { jump ? "jump" : deltaBIC >= 10 ? "S-curve" : "smooth" }
    }

    /// One family's verdict on one score column.
    package struct FamilyVerdict: Sendable {
        package var family: String
        package var models: Int
        package var deltaBIC: Double
        package var width: Double
        package var jump: Bool

        package var verdict: String { jump ? "jump" : deltaBIC >= 10 ? "S-curve" : "smooth" }
    }

    /// The fewest models a family needs for its own verdict (a free sigmoid has four parameters).
    package static let minimumFamilyModels = 6

    package var source: String
    package var models: Int
    package var options: Options
    package var metrics: [Metric]
    package var notes: [String]

    /// The rule, as printed.
    package var rule: String {
        "a jump when the sharp law beats the line by ΔBIC ≥ \(NumberText.si(options.minimumDeltaBIC)), rises from 10 % to 90 % within \(String(format: "%g", options.maximumWidth)) decade of compute, and rises inside the data's compute range"
    }

    package init(scores: ScoreTable, options: Options = Options()) {
        source = scores.source
        models = scores.models.count
        self.options = options
        // Chance rates play no part here.
        notes = scores.notes.filter { !$0.hasPrefix("chance rate") }
        let tasks = scores.tasks, models = scores.models
        let fitted = MultiStart.parallelMap(count: tasks.count, threads: options.threads) { t -> Metric? in
            Self.analyse(tasks[t], index: t, models: models, options: options)
        }
        let skipped = zip(tasks, fitted).filter { $0.1 == nil }.map(\.0.name)
        if !skipped.isEmpty { notes.append("left out \(skipped.joined(separator: ", ")): fewer than 6 models") }
        metrics = fitted.compactMap { $0 }
    }

    struct Fit {
        var line: LineFit
        var theta: [Double]
        var sse: Double
        var deltaBIC: Double
    }

    static func fit(_ u: [Double], _ y: [Double], starts: [[Double]]) -> Fit? {
        guard let line = LineFit(u, y),
            let sharp = try? CatalogFit.fit(
                FreeSigmoid(), x: u.map { Double.exp10($0) }, y: y, starts: starts, estimator: .leastSquares,
                threads: 1)
        else { return nil }
        let n = Double(u.count)
        let sse = max(sharp.objective, 1e-12)
        return Fit(
            line: line, theta: sharp.theta, sse: sse,
            deltaBIC: n * Double.log(max(line.sse, 1e-12) / sse) - 2 * Double.log(n))
    }

    static func isJump(_ f: Fit, range: ClosedRange<Double>, options: Options) -> Bool {
        f.deltaBIC >= options.minimumDeltaBIC && FreeSigmoid.width(f.theta) <= options.maximumWidth
            && range.contains(f.theta[3])
    }

    static func analyse(_ task: ScoreTable.Task, index: Int, models: [ScoreTable.Model], options: Options) -> Metric? {
        let idx = models.indices.filter { task.scores[$0] != nil }
        guard idx.count >= 6 else { return nil }
        let u = idx.map { Double.log10(models[$0].flops) }, y = idx.map { task.scores[$0]! }
        let range = u.min()!...u.max()!
        let starts = FreeSigmoid.starts(logCompute: range.lowerBound.rounded(.down)...range.upperBound.rounded(.up))
        guard let best = fit(u, y, starts: starts) else { return nil }
        var widths: [Double] = [], jumps = 0, done = 0
        for b in 0..<options.resamples {
            var rng = SplitMix64.stream(b, of: options.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
            let pick = idx.indices.map { _ in Int(rng.next() % UInt64(idx.count)) }
            guard Set(pick.map { u[$0] }).count >= 4,
                let f = fit(pick.map { u[$0] }, pick.map { y[$0] }, starts: [best.theta])
            else { continue }
            done += 1
            widths.append(FreeSigmoid.width(f.theta))
            if isJump(f, range: range, options: options) { jumps += 1 }
        }
        let base = KnownTask.base(task.name)
        var families: [FamilyVerdict] = []
        let byFamily = Dictionary(grouping: idx.filter { models[$0].family != nil }) { models[$0].family! }
        for (family, members) in byFamily where members.count >= minimumFamilyModels {
            let fu = members.map { Double.log10(models[$0].flops) }, fy = members.map { task.scores[$0]! }
            guard Set(fu).count >= 4, let lo = fu.min(), let hi = fu.max() else { continue }
            let familyStarts = FreeSigmoid.starts(logCompute: lo.rounded(.down)...hi.rounded(.up))
            guard let f = fit(fu, fy, starts: familyStarts + [best.theta]) else { continue }
            families.append(
                FamilyVerdict(
                    family: family, models: members.count, deltaBIC: f.deltaBIC, width: FreeSigmoid.width(f.theta),
                    jump: isJump(f, range: lo...hi, options: options)))
        }
        families.sort { ($0.models, $1.family) > ($1.models, $0.family) }
        return Metric(
            name: task.name, task: base,
            metric: task.name.count > base.count ? String(task.name.dropFirst(base.count + 1)) : "score",
            points: idx.map {
                DownstreamAnalysis.Point(
                    flops: models[$0].flops, score: task.scores[$0]!, model: models[$0].name, run: models[$0].run,
                    family: models[$0].family)
            }, line: best.line, sigmoid: best.theta, sigmoidSSE: best.sse, deltaBIC: best.deltaBIC,
            width: FreeSigmoid.width(best.theta),
            widthInterval: widths.count >= 20
                ? Interval.Checked(draws: widths, estimate: FreeSigmoid.width(best.theta), level: 0.95).shown : nil,
            midpoint: best.theta[3], jumpShare: done > 0 ? Double(jumps) / Double(done) : nil,
            jump: isJump(best, range: range, options: options), families: families)
    }
}

extension EmergenceAnalysis {
    /// The bundled ObsScaling "emergent" tasks joined to their models' compute.
    package static func bundled(options: Options = Options()) throws -> EmergenceAnalysis {
        let table = try BundledDataset.obsScalingEmergent.table().joined(
            with: BundledDataset.obsScaling.table(), on: "Model")
        return EmergenceAnalysis(scores: try ScoreTable(table: table), options: options)
    }
}
