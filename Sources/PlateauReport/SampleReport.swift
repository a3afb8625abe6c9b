import Foundation
import PlateauCore

/// How `plateau sample` is shown: pass@k, the coverage law with intervals and extrapolations,
/// and the compute-matched comparison.
public struct SampleReport: Sendable {
    public var table: SampleTable
    public var fits: [CoverageFit]
    public var matched: [ComputeMatched]
    public var notes: [String]

    public init(table: SampleTable, fits: [CoverageFit], matched: [ComputeMatched], notes: [String]) {
        self.table = table
        self.fits = fits
        self.matched = matched
        self.notes = notes
    }

    /// The k shown in the pass@k table: 1, 2, 5, 10, … up to n.
    static func shownK(_ maxK: Int) -> [Int] {
        var ks: [Int] = []
        var decade = 1
        while decade <= maxK {
            for m in [1, 2, 5] where m * decade <= maxK { ks.append(m * decade) }
            decade *= 10
        }
        if ks.last != maxK { ks.append(maxK) }
        return ks
    }

    static func percent(_ v: Double) -> String { NumberFormat.fixed(v * 100, 1) + " %" }

    public func text() -> String {
        var out = "Repeated sampling: \(table.source)\n"
        out += "pass@k is Chen et al. 2021's unbiased estimator 1 − C(n−c, k)/C(n, k), averaged over problems\n"
        for note in notes { out += "note: \(note)\n" }
        for (model, fit) in zip(table.models, fits) {
            out += "\n\(model.name): \(model.problems.count) problems, n = \(model.maxK) samples each"
            if let f = model.flopsPerSample { out += ", \(NumberFormat.scientific(f, 2)) FLOP per sample" }
            out += "\n"
            var t = TextTable(header: ["k", "pass@k"], rightAligned: [true, true])
            t.rows = Self.shownK(fit.passAtK.count).map { ["\($0)", Self.percent(fit.passAtK[$0 - 1])] }
            out += t.render() + "\n"
            out +=
                "  coverage law c(k) = exp(a·k^b) (Brown et al. 2024), fitted at \(fit.fittedK.count) log-spaced k:\n"
            let ci = { (i: BootstrapResult.Interval?) in
                i.map { " (\(NumberFormat.significant($0.lower, 4)), \(NumberFormat.significant($0.upper, 4)))" } ?? ""
            }
            out += "    a = \(NumberFormat.significant(fit.a, 4))\(ci(fit.aInterval))"
            out += ", b = \(NumberFormat.significant(fit.b, 4))\(ci(fit.bInterval))"
            out += fit.resamples > 0 ? "  [95 %, \(fit.resamples) bootstrap resamples of the problems]\n" : "\n"
            for e in fit.extrapolations {
                let interval = e.interval.map { " (\(Self.percent($0.lower)) – \(Self.percent($0.upper)))" } ?? ""
                out += "    predicted coverage at k = \(e.k): \(Self.percent(e.coverage))\(interval)\n"
            }
            for w in fit.fit.warnings { out += "    warning: \(w.message)\n" }
        }
        for m in matched {
            let unit = m.currency == .flops ? "inference FLOP" : "US dollars"
            out +=
                "\nCoverage at equal \(unit) (k = samples the budget buys; * = beyond the measured k, from the law):\n"
            var t = TextTable(
                header: ["budget (\(m.currency.rawValue))"] + m.models.flatMap { ["\($0) k", "\($0) coverage"] },
                rightAligned: Array(repeating: true, count: 1 + 2 * m.models.count))
            t.rows = zip(m.budgets, m.cells).map { budget, row in
                [m.currency == .flops ? NumberFormat.scientific(budget, 2) : "$" + NumberFormat.significant(budget, 3)]
                    + row.flatMap { cell in
                        cell.samples == 0
                            ? ["0", "—"]
                            : [
                                "\(cell.samples)",
                                (cell.coverage.map(Self.percent) ?? "—") + (cell.extrapolated ? "*" : ""),
                            ]
                    }
            }
            out += t.render() + "\n"
        }
        return out
    }

    /// The `plateau.sample/1` document.
    public func json() throws -> String {
        typealias Interval = BootstrapResult.Interval
        struct Extrapolation: Encodable {
            var k: Int
            var coverage: Double
            var interval: Interval?
        }
        struct Model: Encodable {
            var name: String
            var problems: Int
            var samples: Int
            var flopsPerSample: Double?
            var passAtK: [Double]
            var a: Double
            var b: Double
            var aInterval: Interval?
            var bInterval: Interval?
            var resamples: Int
            var extrapolations: [Extrapolation]
            var warnings: [FitWarning]
            enum CodingKeys: String, CodingKey {
                case name, problems, samples, a, b, resamples, extrapolations, warnings
                case flopsPerSample = "flops_per_sample"
                case passAtK = "pass_at_k"
                case aInterval = "a_interval"
                case bInterval = "b_interval"
            }
        }
        struct Matched: Encodable {
            var currency: String
            var budgets: [Double]
            var models: [String]
            var samples: [[Int]]
            var coverage: [[Double?]]
            var extrapolated: [[Bool]]
        }
        struct Document: Encodable {
            var schema = "plateau.sample/1"
            var source: String
            var models: [Model]
            var computeMatched: [Matched]
            var notes: [String]
            enum CodingKeys: String, CodingKey {
                case schema, source, models, notes
                case computeMatched = "compute_matched"
            }
        }
        let doc = Document(
            source: table.source,
            models: zip(table.models, fits).map { m, f in
                Model(
                    name: m.name, problems: m.problems.count, samples: m.maxK, flopsPerSample: m.flopsPerSample,
                    passAtK: f.passAtK, a: f.a, b: f.b, aInterval: f.aInterval,
                    bInterval: f.bInterval,
                    resamples: f.resamples,
                    extrapolations: f.extrapolations.map {
                        Extrapolation(k: $0.k, coverage: $0.coverage, interval: $0.interval)
                    }, warnings: f.fit.warnings)
            },
            computeMatched: matched.map { m in
                Matched(
                    currency: m.currency.rawValue, budgets: m.budgets, models: m.models,
                    samples: m.cells.map { $0.map(\.samples) }, coverage: m.cells.map { $0.map(\.coverage) },
                    extrapolated: m.cells.map { $0.map(\.extrapolated) })
            }, notes: notes)
        return try encodeDocument(doc)
    }
}
